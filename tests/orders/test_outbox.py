"""The outbox never loses an email: sent after the commit (never for a rolled-back transaction), kept
and retried with backoff when the mail server refuses it, sent by `tamnong outbox_send` when the task
never ran, and shown on the buyer's status page in each state."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from tamnong.core import clock, outbox
from tamnong.core.models import OutboundEmail
from tamnong.orders import services
from tamnong.orders.models import Order
from tests.orders.helpers import NOW, buyer_request

REFUSING = "tests.orders.helpers.RefusingBackend"
pytestmark = pytest.mark.django_db


def test_an_email_is_sent_after_the_commit_and_never_for_a_rollback(honey, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = outbox.email_queue("lan@example.vn", "Chào bạn", "Nội dung", about=honey)
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1 and [m.subject for m in mail.outbox] == ["Chào bạn"]
    email.refresh_from_db()
    assert (email.status, email.attempts, email.about_type, email.about_id) == (
        "sent",
        1,
        "ocop.product",
        str(honey.pk),
    )
    assert email.sent_at is not None and email.next_attempt_at is None

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.email_queue("lan@example.vn", "Không bao giờ gửi", "x")
            raise RuntimeError("the order failed")
    assert [m.subject for m in mail.outbox] == ["Chào bạn"]
    assert not OutboundEmail.objects.filter(subject="Không bao giờ gửi").exists()


def test_a_refused_email_is_retried_with_backoff_then_given_up(settings):
    settings.EMAIL_BACKEND = REFUSING
    start = NOW
    email = outbox.email_queue("lan@example.vn", "Thử lại", "x", now=start)
    waits, now = [], start
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        assert outbox.email_send(email.pk, now - dt.timedelta(seconds=1)) is None  # not due yet
        result = outbox.email_send(email.pk, now)
        email.refresh_from_db()
        assert email.attempts == attempt and email.status == "failed"
        assert email.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
        if attempt < outbox.MAX_ATTEMPTS:
            assert result == "retrying" and outbox.email_state(email) == "retrying"
            waits.append(email.next_attempt_at - now)
            now = email.next_attempt_at
        else:
            assert result == "failed" and email.next_attempt_at is None and outbox.email_state(email) == "failed"
    assert waits == [dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2), dt.timedelta(hours=12)]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.outbox_send(now + dt.timedelta(days=30)) == outbox.OutboxRun(0, 0, 0)  # given up: left alone
    assert mail.outbox == []


def test_an_attempt_in_progress_holds_its_email(settings):
    email = outbox.email_queue("lan@example.vn", "Một lần", "x", now=NOW)
    # a cron run that starts while the task holds the email does not send it a second time
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=NOW + outbox.LEASE)
    assert outbox.email_send(email.pk, NOW + dt.timedelta(minutes=1)) is None
    assert outbox.email_send(email.pk, NOW + outbox.LEASE) == "sent"
    assert outbox.email_send(email.pk, NOW + outbox.LEASE) is None
    assert len(mail.outbox) == 1


def test_an_order_is_saved_when_the_mail_server_is_down_and_its_email_goes_later(
    honey, settings, client, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_create(request=buyer_request((honey.pk, 2)), client="f" * 32, now=NOW)
    assert Order.objects.filter(pk=order.pk, status="new").exists()
    to_buyer = OutboundEmail.objects.get(about_id=str(order.pk), to="lan@example.vn")
    assert (to_buyer.status, to_buyer.attempts) == ("failed", 1)
    assert "ConnectionRefusedError" in to_buyer.last_error
    page = client.get(f"/orders/{order.token}/").content.decode()
    assert 'data-state="retrying"' in page and to_buyer.next_attempt_at is not None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.outbox_send(to_buyer.next_attempt_at - dt.timedelta(seconds=1)).sent == 0
    latest = max(OutboundEmail.objects.values_list("next_attempt_at", flat=True))
    run = outbox.outbox_send(latest)
    assert run.sent == 2  # the buyer's and the producer's
    to_buyer.refresh_from_db()
    assert (to_buyer.status, to_buyer.attempts, to_buyer.last_error) == ("sent", 2, "")
    assert {m.to[0] for m in mail.outbox} == {"lan@example.vn", "chuthe.hoptien@example.invalid"}
    page = client.get(f"/orders/{order.token}/").content.decode()
    assert 'data-state="sent"' in page and 'data-state="retrying"' not in page


def test_the_producers_email_is_not_listed_on_the_buyers_page(honey, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_create(request=buyer_request((honey.pk, 1)), client="f" * 32, now=NOW)
    page = client.get(f"/orders/{order.token}/").content.decode()
    assert page.count('data-state="sent"') == 1 and f"Tamnông: đã nhận đơn hàng {order.code}" in page
    assert f"Tamnông: đơn hàng mới {order.code}" not in page


def test_when_the_broker_is_down_the_order_stands_and_cron_sends_the_email(
    honey, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(outbox.email_send_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_create(request=buyer_request((honey.pk, 1)), client="f" * 32, now=NOW)
    assert Order.objects.filter(pk=order.pk).exists()
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"queued"}
    assert mail.outbox == []
    call_command("outbox_send")
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == 2


def test_the_command_reports_what_it_did(honey, capsys, settings):
    outbox.email_queue("lan@example.vn", "Một", "x", now=clock.now() - dt.timedelta(minutes=1))
    outbox.email_queue("lan@example.vn", "Hai", "x", now=clock.now() + dt.timedelta(hours=1))  # not due yet
    call_command("outbox_send")
    assert "1 email đã gửi, 0 email sẽ gửi lại, 0 email không gửi được." in capsys.readouterr().out
    settings.EMAIL_BACKEND = REFUSING
    OutboundEmail.objects.filter(subject="Hai").update(next_attempt_at=clock.now())
    call_command("outbox_send")
    assert "0 email đã gửi, 1 email sẽ gửi lại, 0 email không gửi được." in capsys.readouterr().out
