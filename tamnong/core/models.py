from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tamnong.core.errors import PermissionDeniedError


class AuditLogImmutable(PermissionDeniedError):
    """The audit log is written once: an event is never changed or deleted, by anyone."""

    MESSAGES = {
        "": _("The audit log is append-only: a recorded event cannot be changed or deleted."),
        "change": _("The audit log is append-only: a recorded event cannot be changed."),
        "delete": _("The audit log is append-only: a recorded event cannot be deleted."),
    }

    def __init__(self, act: str = ""):
        """`act`: "change" or "delete", the act refused ("": either)."""
        super().__init__(self.MESSAGES[act], field="audit")


class AuditEventQuerySet(models.QuerySet):
    """Events are added (create, bulk_create) and read; a bulk update or delete is refused."""

    def update(self, **kwargs):
        raise AuditLogImmutable("change")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogImmutable("change")

    def delete(self):
        raise AuditLogImmutable("delete")

    delete.queryset_only = True


class AuditEvent(models.Model):
    """One state change: who did what to which record, before → after. Append-only: `save` refuses an
    existing row, `delete` and the queryset's `update`/`delete` refuse, and on PostgreSQL a trigger
    refuses UPDATE and DELETE of the table (migration core 0004)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("record type"), max_length=64)
    target_id = models.CharField(_("record"), max_length=64)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # Who acted when there is no user: Tamnông's own jobs (tamnong.core.actors.SYSTEM).
    by_system = models.BooleanField(_("by the system"), default=False)
    # The unit acted on (a commune, a council's unit, a certificate's issuer) and the row of the
    # authority table (tamnong/rules/data/authority/actions.yaml) that granted the act, "action#row".
    unit = models.ForeignKey(
        "places.AdminUnit", verbose_name=_("unit acted on"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    rule = models.CharField(_("authority rule"), max_length=80, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields") is not None:
            raise AuditLogImmutable("change")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("delete")


class EmailStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("email status", "queued")
    SENT = "sent", pgettext_lazy("email status", "sent")
    FAILED = "failed", pgettext_lazy("email status", "failed")


class OutboundEmail(models.Model):
    """An email in the outbox (tamnong.core.outbox): saved with what it is about in the same
    transaction, sent after the commit, retried with backoff when the mail server refuses it. A failed
    email with a next attempt is waiting to be retried; without one, sending was given up."""

    to = models.EmailField(pgettext_lazy("email recipient", "to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)  # noqa: TID251 — a row stamp, as auto_now_add
    about_type = models.CharField(_("about (record type)"), max_length=64, blank=True)
    about_id = models.CharField(_("about (record)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["about_type", "about_id"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} ({self.status})"
