"""On a phone: a buyer orders two jars of Mật ong rừng Hợp Tiến without an account and lands on the
order's page; the producer logs in, finds the order in its inbox, enters its bank account, confirms
the order with an amount (the VietQR code appears) and ships it; the buyer's page then says shipped.
Checked by element ids and data attributes, not by translated words."""

import re

import pytest
from playwright.sync_api import expect

from tamnong.core import clock
from tamnong.ocop.models import Certificate, Product
from tamnong.orders import vietqr
from tamnong.orders.models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 667}


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_buyer_orders_honey_on_a_phone_and_follows_it_to_shipped(live_server, page_vi, demo, browser):
    honey = Product.objects.select_related("producer").get(name="Mật ong rừng Hợp Tiến")
    # a certificate issued today: the test does not depend on the demo certificate's end (27/11/2026)
    Certificate.objects.create(
        product=honey, stars=4, decision_number="TEST/QĐ-UBND", issued_on=clock.today(), issuer_level="province"
    )
    buyer = page_vi
    buyer.set_viewport_size(PHONE)
    buyer.goto(f"{live_server.url}/orders/new/?producer={honey.producer_id}")
    expect(buyer.locator(f"#item-{honey.pk}")).to_contain_text("Mật ong rừng Hợp Tiến")
    _fits_the_phone(buyer)
    buyer.locator(f"#qty-{honey.pk}").fill("2")
    buyer.locator("#name").fill("Phạm Thu Hà")
    buyer.locator("#phone").fill("0912 345 678")
    buyer.locator("#email").fill("thuha@example.vn")
    buyer.locator("#province").select_option("2025-07:01")
    buyer.locator("#address").fill("Số 8 ngõ 12 phố Chùa Láng, phường Láng")
    buyer.locator("#note").fill("Gọi trước khi giao")
    expect(buyer.locator("#website")).not_to_be_in_viewport()  # the robot trap is off-screen
    buyer.locator("#order-submit").click()
    buyer.wait_for_url(re.compile(r"/orders/[A-Za-z0-9_-]{43}/$"))
    expect(buyer.locator("#order-status")).to_have_attribute("data-status", "new")
    expect(buyer.locator(f'#items tr[data-product="{honey.pk}"] td.num')).to_have_text("2")
    _fits_the_phone(buyer)
    order = Order.objects.get()
    assert buyer.url.endswith(f"/orders/{order.token}/")

    producer = browser.new_context(viewport=PHONE, extra_http_headers={"Accept-Language": "vi"}).new_page()
    producer.goto(f"{live_server.url}/orders/inbox/")
    producer.locator("input[name=username]").fill("chuthe.hoptien")
    producer.locator("input[name=password]").fill("tamnong-demo")
    producer.locator("form.stack button[type=submit]").click()
    card = producer.locator(f"#order-{order.pk}")
    expect(card).to_have_attribute("data-status", "new")
    expect(card.locator(f'.items li[data-product="{honey.pk}"]')).to_contain_text("× 2")
    _fits_the_phone(producer)

    bank = producer.locator(f"#bank-{honey.producer_id}")
    bank.locator("input[name=bank_bin]").fill("970436")
    bank.locator("input[name=account_number]").fill("0071001234567")
    bank.locator("input[name=holder_name]").fill("HTX Mật ong Hợp Tiến")
    bank.locator("button[type=submit]").click()
    expect(producer.locator(f"#bank-{honey.producer_id} input[name=holder_name]")).to_have_value("HTX MAT ONG HOP TIEN")

    confirm = producer.locator(f"#confirmed-{order.pk}")
    confirm.locator("input[name=amount_vnd]").fill("500.000")
    confirm.locator("input[name=note]").fill("Giao trong 3 ngày")
    confirm.locator("button[type=submit]").click()
    expect(card).to_have_attribute("data-status", "confirmed")
    code = producer.locator(f"#vietqr-{order.pk}")
    expect(code.locator("svg")).to_be_visible()
    expect(code).to_have_attribute("data-amount", "500000")
    payment = vietqr.parse(code.locator(".payload").get_attribute("data-payload"))
    assert (payment.account, payment.amount, payment.purpose) == ("0071001234567", 500000, f"Thanh toan {order.code}")
    box = code.locator("svg").bounding_box()
    assert box["width"] >= 150 and box["x"] + box["width"] <= PHONE["width"]  # big enough to scan, on the screen
    _fits_the_phone(producer)

    producer.locator(f"#shipped-{order.pk} button[type=submit]").click()
    expect(card).to_have_attribute("data-status", "shipped")
    expect(producer.locator(f"#vietqr-{order.pk}")).to_have_count(0)
    expect(producer.locator(f"#done-{order.pk}")).to_have_count(1)

    buyer.reload()
    expect(buyer.locator("#order-status")).to_have_attribute("data-status", "shipped")
    expect(buyer.locator("#history li")).to_have_count(3)
    expect(buyer.locator('#history li[data-status="confirmed"]')).to_contain_text("Giao trong 3 ngày")
    expect(buyer.locator('#history li[data-status="confirmed"] .amount')).to_have_text("500.000 đ")
    expect(buyer.locator('#emails li[data-state="sent"]')).to_have_count(3)  # received, confirmed, shipped
    producer.context.close()
