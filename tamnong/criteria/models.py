"""The criteria editions' versions: the texts evaluations used (`EditionVersion`) and the versions
offices author (`CriteriaVersion`). Their tables keep the names they had in `ntm`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tamnong.places.models import AdminUnit


class EditionVersion(models.Model):
    """The exact text of a criteria edition that evaluations used, kept once per content hash, so an old
    evaluation is explained with its own rules however the files change later."""

    content_hash = models.CharField(_("content hash"), max_length=80, unique=True)
    edition_id = models.CharField(_("criteria set"), max_length=64)
    files = models.JSONField(_("YAML files"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        db_table = "ntm_editionversion"  # the table it had in ntm: moved without copying rows
        verbose_name = _("criteria set version")
        verbose_name_plural = _("criteria set versions")

    def __str__(self) -> str:
        return f"{self.edition_id} {self.content_hash[:19]}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned to its author")


class CriteriaVersion(models.Model):
    """A version of a criteria set authored by an office: the national texts of the edition, or one
    province's overlay. Draft → submitted → approved by a second officer; once approved it never
    changes, and the edition in force is the repository's texts with the latest approved national
    version and each province's latest approved overlay."""

    edition_id = models.CharField(_("criteria set"), max_length=64)
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="empty for a national version",
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("what this version changes"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    files = models.JSONField(_("YAML texts of this version"), help_text="national files, or the province's overlay")
    base_hash = models.CharField(_("drafted from"), max_length=80)
    repository_hash = models.CharField(
        _("repository files when drafted"), max_length=80, blank=True,
        help_text="hash of the release's texts this version replaces, to see when a later release changes them",
    )  # fmt: skip
    content_hash = models.CharField(_("content hash when approved"), max_length=80, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    cases = models.JSONField(
        _("boundary cases"), default=list, blank=True,
        help_text="made on approval: at, just above and just below each changed threshold (tamnong.rules.cases)",
    )  # fmt: skip

    class Meta:
        db_table = "ntm_criteriaversion"
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        ordering = ["edition_id", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition_id", "province", "number"], name="criteria_version_unique"),
        ]

    def __str__(self) -> str:
        where = self.province.title if self.province_id else "toàn quốc"
        return f"{self.edition_id} — {where} — bản {self.number}"
