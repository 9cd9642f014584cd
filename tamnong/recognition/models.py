"""Recognition dossiers (hồ sơ xét, công nhận): a commune's frozen self-assessment for a tier, its
documents and the conditions of Decision 18/2022/QĐ-TTg, moved through the workflow of `workflow.py`
level by level; every state and data change is kept in the dossier's history.

The register itself is `tamnong.ntm.models.Recognition`: recognising a dossier writes a row there,
revoking it dates the row's revocation, so the monitoring roll-ups count the commune.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamnong.core.files import private_storage
from tamnong.ntm.models import Recognition, SelfAssessment, Tier
from tamnong.places.models import AdminUnit, Level


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    VERIFIED = "verified", _("verified by the district")
    APPRAISED = "appraised", _("appraised by the province")
    RETURNED = "returned", _("returned for corrections")
    RECOGNISED = "recognised", _("recognised")
    REFUSED = "refused", _("refused")
    REVOKED = "revoked", _("recognition revoked")


OPEN_STATES = [State.DRAFT, State.SUBMITTED, State.VERIFIED, State.APPRAISED, State.RETURNED]


class Dossier(models.Model):
    """One commune's dossier for one tier. Its values are a copy of the commune's latest evaluated
    self-assessment at creation; later changes of the live data do not reach it."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="recognition_dossiers",
        limit_choices_to={"level": Level.COMMUNE},
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    edition_id = models.CharField(_("criteria set"), max_length=64)
    on = models.DateField(_("data as of"))
    source = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_hash = models.CharField(_("rules hash of the copied evaluation"), max_length=80)
    evaluation = models.JSONField(_("evaluation of the dossier's values"), default=dict)
    conditions = models.JSONField(_("conditions of recognition"), default=dict)
    reopened = models.JSONField(_("items reopened by the last return"), default=list)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    state_since = models.DateField(_("in this state since"))
    due_on = models.DateField(_("current step due on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, help_text="raised by each change")
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    recognition = models.OneToOneField(
        Recognition,
        verbose_name=_("register entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier",
    )
    approved_hash = models.CharField(_("content hash when recognised"), max_length=80, blank=True)
    # None: opened by Tamnông's system actor (its audit event says so).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("recognition dossier")
        verbose_name_plural = _("recognition dossiers")
        ordering = ["-state_since", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "tier"],
                condition=Q(state__in=["draft", "submitted", "verified", "appraised", "returned"]),
                name="recognition_dossier_one_open_per_tier",
            ),
            models.CheckConstraint(
                condition=~Q(state="recognised") | (Q(decision_date__isnull=False) & ~Q(decision_number="")),
                name="recognition_dossier_recognised_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.get_tier_display()} (#{self.pk})"


class ItemKind(models.TextChoices):
    INDICATOR = "indicator", _("indicator")
    CRITERION = "criterion", _("criterion assessed directly")


class DossierItem(models.Model):
    """A frozen value: an indicator's value (key = its code, "3.1") or a criterion's direct assessment
    (key = "criterion:" + the criterion key, "criterion:advanced/4"), with its evidence."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("item"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    value = models.JSONField(_("value"), null=True, blank=True, help_text="number or yes/no; met for a criterion")
    evidence = models.TextField(_("evidence or comment"), blank=True)
    evidence_file = models.CharField(_("evidence file"), max_length=255, blank=True)
    assessed_by = models.CharField(_("assessed by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("dossier item")
        verbose_name_plural = _("dossier items")
        ordering = ["dossier", "kind", "key"]
        constraints = [models.UniqueConstraint(fields=["dossier", "key"], name="recognition_item_unique")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class DossierDocument(models.Model):
    """A document of the dossier's list (`data/documents.yaml`), given by its reference (number and
    date of the report or minutes) and optionally a file."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("document"), max_length=64)
    reference = models.CharField(_("reference (number, date)"), max_length=300)
    file = models.FileField(_("file"), upload_to="recognition/%Y/", blank=True, storage=private_storage)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        constraints = [models.UniqueConstraint(fields=["dossier", "code"], name="recognition_document_unique")]

    def __str__(self) -> str:
        return f"{self.code}: {self.reference}"


class ReturnReason(models.Model):
    """Why a reviewer returned the dossier, about one criterion or indicator."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="reasons")
    round = models.PositiveSmallIntegerField(_("return number"))
    target = models.CharField(_("criterion or indicator"), max_length=64)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # None: Tamnông's system actor
    on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("return reason")
        verbose_name_plural = _("return reasons")
        ordering = ["dossier", "round", "pk"]

    def __str__(self) -> str:
        return f"{self.target}: {self.reason}"


class DossierEvent(models.Model):
    """The dossier's history: each state change and each data change (who, when, what, before → after)."""

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    on = models.DateField(_("date of the act"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=12, blank=True)
    to_state = models.CharField(_("to"), max_length=12, blank=True)
    item = models.CharField(_("item"), max_length=64, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "at", "pk"]

    def __str__(self) -> str:
        return f"#{self.dossier_id} {self.action} {self.item}"


class Notice(models.Model):
    """An in-app notification about a dossier (the same news goes by email when the user has an address)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="recognition_notices"
    )
    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=16)
    message_vi = models.TextField(_("message (Vietnamese)"))
    message_en = models.TextField(_("message (English)"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    on = models.DateField(_("date"))
    read = models.BooleanField(_("read"), default=False)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} #{self.dossier_id}"
