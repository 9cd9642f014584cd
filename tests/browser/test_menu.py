"""On a 360 × 740 phone the menu opens and shows every entry of the role, none cut off, and the home
page shows the role's own work."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tamnong.core import navigation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, client, live_server, username: str) -> None:
    page.context.clear_cookies()
    client.force_login(get_user_model().objects.get(username=username))
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def _expected(username: str) -> list[str]:
    from django.utils import translation

    with translation.override("vi"):
        sections = navigation.menu(navigation.Who(get_user_model().objects.get(username=username)))
        return [link.label for section in sections for link in section.links]


@pytest.mark.parametrize(
    ("username", "must"),
    [
        ("chuthe.hoptien", ["Sản phẩm OCOP của tôi", "Lô hàng và tem", "Lượt quét tem", "Hộp đơn hàng", "Sản phẩm OCOP"]),
        ("tinh.phutho", ["Phiên bản bộ tiêu chí", "Nhập số liệu tiêu chí", "Hồ sơ công nhận", "Đăng ký đánh giá OCOP",
                         "Lô hàng và tem", "Nhật ký thao tác"]),
    ],
)  # fmt: skip
def test_the_phone_menu_opens_and_shows_every_entry(live_server, browser, client, demo, username, must):
    context = browser.new_context(viewport={"width": 360, "height": 740}, extra_http_headers={"Accept-Language": "vi"})
    page = context.new_page()
    _log_in(page, client, live_server, username)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Việc của tôi", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    menu = page.get_by_role("navigation", name="Trình đơn chính")
    expect(menu).to_be_hidden()
    page.get_by_text("Trình đơn", exact=True).click()
    expect(menu).to_be_visible()
    labels = _expected(username)
    for label in must:
        assert label in labels, label
    for label in labels:
        link = menu.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, label  # not cut at the edge
        link.scroll_into_view_if_needed()
        expect(link).to_be_in_viewport()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    context.close()


def test_a_producer_goes_from_the_menu_to_its_order_inbox(live_server, browser, client, demo):
    context = browser.new_context(viewport={"width": 360, "height": 740}, extra_http_headers={"Accept-Language": "vi"})
    page = context.new_page()
    _log_in(page, client, live_server, "chuthe.hoptien")
    page.goto(f"{live_server.url}/")
    expect(page.locator("#block-lots")).to_contain_text("Lô hàng và tem của tôi")
    page.get_by_text("Trình đơn", exact=True).click()
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role("link", name="Hộp đơn hàng").click()
    expect(page).to_have_url(f"{live_server.url}/orders/inbox/")
    context.close()


def test_the_unit_search_fits_a_phone_and_tells_what_a_commune_became(live_server, browser, units):
    context = browser.new_context(viewport={"width": 360, "height": 740}, extra_http_headers={"Accept-Language": "vi"})
    page = context.new_page()
    page.goto(f"{live_server.url}/units/")
    page.get_by_role("searchbox").fill("binh son")  # htmx searches every list as one types
    row = page.locator("tr", has_text="Huyện Kim Bôi").filter(has_text="Danh mục 2020–2024")
    expect(row).to_contain_text("đã sáp nhập vào Xã Nật Sơn (Tỉnh Phú Thọ) từ 01/07/2025")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
