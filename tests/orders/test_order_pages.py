"""The pages through HTTP: the order form (no JavaScript needed), the buyer's status page at its secret
address, the producer's inbox and bank account, permissions both ways, and a script in a note shown as
text. The checks read element ids and data attributes, not translated words."""

import re

from django.contrib.auth import get_user_model

from tamnong.core.models import AuditEvent
from tamnong.ocop.models import Product
from tamnong.orders import services, vietqr
from tamnong.orders.models import Order, OrderItem
from tests.orders.helpers import HA_NOI

SCRIPT = '<script>alert("hỏng")</script>'


def _form(product, quantity="2", **fields):
    data = {
        f"qty-{product.pk}": quantity, "name": "Trần Văn Bình", "phone": "0987 654 321", "email": "binh@example.vn",
        "province": HA_NOI, "address": "Thôn Đông, xã Kim Bôi", "note": "", "website": "",
    }  # fmt: skip
    data.update(fields)
    return data


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def _order_via_form(client, product, **fields) -> Order:
    response = client.post(f"/orders/new/?producer={product.producer_id}", _form(product, **fields))
    assert response.status_code == 303, response.content.decode()[:2000]
    return Order.objects.get(token=response["Location"].strip("/").split("/")[-1])


def test_the_form_lists_the_products_in_force_and_no_other(client, in_force_today):
    honey, _ = in_force_today
    lapsed = Product.objects.create(producer=honey.producer, name="Sáp ong Hợp Tiến", group="1", commune=honey.commune)
    page = client.get(f"/orders/new/?producer={honey.producer_id}")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="qty-{honey.pk}"' in html and f'id="qty-{lapsed.pk}"' not in html
    assert 'name="website"' in html and 'class="hp"' in html  # the robot trap, off-screen
    assert 'value="2025-07:01"' in html and 'value="2020:17"' not in html  # the provinces of the list in force
    assert html.count('<option value="2025-07:') == 34
    assert client.get("/orders/new/").status_code == 404
    assert client.get("/orders/new/?producer=999999").status_code == 404


def test_a_buyer_orders_and_lands_on_the_status_page(client, in_force_today):
    honey, _ = in_force_today
    response = client.post(f"/orders/new/?producer={honey.producer_id}", _form(honey, quantity=" 2 "))
    assert response.status_code == 303
    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.token}/"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'id="order-status" data-status="new"' in html
    assert f'<tr data-product="{honey.pk}"><td>Mật ong rừng Hợp Tiến</td><td class="num">2</td></tr>' in html
    assert re.search(r'<li data-status="new"><time datetime="[^"]+">\d\d/\d\d/\d{4} \d\d:\d\d</time>', html)
    assert page["Referrer-Policy"] == "no-referrer" and "noindex" in page["X-Robots-Tag"]
    assert "no-store" in page["Cache-Control"]
    assert client.get("/orders/not-a-real-key/").status_code == 404


def test_a_refused_form_names_the_field_keeps_what_was_typed_and_saves_nothing(client, in_force_today):
    honey, _ = in_force_today
    response = client.post(f"/orders/new/?producer={honey.producer_id}", _form(honey, quantity="0"))
    html = response.content.decode()
    assert response.status_code == 400
    assert '<li data-field="items.0.quantity">Số lượng của «Mật ong rừng Hợp Tiến» phải là số nguyên' in html
    assert 'value="Trần Văn Bình"' in html and f'name="qty-{honey.pk}" value="0"' in html
    response = client.post(f"/orders/new/?producer={honey.producer_id}", _form(honey, phone="12345"))
    html = response.content.decode()
    assert '<li data-field="phone">' in html and 'autocomplete="tel" required aria-invalid="true"' in html
    response = client.post(f"/orders/new/?producer={honey.producer_id}", _form(honey, quantity=""))
    assert '<li data-field="items">Đơn hàng chưa có sản phẩm nào' in response.content.decode()
    assert not Order.objects.exists() and not OrderItem.objects.exists()


def test_the_form_refuses_a_product_posted_without_a_certificate_in_force(client, in_force_today):
    honey, _ = in_force_today
    lapsed = Product.objects.create(producer=honey.producer, name="Sáp ong Hợp Tiến", group="1", commune=honey.commune)
    data = _form(honey, **{f"qty-{lapsed.pk}": "1"})
    response = client.post(f"/orders/new/?producer={honey.producer_id}", data)
    assert response.status_code == 400
    assert "«Sáp ong Hợp Tiến» không có giấy chứng nhận OCOP còn hiệu lực" in response.content.decode()
    assert not Order.objects.exists()


def test_the_robot_trap_and_the_hourly_limit_through_the_form(client, in_force_today):
    honey, _ = in_force_today
    response = client.post(f"/orders/new/?producer={honey.producer_id}", _form(honey, website="http://spam.example"))
    assert response.status_code == 400 and "Không gửi được đơn hàng" in response.content.decode()
    assert not Order.objects.exists()
    for _ in range(services.RATE_LIMIT):
        _order_via_form(client, honey)
    response = client.post(f"/orders/new/?producer={honey.producer_id}", _form(honey))
    assert response.status_code == 429
    assert "Bạn đã gửi 5 đơn hàng trong một giờ qua" in response.content.decode()
    assert Order.objects.count() == services.RATE_LIMIT


def test_a_script_in_the_note_is_shown_as_text_to_the_buyer_and_the_producer(client, in_force_today):
    honey, _ = in_force_today
    order = _order_via_form(client, honey, note=SCRIPT, name=f"Bình {SCRIPT}")
    assert order.note == SCRIPT
    for url, login in ((f"/orders/{order.token}/", None), ("/orders/inbox/", "chuthe.hoptien")):
        if login:
            _login(client, login)
        html = client.get(url).content.decode()
        assert SCRIPT not in html and "<script>" not in html
        assert "&lt;script&gt;alert(&quot;hỏng&quot;)&lt;/script&gt;" in html


def test_the_inbox_needs_a_producers_login_and_shows_only_its_orders_both_ways(client, in_force_today):
    honey, buoi = in_force_today
    honey_order = _order_via_form(client, honey)
    buoi_order = _order_via_form(client, buoi)
    assert client.get("/orders/inbox/").status_code == 302  # to the login page
    _login(client, "huyen.kimboi")
    assert client.get("/orders/inbox/").status_code == 403
    for login, mine, theirs in (
        ("chuthe.hoptien", honey_order, buoi_order),
        ("chuthe.namthuong", buoi_order, honey_order),
    ):
        _login(client, login)
        html = client.get("/orders/inbox/").content.decode()
        assert f'id="order-{mine.pk}"' in html and f'id="order-{theirs.pk}"' not in html
        assert theirs.code not in html and theirs.buyer_phone in html  # the same buyer, but only on its own order
        response = client.post("/orders/inbox/", {"order": theirs.pk, "status": "cancelled", "note": "x"})
        assert response.status_code == 403
        theirs.refresh_from_db()
        assert theirs.status == "new"


def test_the_producer_confirms_with_an_amount_and_the_vietqr_code_appears(client, in_force_today):
    honey, _ = in_force_today
    order = _order_via_form(client, honey)
    _login(client, "chuthe.hoptien")
    html = client.get("/orders/inbox/").content.decode()
    assert f'id="confirmed-{order.pk}"' in html and f'id="cancelled-{order.pk}"' in html
    assert f'id="shipped-{order.pk}"' not in html  # only the moves the state machine allows
    response = client.post(
        "/orders/inbox/",
        {"action": "bank", "producer": honey.producer_id, "bank_bin": "970436", "account_number": "0071001234567",
         "holder_name": "HTX Mật ong Hợp Tiến"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"/orders/inbox/#bank-{honey.producer_id}"
    assert AuditEvent.objects.filter(action="orders.bank_account.save").count() == 1
    response = client.post("/orders/inbox/", {"order": order.pk, "status": "confirmed", "amount_vnd": "", "note": ""})
    assert response.status_code == 400 and '<li data-field="amount_vnd">' in response.content.decode()
    response = client.post(
        "/orders/inbox/?status=new", {"order": order.pk, "status": "confirmed", "amount_vnd": "1.250.000", "note": ""}
    )
    assert response.status_code == 302 and response["Location"] == f"/orders/inbox/?status=new#order-{order.pk}"
    html = client.get("/orders/inbox/?status=confirmed").content.decode()
    assert f'id="vietqr-{order.pk}" data-amount="1250000"' in html and "<svg" in html
    assert "1.250.000 đ" in html
    payload = re.search(r'data-payload="([^"]+)"', html).group(1)
    payment = vietqr.parse(payload)
    assert (payment.account, payment.amount, payment.purpose) == ("0071001234567", 1250000, f"Thanh toan {order.code}")
    assert f'id="order-{order.pk}"' not in client.get("/orders/inbox/?status=new").content.decode()
    # the buyer sees the amount and the same code on the status page
    client.logout()
    html = client.get(f"/orders/{order.token}/").content.decode()
    assert 'data-status="confirmed"' in html and 'id="vietqr" data-amount="1250000"' in html
    assert f'data-payload="{payload}"' in html
    assert '<li data-status="confirmed">' in html and '<span class="amount">1.250.000 đ</span>' in html


def test_a_move_the_state_machine_refuses_is_shown_by_name(client, in_force_today):
    honey, _ = in_force_today
    order = _order_via_form(client, honey)
    _login(client, "chuthe.hoptien")
    response = client.post("/orders/inbox/", {"order": order.pk, "status": "done"})
    assert response.status_code == 400
    assert f"Đơn hàng {order.code} không chuyển được từ «mới» sang «đã hoàn tất»" in response.content.decode()
    response = client.post("/orders/inbox/", {"order": order.pk, "status": "cancelled", "note": "Hết hàng"})
    assert response.status_code == 302
    html = client.get(f"/orders/{order.token}/").content.decode()
    assert 'id="order-status" data-status="cancelled"' in html and "Hết hàng" in html
