"""The producer's side: the state machine new → confirmed → shipped → done (or cancelled from new or
confirmed), every other move refused by name, two producers never touching each other's orders, the
bank account with its audit trail, and the VietQR code of a confirmed order."""

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.core.models import AuditEvent
from tamnong.orders import selectors, services, vietqr, workflow
from tamnong.orders.models import OrderStatus
from tests.orders.helpers import NOW, buyer_request

LATER = NOW + dt.timedelta(hours=2)
ALLOWED = {("new", "confirmed"), ("new", "cancelled"), ("confirmed", "shipped"), ("confirmed", "cancelled"),
           ("shipped", "done")}  # fmt: skip
# The way to reach each status from new.
PATHS = {
    "new": [],
    "confirmed": [("confirmed", {"amount_vnd": 500000})],
    "shipped": [("confirmed", {"amount_vnd": 500000}), ("shipped", {})],
    "done": [("confirmed", {"amount_vnd": 500000}), ("shipped", {}), ("done", {})],
    "cancelled": [("cancelled", {"note": "Hết hàng"})],
}


def _user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def hoptien(honey):
    return _user("chuthe.hoptien")


@pytest.fixture
def order(honey):
    return services.order_create(request=buyer_request((honey.pk, 2)), client="c" * 32, now=NOW)


def _reach(order, status, actor):
    for step, kwargs in PATHS[status]:
        order = services.order_status_change(order=order, actor=actor, status=step, now=LATER, **kwargs)
    return order


def test_an_order_goes_from_new_to_done_and_the_buyer_hears_of_each_step(
    order, hoptien, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_status_change(
            order=order, actor=hoptien, status="confirmed", now=LATER, amount_vnd="500.000", note="Giao trong 3 ngày"
        )
        order = services.order_status_change(
            order=order, actor=hoptien, status="shipped", now=LATER, note="Viettel Post"
        )
        order = services.order_status_change(
            order=order, actor=hoptien, status="done", now=LATER + dt.timedelta(days=3)
        )
    order.refresh_from_db()
    assert (order.status, order.amount_vnd) == ("done", 500000)
    assert [(c.status_from, c.status_to, c.note, c.amount_vnd) for c in order.changes.all()] == [
        ("", "new", "", None), ("new", "confirmed", "Giao trong 3 ngày", 500000), ("confirmed", "shipped", "Viettel Post", None),
        ("shipped", "done", "", None),
    ]  # fmt: skip
    assert [c.actor for c in order.changes.all()] == [None, hoptien, hoptien, hoptien]
    events = AuditEvent.objects.filter(action="orders.status.change", target_id=str(order.pk)).order_by("id")
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("new", "confirmed"), ("confirmed", "shipped"), ("shipped", "done"),
    ]  # fmt: skip
    to_buyer = [m for m in mail.outbox if m.to == ["lan@example.vn"]]
    assert [m.subject for m in to_buyer] == [
        f"Tamnông: đơn hàng {order.code} đã xác nhận", f"Tamnông: đơn hàng {order.code} đang giao hàng",
        f"Tamnông: đơn hàng {order.code} đã hoàn tất",
    ]  # fmt: skip
    assert "Số tiền cần thanh toán: 500.000 đ." in to_buyer[0].body and "Giao trong 3 ngày" in to_buyer[0].body


@pytest.mark.parametrize(
    ("start", "target"),
    [pair for pair in itertools.product(PATHS, [s.value for s in OrderStatus]) if pair not in ALLOWED],
)
def test_every_other_move_is_refused_by_name(order, hoptien, start, target):
    order = _reach(order, start, hoptien)
    changes = order.changes.count()
    with pytest.raises(workflow.OrderTransitionError) as info:
        services.order_status_change(
            order=order, actor=hoptien, status=target, now=LATER, amount_vnd=1000, note="lý do"
        )
    start_vi, target_vi = services.STATUS_TEXT[start][0], services.STATUS_TEXT[target][0]
    assert info.value.field == "status"
    assert f"không chuyển được từ «{start_vi}» sang «{target_vi}»" in info.value.message_vi
    assert (info.value.status_from, info.value.status_to) == (start, target)
    order.refresh_from_db()
    assert order.status == start and order.changes.count() == changes


@pytest.mark.parametrize("start", ["new", "confirmed"])
def test_cancelling_needs_a_reason(order, hoptien, start):
    order = _reach(order, start, hoptien)
    with pytest.raises(DomainError) as info:
        services.order_status_change(order=order, actor=hoptien, status="cancelled", now=LATER, note="  ")
    assert info.value.field == "note" and "Cần nhập lời nhắn" in info.value.message_vi
    cancelled = services.order_status_change(
        order=order, actor=hoptien, status="cancelled", now=LATER, note="Hết mật ong vụ này"
    )
    assert cancelled.status == "cancelled" and cancelled.changes.last().note == "Hết mật ong vụ này"


@pytest.mark.parametrize("amount", [None, "", 0, -250000, "abc", "250,5", "2.50", True, 10**13])
def test_confirming_needs_a_whole_amount_above_zero(order, hoptien, amount):
    with pytest.raises(DomainError) as info:
        services.order_status_change(order=order, actor=hoptien, status="confirmed", now=LATER, amount_vnd=amount)
    assert info.value.field == "amount_vnd" and "số nguyên đồng lớn hơn 0" in info.value.message_vi
    order.refresh_from_db()
    assert (order.status, order.amount_vnd, order.changes.count()) == ("new", None, 1)


@pytest.mark.parametrize(("typed", "amount"), [(250000, 250000), ("250000", 250000), ("250.000", 250000),
                                               ("1 250 000", 1250000)])  # fmt: skip
def test_amounts_as_people_type_them(order, hoptien, typed, amount):
    order = services.order_status_change(order=order, actor=hoptien, status="confirmed", now=LATER, amount_vnd=typed)
    assert order.amount_vnd == amount


def test_an_unknown_status_is_refused(order, hoptien):
    with pytest.raises(DomainError) as info:
        services.order_status_change(order=order, actor=hoptien, status="paid", now=LATER)
    assert info.value.field == "status" and "Không có trạng thái «paid»" in info.value.message_vi


def test_two_producers_never_see_or_touch_each_others_orders(honey, buoi):
    honey_order = services.order_create(request=buyer_request((honey.pk, 1)), client="d" * 32, now=NOW)
    buoi_order = services.order_create(request=buyer_request((buoi.pk, 3)), client="d" * 32, now=NOW)
    hoptien, namthuong = _user("chuthe.hoptien"), _user("chuthe.namthuong")
    assert list(selectors.inbox(hoptien)) == [honey_order]
    assert list(selectors.inbox(namthuong)) == [buoi_order]
    for actor, other in ((namthuong, honey_order), (hoptien, buoi_order)):
        with pytest.raises(PermissionDeniedError):
            services.order_status_change(order=other, actor=actor, status="confirmed", now=LATER, amount_vnd=1000)
        with pytest.raises(PermissionDeniedError):
            selectors.order_for_producer(other.pk, actor)
    office = _user("huyen.kimboi")  # an office covering both communes handles no producer's orders
    assert list(selectors.inbox(office)) == []
    with pytest.raises(PermissionDeniedError):
        services.order_status_change(order=honey_order, actor=office, status="cancelled", now=LATER, note="x")
    honey_order.refresh_from_db()
    buoi_order.refresh_from_db()
    assert honey_order.status == buoi_order.status == "new"


def test_the_inbox_filters_by_status(honey, hoptien):
    first = services.order_create(request=buyer_request((honey.pk, 1)), client="e" * 32, now=NOW)
    second = services.order_create(request=buyer_request((honey.pk, 2)), client="e" * 32, now=LATER)
    services.order_status_change(order=first, actor=hoptien, status="confirmed", now=LATER, amount_vnd=100000)
    assert list(selectors.inbox(hoptien)) == [second, first]
    assert list(selectors.inbox(hoptien, "confirmed")) == [first]
    assert list(selectors.inbox(hoptien, "new")) == [second]
    assert list(selectors.inbox(hoptien, "done")) == []


def test_the_bank_account_is_folded_checked_and_audited(honey, hoptien):
    account = services.bank_account_save(
        producer=honey.producer, actor=hoptien, bank_bin="970 436", account_number="0071-0012-34567",
        holder_name="  Hợp tác xã   Mật ong Hợp Tiến ", now=NOW,
    )  # fmt: skip
    assert (account.bank_bin, account.account_number, account.holder_name) == (
        "970436", "0071001234567", "HOP TAC XA MAT ONG HOP TIEN",
    )  # fmt: skip
    services.bank_account_save(
        producer=honey.producer, actor=hoptien, bank_bin="970436", account_number="0071001234567",
        holder_name="HOP TAC XA MAT ONG HOP TIEN", now=NOW,
    )  # fmt: skip  # the same values: nothing to record
    services.bank_account_save(
        producer=honey.producer, actor=hoptien, bank_bin="970415", account_number="113366668888",
        holder_name="Đinh Văn Đức", now=LATER,
    )  # fmt: skip
    events = AuditEvent.objects.filter(action="orders.bank_account.save").order_by("id")
    assert [(e.actor, e.before, e.after["holder_name"]) for e in events] == [
        (hoptien, None, "HOP TAC XA MAT ONG HOP TIEN"),
        (hoptien, {"bank_bin": "970436", "account_number": "0071001234567", "holder_name": "HOP TAC XA MAT ONG HOP TIEN"},
         "DINH VAN DUC"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"bank_bin": "97043"}, "bank_bin"), ({"bank_bin": "VCB"}, "bank_bin"), ({"account_number": "12345"}, "account_number"),
     ({"account_number": "1" * 20}, "account_number"), ({"account_number": "0071A01234"}, "account_number"),
     ({"holder_name": ""}, "holder_name"), ({"holder_name": "X" * 51}, "holder_name"),
     ({"holder_name": "Lan ❤"}, "holder_name")],
)  # fmt: skip
def test_a_bad_bank_account_is_refused_with_its_field(honey, hoptien, fields, field):
    values = {"bank_bin": "970436", "account_number": "0071001234567", "holder_name": "Nguyễn Văn A", **fields}
    with pytest.raises(DomainError) as info:
        services.bank_account_save(producer=honey.producer, actor=hoptien, now=NOW, **values)
    assert info.value.field == field
    assert not AuditEvent.objects.filter(action="orders.bank_account.save").exists()


def test_only_the_producers_logins_set_its_bank_account(honey):
    with pytest.raises(PermissionDeniedError):
        services.bank_account_save(
            producer=honey.producer, actor=_user("chuthe.namthuong"), bank_bin="970436",
            account_number="0071001234567", holder_name="X", now=NOW,
        )  # fmt: skip


def test_a_confirmed_order_pays_the_producers_account_by_vietqr(order, hoptien):
    assert selectors.order_vietqr(order) is None  # not confirmed yet
    order = services.order_status_change(order=order, actor=hoptien, status="confirmed", now=LATER, amount_vnd=500000)
    assert selectors.order_vietqr(selectors.order_for_producer(order.pk, hoptien)) is None  # no account yet
    services.bank_account_save(
        producer=order.producer, actor=hoptien, bank_bin="970436", account_number="0071001234567",
        holder_name="HTX Mật ong Hợp Tiến", now=LATER,
    )  # fmt: skip
    payload = selectors.order_vietqr(selectors.order_for_producer(order.pk, hoptien))
    payment = vietqr.parse(payload)
    assert (payment.bin, payment.account, payment.amount, payment.purpose, payment.is_dynamic) == (
        "970436", "0071001234567", 500000, f"Thanh toan {order.code}", True,
    )  # fmt: skip
    assert selectors.vietqr_svg(payload).startswith("<svg")
    order = services.order_status_change(order=order, actor=hoptien, status="shipped", now=LATER)
    assert selectors.order_vietqr(selectors.order_for_producer(order.pk, hoptien)) is None  # nothing left to pay
