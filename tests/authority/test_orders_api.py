"""A producer's orders and bank account (`orders.status.change`, `orders.bank_account.save`), both
ways: the producer's own logins move its orders (through the HTTP API) and save its account (through
the inbox page; there is no API), each act audited with the producer's commune and before → after;
another producer's login, an office or a viewer is refused with a 403 naming the action, the commune
and the reason, and nothing is written."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.core.models import AuditEvent
from tamnong.ocop.models import Product
from tamnong.orders import services
from tamnong.orders.models import BankAccount, Order, OrderStatusChange
from tests.orders.helpers import buyer_request

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def api(name):
    client = APIClient()
    client.force_authenticate(user(name))
    return client


def counts():
    return {m.__name__: m.objects.count() for m in (OrderStatusChange, BankAccount, AuditEvent)}


@pytest.fixture
def honey(demo):
    return Product.objects.select_related("producer__commune").get(name="Mật ong rừng Hợp Tiến")


@pytest.fixture
def order(honey):
    return services.order_create(request=buyer_request((honey.pk, 1)), client="a" * 32, now=clock.now())


@pytest.mark.parametrize(
    ("login", "reason"),
    [("chuthe.namthuong", "chủ thể sản xuất"), ("huyen.kimboi", "chủ thể sản xuất"), ("xem.hoabinh", "người xem")],
)
def test_only_the_producers_logins_move_its_orders(order, honey, login, reason):
    before = counts()
    refused = api(login).post(f"/api/v1/orders/{order.pk}/status", {"status": "confirmed", "amount_vnd": 250000},
                              format="json", HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip
    assert refused.status_code == 403, refused.content
    detail = refused.json()["detail"]
    assert "đổi trạng thái đơn hàng" in detail and honey.producer.commune.name in detail and reason in detail, detail
    assert counts() == before
    order.refresh_from_db()
    assert order.status == "new"


def test_the_producers_login_confirms_its_order_and_the_act_is_audited(order, honey):
    done = api("chuthe.hoptien").post(f"/api/v1/orders/{order.pk}/status",
                                      {"status": "confirmed", "amount_vnd": 250000}, format="json")  # fmt: skip
    assert done.status_code == 200, done.content
    audit = AuditEvent.objects.get(action="orders.status.change", target_id=str(order.pk))
    assert audit.unit == honey.producer.commune and audit.actor.username == "chuthe.hoptien"
    assert audit.rule.startswith("orders.status.change#")
    assert (audit.before["status"], audit.after["status"], audit.after["amount_vnd"]) == ("new", "confirmed", 250000)
    assert Order.objects.get(pk=order.pk).changes.get(status_to="confirmed").actor.username == "chuthe.hoptien"


ACCOUNT = {"bank_bin": "970436", "account_number": "0123456789", "holder_name": "Nguyễn Văn Tiến"}


def test_only_the_producers_logins_save_its_bank_account(honey):
    before = counts()
    for login in ("chuthe.namthuong", "huyen.kimboi", "tinh.hoabinh"):
        with pytest.raises(authority.NotAuthorised) as refused:
            services.bank_account_save(producer=honey.producer, actor=user(login), now=clock.now(), **ACCOUNT)
        assert refused.value.action == "orders.bank_account.save"
        assert "lưu tài khoản nhận tiền" in refused.value.message_vi
        assert honey.producer.commune.name in refused.value.message_vi
    assert counts() == before


def test_the_producers_login_saves_its_account_from_the_inbox_and_it_is_audited(client, honey):
    client.force_login(user("chuthe.hoptien"))
    response = client.post("/orders/inbox/", {"action": "bank", "producer": honey.producer.pk, **ACCOUNT})
    assert response.status_code == 302, response.content
    audit = AuditEvent.objects.filter(action="orders.bank_account.save").latest("pk")
    assert audit.unit == honey.producer.commune and audit.actor.username == "chuthe.hoptien"
    assert audit.after == {"bank_bin": "970436", "account_number": "0123456789", "holder_name": "NGUYEN VAN TIEN"}
