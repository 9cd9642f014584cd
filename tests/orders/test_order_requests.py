"""A buyer's order request through the service: what is saved and emailed, every refusal with its
field and nothing half-saved, the robot trap and the limit per client and hour."""

import datetime as dt
import re

import pytest
from django.core import mail

from tamnong.core.clients import client_key
from tamnong.core.errors import DomainError
from tamnong.core.models import OutboundEmail
from tamnong.ocop.models import Certificate, Product
from tamnong.orders import services
from tamnong.orders.models import Order, OrderItem, OrderStatusChange
from tamnong.rules import ocop
from tests.orders.helpers import NOW, buyer_request

CLIENT = "a" * 32


def _counts():
    return (
        Order.objects.count(),
        OrderItem.objects.count(),
        OrderStatusChange.objects.count(),
        OutboundEmail.objects.count(),
    )


def test_an_order_is_saved_with_a_secret_key_and_both_sides_are_emailed(honey, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_create(request=buyer_request((honey.pk, "2")), client=CLIENT, now=NOW)
    order.refresh_from_db()
    assert (order.producer, order.status, order.buyer_phone, order.province.name) == (
        honey.producer, "new", "0912345678", "Hà Nội",
    )  # fmt: skip
    assert [(i.product_name, i.quantity) for i in order.items.all()] == [("Mật ong rừng Hợp Tiến", 2)]
    assert [(c.status_from, c.status_to, c.at) for c in order.changes.all()] == [("", "new", NOW)]
    # 32 random bytes: 256 bits, URL-safe; the code is what a buyer types into a bank app
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", order.token)
    assert re.fullmatch(r"DH[A-HJ-NP-Z2-9]{8}", order.code)
    buyer, producer = sorted(mail.outbox, key=lambda m: m.to)[::-1]
    assert buyer.to == ["lan@example.vn"] and order.code in buyer.subject
    assert f"http://127.0.0.1:8000/orders/{order.token}/" in buyer.body
    assert producer.to == ["chuthe.hoptien@example.invalid"] and "Mật ong rừng Hợp Tiến × 2" in producer.body
    assert order.token not in producer.body  # the buyer's key stays the buyer's
    assert set(OutboundEmail.objects.values_list("status", "about_id")) == {("sent", str(order.pk))}


def test_two_orders_never_share_a_key(honey):
    first = services.order_create(request=buyer_request((honey.pk, 1)), client=CLIENT, now=NOW)
    second = services.order_create(request=buyer_request((honey.pk, 1)), client=CLIENT, now=NOW)
    assert first.token != second.token and first.code != second.code


def test_no_email_to_a_buyer_who_gave_none(honey, django_capture_on_commit_callbacks):
    honey.producer.email = ""
    honey.producer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_create(request=buyer_request((honey.pk, 1), email=""), client=CLIENT, now=NOW)
    assert mail.outbox == [] and not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    ("phone", "stored"),
    [("0912345678", "0912345678"), ("+84 912 345 678", "0912345678"), ("0912.345.678", "0912345678"),
     ("84 39 123 4567", "0391234567"), ("(070) 123-4567", "0701234567")],
)  # fmt: skip
def test_mobile_numbers_as_people_write_them(honey, phone, stored):
    order = services.order_create(request=buyer_request((honey.pk, 1), phone=phone), client=CLIENT, now=NOW)
    assert order.buyer_phone == stored


def _with_product_without_certificate(honey):
    return Product.objects.create(producer=honey.producer, name="Sáp ong Hợp Tiến", group="1", commune=honey.commune)


@pytest.mark.parametrize(
    ("make", "field", "says"),
    [
        (lambda h, b: buyer_request(), "items", "chưa có sản phẩm nào"),
        (lambda h, b: buyer_request((h.pk, "0")), "items.0.quantity", "«Mật ong rừng Hợp Tiến» phải là số nguyên"),
        (lambda h, b: buyer_request((h.pk, -3)), "items.0.quantity", "đã nhập «-3»"),
        (lambda h, b: buyer_request((h.pk, "hai")), "items.0.quantity", "đã nhập «hai»"),
        (lambda h, b: buyer_request((h.pk, "1.5")), "items.0.quantity", "số nguyên"),
        (lambda h, b: buyer_request((h.pk, "")), "items.0.quantity", "số nguyên"),
        (lambda h, b: buyer_request((h.pk, True)), "items.0.quantity", "số nguyên"),
        (lambda h, b: buyer_request((h.pk, 10_001)), "items.0.quantity", "từ 1 đến 10.000"),
        (lambda h, b: buyer_request((h.pk, 1), (b.pk, 1)), "items", "một chủ thể"),
        (lambda h, b: buyer_request((h.pk, 1), (h.pk, 2)), "items.1.product", "hai lần"),
        (lambda h, b: buyer_request((h.pk, 1), (999_999, 1)), "items.1.product", "Không có sản phẩm số 999999"),
        (lambda h, b: buyer_request((h.pk, 1), ("x1", 1)), "items.1.product", "không hợp lệ"),
        (
            lambda h, b: buyer_request((h.pk, 1), (_with_product_without_certificate(h).pk, 1)),
            "items.1.product",
            "không có giấy chứng nhận OCOP còn hiệu lực ngày 02/03/2026",
        ),
        (lambda h, b: buyer_request((h.pk, 1), province="2025-07:99"), "province", "Không có tỉnh"),
        (lambda h, b: buyer_request((h.pk, 1), province=""), "province", "Cần chọn tỉnh"),
        (lambda h, b: buyer_request((h.pk, 1), province="2025-07:04990"), "province", "Không có tỉnh"),
        (lambda h, b: buyer_request((h.pk, 1), province="2020:17"), "province", "danh mục 2020, không còn dùng"),
        (lambda h, b: buyer_request((h.pk, 1), phone="0212345678"), "phone", "không phải số di động"),
        (lambda h, b: buyer_request((h.pk, 1), phone="091234567"), "phone", "«091234567»"),
        (lambda h, b: buyer_request((h.pk, 1), phone="01234567890"), "phone", "10 chữ số"),
        (lambda h, b: buyer_request((h.pk, 1), phone=""), "phone", "không phải số di động"),
        (lambda h, b: buyer_request((h.pk, 1), email="lan@"), "email", "«lan@» không hợp lệ"),
        (lambda h, b: buyer_request((h.pk, 1), email="lan example.vn"), "email", "không hợp lệ"),
        (lambda h, b: buyer_request((h.pk, 1), name="  "), "name", "Cần nhập họ và tên"),
        (lambda h, b: buyer_request((h.pk, 1), name="N" * 101), "name", "dài 101 ký tự, tối đa 100"),
        (lambda h, b: buyer_request((h.pk, 1), address=""), "address", "Cần nhập địa chỉ"),
        (lambda h, b: buyer_request((h.pk, 1), address="A" * 301), "address", "tối đa 300"),
        (lambda h, b: buyer_request((h.pk, 1), note="x" * 1001), "note", "tối đa 1000"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_nothing_is_saved(honey, buoi, make, field, says):
    request = make(honey, buoi)
    before = _counts()
    with pytest.raises(DomainError) as info:
        services.order_create(request=request, client=CLIENT, now=NOW)
    assert info.value.field == field
    assert says in info.value.message_vi, info.value.message_vi
    assert info.value.message_en
    assert _counts() == before


def test_a_product_whose_certificate_lapsed_cannot_be_ordered_until_a_new_one(buoi):
    """Bưởi Da xanh Nam Thượng's certificate of 2023 lapsed 36 months on, and the demo leaves it lapsed."""
    last = buoi.certificates.latest("issued_on")
    day_after = ocop.expires_on(last.issued_on) + dt.timedelta(days=1)
    after_the_end = dt.datetime.combine(day_after, dt.time(8), tzinfo=NOW.tzinfo)
    with pytest.raises(DomainError) as info:
        services.order_create(request=buyer_request((buoi.pk, 1)), client=CLIENT, now=after_the_end)
    assert f"không có giấy chứng nhận OCOP còn hiệu lực ngày {day_after:%d/%m/%Y}" in info.value.message_vi
    Certificate.objects.create(
        product=buoi, stars=3, decision_number="99/QĐ-UBND", issued_on=day_after - dt.timedelta(days=8),
        issuer_level="province",
    )  # fmt: skip
    order = services.order_create(request=buyer_request((buoi.pk, 1)), client=CLIENT, now=after_the_end)
    assert order.items.get().product == buoi


def test_a_producer_form_takes_only_that_producers_products(honey, buoi):
    with pytest.raises(DomainError) as info:
        services.order_create(request=buyer_request((buoi.pk, 1)), client=CLIENT, now=NOW, producer=honey.producer)
    assert info.value.field == "items" and "không phải của Chủ thể của Mật ong rừng Hợp Tiến" in info.value.message_vi


def test_a_script_in_the_note_is_kept_as_text(honey):
    note = '<script>alert("x")</script> Giao giờ hành chính'
    order = services.order_create(request=buyer_request((honey.pk, 1), note=note), client=CLIENT, now=NOW)
    order.refresh_from_db()
    assert order.note == note


def test_the_robot_trap_refuses_without_saying_why_and_saves_nothing(honey):
    before = _counts()
    with pytest.raises(DomainError) as info:
        services.order_create(
            request=buyer_request((honey.pk, 1), honeypot="http://spam.example"), client=CLIENT, now=NOW
        )
    assert info.value.field is None
    assert info.value.message_vi == "Không gửi được đơn hàng. Vui lòng tải lại trang và thử lại."
    assert _counts() == before


def test_at_most_five_orders_per_client_and_hour(honey):
    for minute in range(5):
        services.order_create(
            request=buyer_request((honey.pk, 1)), client=CLIENT, now=NOW + dt.timedelta(minutes=minute)
        )
    before = _counts()
    with pytest.raises(services.RateLimitedError) as info:
        services.order_create(request=buyer_request((honey.pk, 1)), client=CLIENT, now=NOW + dt.timedelta(minutes=10))
    assert "Bạn đã gửi 5 đơn hàng trong một giờ qua" in info.value.message_vi
    assert "sau 50 phút" in info.value.message_vi and info.value.retry_after == 50 * 60
    assert _counts() == before
    # another client is not held back; the first one may send again once its first order is an hour old
    services.order_create(request=buyer_request((honey.pk, 1)), client="b" * 32, now=NOW + dt.timedelta(minutes=10))
    services.order_create(
        request=buyer_request((honey.pk, 1)), client=CLIENT, now=NOW + dt.timedelta(minutes=60, seconds=1)
    )
    with pytest.raises(services.RateLimitedError):
        services.order_create(
            request=buyer_request((honey.pk, 1)), client=CLIENT, now=NOW + dt.timedelta(minutes=60, seconds=30)
        )


def test_refused_requests_do_not_count_against_the_limit(honey):
    for _ in range(6):
        with pytest.raises(DomainError):
            services.order_create(request=buyer_request((honey.pk, 0)), client=CLIENT, now=NOW)
    services.order_create(request=buyer_request((honey.pk, 1)), client=CLIENT, now=NOW)


def test_client_keys_tell_clients_apart_and_keep_no_address(rf):
    def key(address, agent, purpose="orders"):
        return client_key(rf.get("/", REMOTE_ADDR=address, HTTP_USER_AGENT=agent), purpose)

    first = key("203.113.1.7", "Mozilla/5.0 (iPhone)")
    assert len(first) == 32 and "203" not in first
    assert first == key("203.113.1.7", "Mozilla/5.0 (iPhone)")
    assert first == key("203.113.1.7", "Mozilla/5.0 (Android)")  # the browser is not the client
    assert first == key("203.113.1.8", "Mozilla/5.0 (iPhone)")  # one /24, one network
    assert first != key("203.113.2.7", "Mozilla/5.0 (iPhone)")
    assert first != key("203.113.1.7", "Mozilla/5.0 (iPhone)", "scans")  # one key per purpose
