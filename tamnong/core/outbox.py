"""The outbox: an email is a row first, written in the same transaction as what it is about, and sent
only after that transaction commits, so that no email announces what was rolled back and none is
lost when the mail server is down.

`email_queue` saves the row and, once the transaction commits, hands it to a Celery task (a worker
through Redis in production; at once in the same process in the embedded set-up and the tests). The
task, or `outbox_send` run from cron (`tamnong outbox_send`), sends it with Django's `send_mail`. When
the broker is down (Redis restarting), handing it over fails: the failure is logged, never raised into
the request, and the row stays queued and due, so the next `outbox_send` run sends it. A
refused email is kept with its error and retried 5 minutes, 30 minutes, 2 hours and 12 hours later;
after the fifth failed attempt it stays `failed` for good and an administrator sees it in the table.

Each attempt first claims the email (one conditional UPDATE moves its next attempt a lease ahead and
counts the attempt), so the task and the cron run never send the same email twice at once; an attempt
that dies mid-way is retried once the lease has passed (delivery is at least once)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, QuerySet
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from tamnong.core import clock
from tamnong.core.models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final.
BACKOFF = (dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2), dt.timedelta(hours=12))
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = dt.timedelta(minutes=10)  # how long an attempt in progress holds its email
# What sending a task raises when the broker cannot be reached (kombu wraps most; a bare socket error
# or redis-py's own can come through).
BROKER_ERRORS = (BrokerOperationalError, RedisConnectionError, OSError)


def _about(obj) -> tuple[str, str]:
    return (obj._meta.label_lower, str(obj.pk)) if obj is not None else ("", "")


def email_queue(to: str, subject: str, body: str, *, about=None, now: dt.datetime | None = None) -> OutboundEmail:
    """Save an email to one address and send it once the current transaction commits. `about` is
    the record it concerns (kept as its type and id)."""
    now = now or clock.now()
    about_type, about_id = _about(about)
    email = OutboundEmail.objects.create(
        to=to.strip(), subject=subject[:200], body=body, created_at=now, next_attempt_at=now,
        about_type=about_type, about_id=about_id,
    )  # fmt: skip
    # robust as well: no other failure of the hand-over reaches the request either.
    transaction.on_commit(lambda: task_enqueue(email_send_task, email.pk, what=f"email {email.pk}"), robust=True)
    return email


def task_enqueue(task, *args, what: str) -> bool:
    """Hand a task to the broker (`task.delay(*args)`) after a commit, never raising a broker outage into
    the request: False, logged, when the broker cannot be reached; the record the task is about stays as
    saved, for the cron command that catches up."""
    try:
        task.delay(*args)
    except BROKER_ERRORS as exc:
        logger.warning("%s: broker unreachable, left for the cron run: %s: %s", what, type(exc).__name__, exc)
        return False
    return True


def emails_about(obj) -> QuerySet[OutboundEmail]:
    about_type, about_id = _about(obj)
    return OutboundEmail.objects.filter(about_type=about_type, about_id=about_id)


def email_state(email: OutboundEmail) -> str:
    """ "queued", "sent", "retrying" (failed, another attempt planned) or "failed" (given up)."""
    if email.status == EmailStatus.FAILED and email.next_attempt_at is not None:
        return "retrying"
    return email.status


def email_send(email_id: int, now: dt.datetime) -> str | None:
    """One attempt at one email, if it is due at `now` and no other attempt holds it: "sent",
    "retrying" or "failed" (given up); None when there was nothing to do."""
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status__in=(EmailStatus.QUEUED, EmailStatus.FAILED), next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    if not claimed:
        return None
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        send_mail(email.subject, email.body, None, [email.to], fail_silently=False)
    except Exception as exc:  # any refusal of the backend (SMTP, network, …) is recorded, never raised
        email.status = EmailStatus.FAILED
        email.last_error = f"{type(exc).__name__}: {exc}"[:500]
        email.next_attempt_at = now + BACKOFF[email.attempts - 1] if email.attempts < MAX_ATTEMPTS else None
        email.save(update_fields=["status", "last_error", "next_attempt_at"])
        logger.warning("email %s to %s not sent (attempt %s): %s", email.pk, email.to, email.attempts, exc)
        return email_state(email)
    email.status, email.sent_at, email.next_attempt_at, email.last_error = EmailStatus.SENT, now, None, ""
    email.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error"])
    return "sent"


@dataclass(frozen=True)
class OutboxRun:
    sent: int
    retrying: int
    failed: int


def outbox_send(now: dt.datetime) -> OutboxRun:
    """Send every email due at `now` (new ones whose task did not run, and retries), oldest first."""
    due = OutboundEmail.objects.filter(
        status__in=(EmailStatus.QUEUED, EmailStatus.FAILED), next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    results = [email_send(pk, now) for pk in list(due.values_list("pk", flat=True))]
    return OutboxRun(results.count("sent"), results.count("retrying"), results.count("failed"))


@shared_task(name="core.outbox_email_send", ignore_result=True)
def email_send_task(email_id: int) -> str:
    return email_send(email_id, clock.now()) or "nothing to do"
