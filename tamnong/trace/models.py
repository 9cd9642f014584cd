"""Traceability records: lots of OCOP products, their EPCIS 2.0 events (append-only), the serialised
stamps printed for a lot, and the scans of those stamps. The standards' rules live in the pure
modules `identifiers`, `epcis` and `stamps`; these models keep what was recorded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tamnong.ocop.models import Product
from tamnong.places.models import AdminUnit, Level


class Uom(models.TextChoices):
    """Units of a lot's quantity: UN/ECE Recommendation 20 codes, as EPCIS 2.0 quantity lists use."""

    KGM = "KGM", _("kg")
    GRM = "GRM", _("g")
    TNE = "TNE", _("tonne")
    LTR = "LTR", _("litre")
    MLT = "MLT", _("ml")
    H87 = "H87", _("piece (bottle, box, bag)")


class ExpiryKind(models.TextChoices):
    EXPIRY = "expiry", _("use by")
    BEST_BEFORE = "best_before", _("best before")


class Lot(models.Model):
    """A lot (lô) of a product: its code, when and where it was produced or harvested, how much, until
    when it keeps, what went into it, and the standards it follows (Circular 02/2024/TT-BKHCN)."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="lots")
    code = models.CharField(_("lot code"), max_length=20)
    gtin = models.CharField(
        _("GTIN"), max_length=14, blank=True, help_text=_("for GS1 members; empty: the program's identifier")
    )
    produced_on = models.DateField(_("produced or harvested on"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    uom = models.CharField(_("unit"), max_length=3, choices=Uom.choices)
    expires_on = models.DateField(_("expiry or best-before date"), null=True, blank=True)
    expiry_kind = models.CharField(_("kind of date"), max_length=12, choices=ExpiryKind.choices, blank=True)
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"level": Level.COMMUNE},
    )  # fmt: skip
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    inputs = models.TextField(_("inputs (e.g. a VietGAP certificate)"), blank=True)
    standards = models.CharField(_("standards applied"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["-produced_on", "code"]
        constraints = [models.UniqueConstraint(fields=["product", "code"], name="lot_code_unique")]

    def __str__(self) -> str:
        return f"{self.product} — {self.code}"


class Event(models.Model):
    """An EPCIS 2.0 event of a lot, kept as recorded (`data`, the JSON-LD binding) and never changed.
    A correction is two new rows: the error declaration, which `voids` the erroneous event, and the
    corrective event."""

    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="events")
    event_id = models.CharField(_("event ID"), max_length=200, db_index=True)
    type = models.CharField(_("event type"), max_length=24)
    biz_step = models.CharField(_("business step"), max_length=40, blank=True)
    event_time = models.DateTimeField(_("event time"))
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("where"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(_("EPCIS 2.0 event"))
    voids = models.ForeignKey(
        "self", verbose_name=_("declares erroneous"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="voided_by",
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("traceability event")
        verbose_name_plural = _("traceability events")
        ordering = ["event_time", "pk"]

    def __str__(self) -> str:
        return f"{self.lot} — {self.biz_step or self.type} {self.event_time:%d/%m/%Y}"


class Stamp(models.Model):
    """A serialised stamp (tem) printed for a lot: its unguessable serial and its place in the lot's
    numbering, so that a range can be voided."""

    lot = models.ForeignKey(Lot, verbose_name=_("lot"), on_delete=models.PROTECT, related_name="stamps")
    serial = models.CharField(_("serial"), max_length=20, unique=True)
    number = models.PositiveIntegerField(_("number in the lot"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("stamp")
        verbose_name_plural = _("stamps")
        ordering = ["lot", "number"]
        constraints = [models.UniqueConstraint(fields=["lot", "number"], name="stamp_number_unique")]

    def __str__(self) -> str:
        return f"{self.lot} — {self.number} ({self.serial})"


class Scan(models.Model):
    """One opening of a stamp's or a lot's page. `client` is a keyed hash of the scanner's address and
    browser, never the address itself: enough to tell many clients from one."""

    stamp = models.ForeignKey(Stamp, verbose_name=_("stamp"), null=True, on_delete=models.CASCADE, related_name="scans")
    lot = models.ForeignKey(Lot, verbose_name=_("lot"), null=True, on_delete=models.CASCADE, related_name="scans")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="scans")
    serial = models.CharField(_("serial scanned"), max_length=20, blank=True)
    known = models.BooleanField(_("known stamp"), default=True)
    client = models.CharField(_("client"), max_length=64)
    scanned_at = models.DateTimeField(_("scanned at"), db_index=True)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        indexes = [models.Index(fields=["stamp", "client"], name="scan_stamp_client")]

    def __str__(self) -> str:
        return f"{self.product} — {self.scanned_at:%d/%m/%Y %H:%M}"
