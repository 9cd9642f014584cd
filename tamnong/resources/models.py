"""Resources and works of the NTM program: capital mobilised per unit and span of dates by source,
works (công trình) with their budget by source, disbursements and photos, and the production records
district reports give (certified areas, cooperatives and farms). Amounts are whole VND (`_vnd`).

The kinds of works are data (tamnong/resources/data/work_types.yaml), checked by the services; the
funding sources are fixed here with their names in data/sources.yaml."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tamnong.core.files import private_storage
from tamnong.ocop.models import Producer
from tamnong.places.models import AdminUnit, Level, Village


class Source(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("central budget")
    LOCAL_BUDGET = "local_budget", _("local budget")
    INTEGRATED_PROGRAMS = "integrated_programs", _("integrated programs and projects")
    CREDIT = "credit", _("credit")
    ENTERPRISES = "enterprises", _("enterprises")
    COMMUNITY = "community", _("community contributions")


class Contribution(models.Model):
    """Capital mobilised for the program in a unit (commune, district or province, on any list) from
    one source over a span of dates. A community contribution may add the value of what people gave
    in kind, the land they donated (m²) and their working days."""

    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="resource_contributions"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), default=0)
    in_kind_vnd = models.PositiveBigIntegerField(_("value given in kind (VND)"), default=0)
    land_m2 = models.PositiveIntegerField(_("land donated (m²)"), default=0)
    working_days = models.PositiveIntegerField(_("working days"), default=0)
    work = models.ForeignKey(
        "Work", verbose_name=_("for the work"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="contributions",
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("capital mobilised")
        verbose_name_plural = _("capital mobilised")
        ordering = ["-starts_on", "unit__code", "source"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="contribution_dates_ordered"),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="contribution_source_known"),
            models.CheckConstraint(
                condition=Q(source="community") | Q(in_kind_vnd=0, land_m2=0, working_days=0),
                name="contribution_in_kind_only_community",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_source_display()} — {self.amount_vnd}"

    @property
    def total_vnd(self) -> int:
        return self.amount_vnd + self.in_kind_vnd


class WorkStatus(models.TextChoices):
    PLANNED = "planned", _("planned (investment preparation)")
    NEW = "new", _("new (started this year)")
    CONTINUING = "continuing", _("continuing from the previous year")
    COMPLETED = "completed", _("completed")


class Work(models.Model):
    """A work (công trình) in a commune, or in one of its villages."""

    name = models.CharField(_("name"), max_length=300)
    type = models.CharField(_("kind of works"), max_length=32, db_index=True)
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="resource_works",
        limit_choices_to={"level": Level.COMMUNE},
    )  # fmt: skip
    village = models.ForeignKey(
        Village, verbose_name=_("village"), null=True, blank=True, on_delete=models.PROTECT, related_name="works"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    status = models.CharField(_("status"), max_length=12, choices=WorkStatus.choices)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    investor = models.CharField(_("investor"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        ordering = ["commune__code", "type", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="work_quantity_positive"),
            models.CheckConstraint(condition=Q(status__in=WorkStatus.values), name="work_status_known"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(completed_on__gte=F("started_on")),
                name="work_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(planned_end_on__gte=F("started_on")),
                name="work_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="completed", completed_on__isnull=False)
                | (~Q(status="completed") & Q(completed_on__isnull=True)),
                name="work_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WorkFunding(models.Model):
    """The part of a work's budget that one source funds."""

    work = models.ForeignKey(Work, verbose_name=_("work"), on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))

    class Meta:
        verbose_name = _("budget by source")
        verbose_name_plural = _("budget by source")
        constraints = [
            models.UniqueConstraint(fields=["work", "source"], name="work_funding_unique"),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="work_funding_source_known"),
        ]

    def __str__(self) -> str:
        return f"{self.work} — {self.get_source_display()}"


class Disbursement(models.Model):
    """An amount paid out for a work on a date; the amount disbursed by a date is the sum up to it."""

    work = models.ForeignKey(Work, verbose_name=_("work"), on_delete=models.CASCADE, related_name="disbursements")
    on = models.DateField(_("date"))
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="disbursement_positive")]

    def __str__(self) -> str:
        return f"{self.work} — {self.on:%d/%m/%Y}"


class WorkPhoto(models.Model):
    work = models.ForeignKey(Work, verbose_name=_("work"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="resources/works/%Y/", storage=private_storage)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo of a work")
        verbose_name_plural = _("photos of works")
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.work} — {self.image.name}"


class Standard(models.TextChoices):
    VIETGAP = "vietgap", "VietGAP"
    GLOBALGAP = "globalgap", "GlobalGAP"
    ORGANIC = "organic", _("organic")


class CertifiedArea(models.Model):
    """Farmland certified to a standard in a commune in a year (crops named in `crops`)."""

    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="certified_areas",
        limit_choices_to={"level": Level.COMMUNE},
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    standard = models.CharField(_("standard"), max_length=12, choices=Standard.choices)
    area_ha = models.DecimalField(_("area (ha)"), max_digits=10, decimal_places=2)
    crops = models.CharField(_("crops or products"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("certified area")
        verbose_name_plural = _("certified areas")
        ordering = ["-year", "commune__code", "standard"]
        constraints = [
            models.CheckConstraint(condition=Q(area_ha__gt=0), name="certified_area_positive"),
            models.CheckConstraint(condition=Q(standard__in=Standard.values), name="certified_area_standard_known"),
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.year} — {self.get_standard_display()}"


class EstablishmentKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("cooperative")
    FARM = "farm", _("farm")


class Establishment(models.Model):
    """A cooperative or a farm in a commune; linked to its OCOP producer record when it is one."""

    kind = models.CharField(_("kind"), max_length=12, choices=EstablishmentKind.choices)
    name = models.CharField(_("name"), max_length=200)
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="establishments",
        limit_choices_to={"level": Level.COMMUNE},
    )  # fmt: skip
    agricultural = models.BooleanField(_("in agriculture"), default=True)
    producer = models.OneToOneField(
        Producer, verbose_name=_("OCOP producer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="establishment",
    )  # fmt: skip
    established_on = models.DateField(_("established on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("cooperative or farm")
        verbose_name_plural = _("cooperatives and farms")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EstablishmentKind.values), name="establishment_kind_known"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(closed_on__gte=F("established_on")),
                name="establishment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name
