"""On a phone: "mat ong" finds the Hợp Tiến honey with its four-star badge, the results update as one
types; an expired product is not listed but its page says it expired."""

import re

import pytest
from playwright.sync_api import expect

from tamnong.catalog.models import Entry
from tamnong.core import clock
from tamnong.ocop.models import Certificate, Product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 667}


def _renew(name: str) -> Product:
    """A certificate issued today, so that the product is listed whatever the date of the run."""
    product = Product.objects.get(name=name)
    old = product.certificates.order_by("-issued_on").first()
    Certificate.objects.create(product=product, stars=old.stars, decision_number="99/QĐ-UBND (thử)",
                               issued_on=clock.today(), issuer_level="province", issuer=old.issuer)  # fmt: skip
    return product


def test_mat_ong_finds_the_hop_tien_honey_with_its_four_stars(live_server, page_vi, demo):
    _renew("Mật ong rừng Hợp Tiến")
    page = page_vi
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/catalog/")
    everything = page.locator(".product-card").count()
    page.locator("#q").fill("mat ong")  # htmx updates the results as one types, and the address follows
    expect(page).to_have_url(re.compile(r"q=mat(\+|%20)ong"))
    expect(page.locator(".product-card")).not_to_have_count(everything)
    card = page.locator(".product-card", has_text="Mật ong rừng Hợp Tiến")
    expect(card).to_be_visible()
    expect(card.locator("[data-stars]")).to_have_text("4 ★")
    card.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mật ong rừng Hợp Tiến")
    expect(page.locator("#stars")).to_contain_text("4 ★")
    expect(page.locator("#order")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_expired_product_is_not_listed_but_its_page_says_it_expired(live_server, page_vi, demo):
    page = page_vi
    page.set_viewport_size(PHONE)
    expired = Entry.objects.filter(expires_on__lt=clock.today()).select_related("product").first()
    page.goto(f"{live_server.url}/catalog/?q={expired.product.name}")
    expect(page.locator("#result-count")).to_be_visible()
    expect(page.locator(".product-card", has_text=expired.product.name)).to_have_count(0)
    page.goto(f"{live_server.url}/catalog/{expired.product_id}/")
    expect(page.locator("#status-alert")).to_be_visible()
    expect(page.locator("#certificate-status")).to_have_attribute("data-status", "expired")
    expect(page.locator("#order")).to_have_count(0)
