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
    expect(page.get_by_text("Không được «ghi số liệu tự đánh giá tiêu chí» tại Xã Bạch Đằng")).to_be_visible()


def test_on_a_phone_the_result_sits_beside_the_field_and_the_preview_sends_no_file(live_server, page_vi, demo):
    page = page_vi
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/?next=/ntm/2020/04990/entry/%3Fon%3D2024-03-31")
    page.get_by_label("Tên đăng nhập").fill("xa.binhson")
    page.get_by_label("Mật khẩu").fill("tamnong-demo")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Nhập số liệu: Xã Bình Sơn")).to_be_visible()

    row = page.locator('[data-field="31"]')
    row.get_by_text("ghi chú và minh chứng").click()
    photo = b"\xff\xd8\xff" + b"evidence-photo-bytes" * 2000  # an attached photo, ~40 kB
    row.locator('input[type="file"]').set_input_files(
        {"name": "anh-kenh-tuoi.jpg", "mimeType": "image/jpeg", "buffer": photo}
    )
    previews = []
    page.on("request", lambda r: previews.append(r) if r.url.endswith("/entry/preview") else None)
    field = page.locator("#v-31")
    field.scroll_into_view_if_needed()
    with page.expect_response(lambda r: r.url.endswith("/entry/preview")):
        field.fill("85,5")
    result = page.locator("#result-v-31")
    expect(result).to_have_attribute("data-status", "met")
    expect(result).to_contain_text("85,5% ≥ 80% — đạt")
    expect(page.locator("#result-c-3")).to_have_attribute("data-status", "met")
    expect(row.locator("#threshold-v-31")).to_contain_text("318/QĐ-TTg")

    field_box, result_box = field.bounding_box(), result.bounding_box()
    criterion_box = page.locator("#result-c-3").bounding_box()
    for box in (result_box, criterion_box):  # within one screen of the field
        assert abs(box["y"] - field_box["y"]) < 740 - box["height"], (field_box, box)
    assert result_box["x"] >= 0 and result_box["x"] + result_box["width"] <= 360

    assert previews
    for request in previews:
        body = request.post_data_buffer  # the browser gives no body to read when a file is in it
        assert body is not None and len(body) < len(photo), "the preview sent the attached file"
        assert b"anh-kenh-tuoi" not in body and b"evidence-photo-bytes" not in body
        assert b"85,5" in body or b"85%2C5" in body  # the value itself went

    page.get_by_role("button", name="Lưu").click()  # the save does carry the file
    expect(page.locator("ul.messages")).to_contain_text("đạt 13/19 tiêu chí")
    expect(page.locator("#evidence-files")).to_contain_text("anh-kenh-tuoi")
