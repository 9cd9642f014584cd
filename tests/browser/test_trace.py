"""On a phone: a consumer scans a stamp and sees the product, its stars, the lot's history and the
warnings; a producer issues stamps and downloads the sheet to print."""

import subprocess
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tamnong.trace import links
from tamnong.trace.models import Lot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 667}


def test_a_consumer_scans_a_stamp_on_a_slow_phone(live_server, page_vi, demo):
    page = page_vi
    page.set_viewport_size(PHONE)
    lot = Lot.objects.get(code="HT-2024-03")
    sizes = []
    page.on("response", lambda r: sizes.append(len(r.body())))
    page.goto(live_server.url + urlsplit(links.stamp_url(lot.stamps.get(number=2))).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mật ong rừng Hợp Tiến")
    expect(page.locator(".stars")).to_contain_text("★★★★")
    warning = page.locator("#warn-suspicious")
    expect(warning).to_be_visible()
    assert warning.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(166, 27, 27)"  # red
    expect(page.locator("#timeline li").first).to_contain_text("lô nguyên liệu HT-2024-03-TH")
    expect(page.locator("#circular-02")).to_contain_text("Tiêu chuẩn áp dụng")
    assert page.locator("script").count() == 0 and sum(sizes) < 20_000  # no JavaScript, one small page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone


def test_a_producer_issues_stamps_and_prints_the_sheet(live_server, page_vi, demo, client, tmp_path):
    page = page_vi
    client.force_login(get_user_model().objects.get(username="chuthe.hoptien"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    lot = Lot.objects.get(code="HT-2024-03")
    page.goto(f"{live_server.url}/trace/lots/{lot.pk}/")
    expect(page.locator("#stamps-count")).to_contain_text("Đã cấp 20 tem")
    page.locator("#issue-form input[name=count]").fill("30")
    page.locator("#issue-form button").click()
    expect(page.locator("#stamps-count")).to_contain_text("Đã cấp 50 tem")
    last = page.locator("#stamp-ranges tbody tr").last
    expect(last).to_contain_text("21–50")
    with page.expect_download() as download:
        last.get_by_role("button", name="PDF").click()
    path = tmp_path / "tem.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "Mật ong rừng Hợp Tiến" in text and "HT-2024-03" in text and "★★★★" in text
