"""Redis down for a few seconds loses no order and no email: the order form and the API answer as usual
while the broker refuses the outbox's task and the cache (the hourly limit) cannot be reached; the
emails wait in the outbox, queued, and `tamnong outbox_send` sends them once run."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from tamnong.core import clock, outbox
from tamnong.core.models import OutboundEmail
from tamnong.orders.models import Order
from tests.orders.helpers import HA_NOI

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def _form(product):
    return {
        f"qty-{product.pk}": "2", "name": "Trần Văn Bình", "phone": "0987 654 321", "email": "binh@example.vn",
        "province": HA_NOI, "address": "Thôn Đông, xã Kim Bôi", "note": "", "website": "",
    }  # fmt: skip


def _broker_down(error):
    return mock.patch.object(outbox.email_send_task, "delay", side_effect=error)


def _cache_down():
    """The Redis cache refusing every call, as django's RedisCache does while Redis restarts."""
    refused = RedisConnectionError("Error 111 connecting to localhost:6379. Connection refused.")
    return mock.patch.multiple("tamnong.orders.services.cache", get=mock.Mock(side_effect=refused),
                               set=mock.Mock(side_effect=refused))  # fmt: skip


def _send_later(settings) -> str:
    settings.EMAIL_BACKEND = LOCMEM
    with time_machine.travel(clock.now() + dt.timedelta(minutes=6), tick=False):
        return _call("outbox_send")


def _call(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("[Errno 111] Connection refused"),
        RedisConnectionError("Error 111 connecting to localhost:6379."),
        ConnectionRefusedError(111, "Connection refused"),
    ],
    ids=["kombu", "redis", "socket"],
)
def test_the_order_form_saves_the_order_and_queues_its_emails_while_the_broker_is_down(
    client, in_force_today, django_capture_on_commit_callbacks, settings, error, caplog
):
    honey, _ = in_force_today
    settings.EMAIL_BACKEND = LOCMEM
    with _broker_down(error) as delay, _cache_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/orders/new/?producer={honey.producer_id}", _form(honey))
    assert response.status_code == 303, response.content.decode()[:2000]
    order = Order.objects.get(token=response["Location"].strip("/").split("/")[-1])
    assert order.buyer_name == "Trần Văn Bình" and order.items.get().quantity == 2
    emails = outbox.emails_about(order)
    expected = {"binh@example.vn"} | ({honey.producer.email} if honey.producer.email else set())
    assert delay.call_count == len(expected)
    assert {e.to for e in emails} == expected
    assert all(e.status == "queued" and e.attempts == 0 and e.next_attempt_at is not None for e in emails)
    assert mail.outbox == []
    assert "broker unreachable" in caplog.text
    # The buyer's page answers too.
    assert client.get(response["Location"]).status_code == 200

    printed = _send_later(settings)
    assert printed.startswith(f"{len(expected)} email")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(expected)
    assert {e.status for e in outbox.emails_about(order)} == {"sent"}
    assert _call("outbox_send").startswith("0 email")  # nothing sent twice


def test_the_order_api_answers_201_while_the_broker_is_down(client, in_force_today, django_capture_on_commit_callbacks,
                                                            settings):  # fmt: skip
    honey, _ = in_force_today
    body = {
        "items": [{"product": honey.pk, "quantity": 1}], "name": "Lê Thị Hoa", "phone": "0398 765 432",
        "email": "hoa@example.vn", "province": HA_NOI, "address": "12 Trần Phú, phường Hà Đông", "note": "",
    }  # fmt: skip
    with _broker_down(OperationalError("Connection refused")), _cache_down(), \
            django_capture_on_commit_callbacks(execute=True):  # fmt: skip
        response = client.post("/api/v1/orders/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    order = Order.objects.get(token=response.json()["token"])
    queued = OutboundEmail.objects.filter(about_id=str(order.pk), to="hoa@example.vn")
    assert queued.get().status == "queued"
    _send_later(settings)
    assert queued.get().status == "sent" and "hoa@example.vn" in [m.to[0] for m in mail.outbox]


def test_with_the_broker_up_the_task_sends_at_once(client, in_force_today, django_capture_on_commit_callbacks,
                                                   settings):  # fmt: skip
    """The same request with the broker answering: the task runs and the emails are sent, not left queued."""
    honey, _ = in_force_today
    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/orders/new/?producer={honey.producer_id}", _form(honey))
    order = Order.objects.get(token=response["Location"].strip("/").split("/")[-1])
    assert {e.status for e in outbox.emails_about(order)} == {"sent"}
    assert "binh@example.vn" in [m.to[0] for m in mail.outbox]
