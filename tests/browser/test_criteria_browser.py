import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pick_a_commune_by_name_and_see_its_thresholds(live_server, page_vi, units):
    page = page_vi
    page.goto(f"{live_server.url}/criteria/")
    page.get_by_label("Xã (tên hoặc danh mục:mã)").fill("nam thuong")
    page.get_by_label("Ngày (ngày/tháng/năm)").fill("31/12/2024")
    page.get_by_role("button", name="Xem").click()
    # one Nam Thượng on the list in force on that date (2020–2024), so it is taken directly
    heading = page.get_by_role("heading", name="Mức đạt chuẩn áp dụng cho Xã Nam Thượng")
    expect(heading).to_contain_text("31/12/2024")
    row = page.get_by_role("row").filter(has_text="3.1 Tỷ lệ diện tích đất sản xuất nông nghiệp")
    expect(row).to_contain_text("≥ 80%")
    expect(row).to_contain_text("1680/QĐ-BNN-VPĐP")
