"""A council member scores a product and sees its stars; the certificate PDF downloads with the
product's name; the producer sees the expiry notice 30 days before the end."""

import datetime as dt
import subprocess

import pytest
from playwright.sync_api import expect

from tamnong.accounts.authority import SYSTEM
from tamnong.ocop import services
from tamnong.ocop.models import Certificate, Entry, Product, Round
from tamnong.rules import ocop
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_scores_a_product_and_the_star_appears(live_server, page_vi, demo, client):
    page = page_vi
    decided = Round.objects.get(level="district", unit__code="292")  # June 2023: decided, its sheets locked
    council = services.round_create(
        actor=SYSTEM, name="Hội đồng OCOP thị xã Kinh Môn, đợt 1/2024", level="district", unit=decided.unit,
        held_on=dt.date(2024, 6, 10), members=list(decided.members.all()),
    )  # an open council of 2024, when districts still held them
    entry = Entry.objects.create(round=council, product=Product.objects.get(name="Nấm sò Hiệp An"))
    log_in(page, client, live_server, "hoidong.kinhmon")
    page.goto(f"{live_server.url}/ocop/entries/{entry.pk}/")
    expect(page.locator("#result")).to_have_count(0)
    form = page.locator("#score-form")
    form.locator("input[name=A]").fill("30")
    form.locator("input[name=B]").fill("18,5")
    form.locator("input[name=C]").fill("24")
    form.get_by_role("button", name="Lưu phiếu chấm của tôi").click()
    expect(page.locator("#stars")).to_have_text("4 ★")
    expect(page.locator("#result")).to_contain_text("72,50/100")
    expect(page.locator("#decision")).to_contain_text("chuyển lên")


def test_the_certificate_pdf_and_the_producers_expiry_notice(live_server, page_vi, demo, client, tmp_path):
    page = page_vi
    certificate = Certificate.objects.get(product__name="Bưởi Da xanh Nam Thượng")
    log_in(page, client, live_server, "hoidong.kimboi")
    page.goto(f"{live_server.url}/ocop/entries/{certificate.entry_id}/")
    expect(page.locator("#stars")).to_have_text("3 ★")
    with page.expect_download() as download:
        page.locator("#certificate-pdf").click()
    path = tmp_path / "chung-nhan.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "Bưởi Da xanh Nam Thượng" in text and "3 sao" in text

    end = ocop.expires_on(certificate.issued_on)
    log_in(page, client, live_server, "chuthe.namthuong")
    page.goto(f"{live_server.url}/ocop/producer/?on=01/06/2025")
    expect(page.get_by_role("alert")).to_have_count(0)
    page.goto(f"{live_server.url}/ocop/producer/?on={end - dt.timedelta(days=29):%d/%m/%Y}")
    expect(page.get_by_role("alert")).to_contain_text(f"hết hạn ngày {end:%d/%m/%Y}, còn 30 ngày")
