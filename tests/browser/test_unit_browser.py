import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_kim_boi_and_open_its_communes(live_server, page_vi, units):
    page = page_vi
    page.goto(f"{live_server.url}/units/?scheme=2020")
    expect(page.get_by_role("heading", name="Đơn vị hành chính")).to_be_visible()
    page.get_by_role("searchbox").fill("kim boi")  # no diacritics: htmx updates the results as one types
    link = page.get_by_role("link", name="Huyện Kim Bôi", exact=True).first  # every list is searched: 2020 first
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="Huyện Kim Bôi")).to_be_visible()
    expect(page.locator("p.lead")).to_have_text("Huyện Kim Bôi, Tỉnh Hoà Bình")  # as the official list spells it
    expect(page.get_by_role("heading", name="17 đơn vị trực thuộc")).to_be_visible()
    page.get_by_role("link", name="Xã Xuân Thủy").click()
    expect(page.get_by_role("heading", name="Xã Xuân Thủy")).to_be_visible()


def test_switch_to_english(live_server, page_vi, units):
    page = page_vi
    page.goto(f"{live_server.url}/units/")
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="Administrative units")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/units/$"))
