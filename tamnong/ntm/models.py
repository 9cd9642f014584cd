"""A commune's data for a date, the evaluations made from it, the recognition register and targets.

A self-assessment (tự đánh giá) holds a commune's indicator values and direct criterion
assessments against one criteria edition as of one date. Each save re-evaluates it and stores a
snapshot with the edition's content hash, so history is never recomputed with later rule files.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from tamnong.core.files import private_storage
from tamnong.places.models import AdminUnit, Level


class Period(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class SelfAssessment(models.Model):
    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
        limit_choices_to={"level": Level.COMMUNE},
    )
    edition_id = models.CharField(_("criteria set"), max_length=64)
    on = models.DateField(_("as of"))
    period = models.CharField(_("reporting period"), max_length=8, choices=Period.choices, default=Period.QUARTER)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text="raised by each save; a stale form is refused"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["commune", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "edition_id", "on"], name="self_assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.on:%d/%m/%Y}"


class IndicatorValue(models.Model):
    self_assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="values"
    )
    code = models.CharField(_("indicator"), max_length=32)
    number = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    flag = models.BooleanField(_("yes/no value"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="evidence/%Y/", blank=True, storage=private_storage)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "code"], name="indicator_value_unique"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(flag__isnull=True), name="indicator_value_one_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.value}"

    @property
    def value(self):
        if self.flag is not None:
            return self.flag
        if self.number is None:
            return None
        return int(self.number) if self.number == self.number.to_integral_value() else float(self.number)


class CriterionAssessment(models.Model):
    """A criterion assessed directly (đạt / chưa đạt) with its evidence."""

    self_assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="assessments"
    )
    criterion = models.CharField(_("criterion"), max_length=32, help_text='"10", or "advanced/4" for another tier')
    met = models.BooleanField(_("met"))
    evidence = models.TextField(_("evidence"))
    evidence_file = models.FileField(_("evidence file"), upload_to="evidence/%Y/", blank=True, storage=private_storage)
    assessed_by = models.CharField(_("assessed by"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "criterion"], name="criterion_assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {'đạt' if self.met else 'chưa đạt'}"


class EvaluationSnapshot(models.Model):
    """The evaluation of a self-assessment as made when it was saved, with the rules it used."""

    self_assessment = models.OneToOneField(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="evaluation"
    )
    content_hash = models.CharField(_("content hash"), max_length=80)
    resolution_hash = models.CharField(_("resolution hash"), max_length=80)
    tier_reached = models.CharField(_("tier reached"), max_length=20, blank=True)
    criteria_met = models.PositiveSmallIntegerField(_("criteria met"))
    criteria_total = models.PositiveSmallIntegerField(_("criteria"))
    indicators_met = models.PositiveSmallIntegerField(_("indicators met"))
    indicators_applicable = models.PositiveSmallIntegerField(_("indicators"))
    criteria_met_list = models.JSONField(_("criteria met (numbers)"), default=list)
    facts = models.JSONField(_("values seen"))
    result = models.JSONField(_("result"))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation snapshot")
        verbose_name_plural = _("evaluation snapshots")

    def __str__(self) -> str:
        return f"{self.self_assessment}: {self.criteria_met}/{self.criteria_total}"


class Tier(models.TextChoices):
    STANDARD = "standard", _("NTM commune")
    ADVANCED = "advanced", _("advanced NTM commune")
    MODEL = "model", _("model NTM commune")
    MODERN_PILOT = "modern_pilot", _("modern NTM commune (pilot)")


class Recognition(models.Model):
    """The register: a commune recognised at a tier by a decision, until revoked."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="recognitions",
        limit_choices_to={"level": Level.COMMUNE},
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_decision = models.CharField(_("revocation decision"), max_length=64, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, help_text="plausible, not a real decision")

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["decision_date", "commune__name_folded"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "tier", "decision_number"], name="recognition_unique"),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("decision_date")),
                name="recognition_revoked_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.get_tier_display()} ({self.decision_number})"


class Target(models.Model):
    """The roadmap (lộ trình) of a unit for a year."""

    unit = models.ForeignKey(AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="ntm_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    average_criteria = models.DecimalField(
        _("average criteria per commune"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    communes_standard = models.PositiveSmallIntegerField(_("NTM communes"), null=True, blank=True)
    communes_advanced = models.PositiveSmallIntegerField(_("advanced NTM communes"), null=True, blank=True)
    communes_model = models.PositiveSmallIntegerField(_("model NTM communes"), null=True, blank=True)
    communes_15_18 = models.PositiveSmallIntegerField(_("communes with 15–18 criteria"), null=True, blank=True)
    communes_10_14 = models.PositiveSmallIntegerField(_("communes with 10–14 criteria"), null=True, blank=True)
    planned_communes = models.ManyToManyField(
        AdminUnit, through="TargetCommune", verbose_name=_("communes planned"), related_name="+", blank=True
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="target_unique")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"


class TargetCommune(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="communes")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(_("tier planned"), max_length=20, choices=Tier.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target", "commune", "tier"], name="target_commune_unique")]

    def __str__(self) -> str:
        return f"{self.target}: {self.commune} → {self.get_tier_display()}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("import job", "queued")
    RUNNING = "running", pgettext_lazy("import job", "running")
    DONE = "done", pgettext_lazy("import job", "done")
    FAILED = "failed", pgettext_lazy("import job", "failed")


class ImportJob(models.Model):
    """One upload of commune data for a unit, checked as a whole and saved all or nothing."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("import job", "uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name=pgettext_lazy("import job", "unit"), on_delete=models.PROTECT, related_name="+"
    )
    edition_id = models.CharField(pgettext_lazy("import job", "criteria set"), max_length=64)
    on = models.DateField(pgettext_lazy("import job", "as of"))
    file = models.FileField(
        pgettext_lazy("import job", "uploaded file"), upload_to="imports/%Y/", storage=private_storage
    )
    filename = models.CharField(pgettext_lazy("import job", "file name"), max_length=255)
    dry_run = models.BooleanField(pgettext_lazy("import job", "dry run"), default=True)
    status = models.CharField(
        pgettext_lazy("import job", "status"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(pgettext_lazy("import job", "progress (%)"), default=0)
    report = models.JSONField(pgettext_lazy("import job", "report"), null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("import job", "created at"), auto_now_add=True)
    finished_at = models.DateTimeField(pgettext_lazy("import job", "finished at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("import job", "import")
        verbose_name_plural = pgettext_lazy("import job", "imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="import_job_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} — {self.unit} — {self.get_status_display()}"
