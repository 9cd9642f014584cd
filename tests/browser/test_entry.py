import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commune_officer_meets_a_criterion_and_the_district_average_moves(live_server, page_vi, demo):
    page = page_vi
    page.goto(f"{live_server.url}/ntm/2020/153/?on=2024-03-31")
    expect(page.locator("#average")).to_have_text("14,9")

    page.goto(f"{live_server.url}/accounts/login/?next=/ntm/2020/04990/entry/%3Fon%3D2024-03-31")
    page.get_by_label("Tên đăng nhập").fill("xa.binhson")
    page.get_by_label("Mật khẩu").fill("tamnong-demo")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Nhập số liệu: Xã Bình Sơn")).to_be_visible()
    expect(page.locator("#criterion-3")).to_have_attribute("data-status", "not_met")

    page.locator("#v-31").fill("85,5")  # indicator 3.1, typed the Vietnamese way
    expect(page.locator("#criterion-3")).to_have_attribute("data-status", "met")  # live, before saving
    expect(page.locator("#criterion-3")).to_contain_text("Chỉ tiêu 3.1: 85,5% ≥ 80% — đạt")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("ul.messages")).to_contain_text("đạt 13/19 tiêu chí")

    page.goto(f"{live_server.url}/ntm/2020/153/?on=2024-03-31")
    expect(page.locator("#average")).to_have_text("15,0")


def test_a_district_office_cannot_open_another_districts_commune_form(live_server, page_vi, demo):
    page = page_vi
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("huyen.kimboi")
    page.get_by_label("Mật khẩu").fill("tamnong-demo")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    response = page.goto(f"{live_server.url}/ntm/2020/10678/entry/")  # Xã Bạch Đằng, Kinh Môn
    assert response.status == 403
    expect(page.get_by_text("không có quyền nhập số liệu cho Xã Bạch Đằng")).to_be_visible()
