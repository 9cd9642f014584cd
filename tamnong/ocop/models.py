"""OCOP: producers (chủ thể), their products, yearly registrations, council rounds with each member's
score sheet, and certificates. The scoring rules are data in `tamnong.rules.ocop`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamnong.core.files import private_storage
from tamnong.core.text import fold_name
from tamnong.places.models import AdminUnit, Level


def validate_sales_links(value) -> None:
    """[{label, url}]: at most 10 links, each an http(s) address with a short label."""
    _validate_rows(value, {"label": 80, "url": 500}, required=("url",))
    for row in value:
        URLValidator(
            schemes=["http", "https"], code="not_a_url",  # a code of its own: the field would replace "invalid"
            message=_("“%(value)s” is not a web address.") % {"value": row["url"]},
        )(row["url"])  # fmt: skip


def validate_points_of_sale(value) -> None:
    """[{name, address, phone}]: at most 10 places, each with a name and an address."""
    _validate_rows(value, {"name": 150, "address": 300, "phone": 30}, required=("name", "address"))


def _validate_rows(value, fields: dict[str, int], required: tuple[str, ...]) -> None:
    if not isinstance(value, list) or len(value) > 10:
        raise ValidationError(_("At most 10 rows."))
    for number, row in enumerate(value, start=1):
        if not isinstance(row, dict) or set(row) - set(fields):
            raise ValidationError(_("Row %(n)s: only %(fields)s.") % {"n": number, "fields": ", ".join(fields)})
        for name, limit in fields.items():
            text = row.get(name, "")
            if not isinstance(text, str) or len(text) > limit or (name in required and not text.strip()):
                raise ValidationError(
                    _("Row %(n)s: “%(field)s” is needed, at most %(limit)s characters.")
                    % {"n": number, "field": name, "limit": limit}
                )


class ProducerKind(models.TextChoices):
    """How official statistics classify OCOP subjects (docs/legal/regulations.md#s8.6)."""

    COOPERATIVE = "cooperative", _("cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("cooperative group")
    ENTERPRISE = "enterprise", _("enterprise")
    HOUSEHOLD_BUSINESS = "household_business", _("household business or production unit")


class Producer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProducerKind.choices)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True, help_text="10 digits, or 10-3 for a branch")
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="ocop_producers",
        limit_choices_to={"level": Level.COMMUNE},
    )  # fmt: skip
    address = models.CharField(_("address (village, street)"), max_length=300, blank=True)
    old_address = models.CharField(_("address before July 2025"), max_length=300, blank=True)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # A household business's (or a cooperative group's) address, phone, email, representative and tax
    # code are a person's data: public only from the day the person chose so (tamnong.ocop.privacy).
    publishes_contact = models.BooleanField(_("publishes its contact details"), default=False)
    publishes_contact_since = models.DateField(_("contact details public since"), null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("logins"), blank=True, related_name="ocop_producers"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("OCOP producer")
        verbose_name_plural = _("OCOP producers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tax_code"], condition=~Q(tax_code=""), name="producer_tax_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)  # the search key
    groups_edition = models.CharField(_("classification"), max_length=32, default="ocop/148-2023")
    group = models.CharField(_("product group"), max_length=8)
    subgroup = models.CharField(_("subgroup"), max_length=8, blank=True)
    description = models.TextField(_("description"), blank=True)
    packaging = models.CharField(_("packaging"), max_length=200, blank=True)
    commune = models.ForeignKey(
        AdminUnit, verbose_name=_("commune of origin"), on_delete=models.PROTECT, related_name="ocop_products",
        limit_choices_to={"level": Level.COMMUNE},
    )  # fmt: skip
    price_vnd = models.PositiveBigIntegerField(_("retail price (VND)"), null=True, blank=True)
    price_unit = models.CharField(_("for (e.g. a 500 ml bottle)"), max_length=100, blank=True)
    sales_links = models.JSONField(
        _("where to buy online"), default=list, blank=True, validators=[validate_sales_links],
        help_text=_("the producer's shop and its marketplace pages: [{label, url}]"),
    )  # fmt: skip
    points_of_sale = models.JSONField(
        _("showrooms and points of sale"), default=list, blank=True, validators=[validate_points_of_sale],
        help_text=_("[{name, address, phone}]"),
    )  # fmt: skip
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("OCOP product")
        verbose_name_plural = _("OCOP products")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold_name(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)


class ProductPhoto(models.Model):
    """A photo of a product; the first is the one lists show. Public: a copy re-encoded without any
    metadata (tamnong.core.photos.public_copy) of the photo the producer sent, which stays private."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="ocop/products/%Y/")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.product} — {self.image.name}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    PROPOSED = "proposed", _("pre-checked and proposed by the commune")
    RETURNED = "returned", _("returned by the commune")
    EVALUATED = "evaluated", _("evaluated")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Registration(models.Model):
    """A product registered to the program for a year's evaluation. From Decision 1489/2025 the
    commune pre-checks the dossier and proposes it to the province (or returns it, saying why)."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="registrations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target_stars = models.PositiveSmallIntegerField(_("stars aimed at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    precheck = models.JSONField(_("pre-check items found in order"), default=list, blank=True)
    prechecked_on = models.DateField(_("pre-checked on"), null=True, blank=True)
    prechecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pre-checked by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    note = models.CharField(_("reason (return or withdrawal)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["product", "year"], name="registration_unique")]

    def __str__(self) -> str:
        return f"{self.product} — {self.year}"


class CouncilLevel(models.TextChoices):
    COMMUNE = "commune", _("commune")
    DISTRICT = "district", _("district")
    PROVINCE = "province", _("province")
    NATIONAL = "national", _("central")


class Round(models.Model):
    """An evaluation round of a council at a level (the unit is the council's)."""

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=CouncilLevel.choices)
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("held on"))
    sheet_id = models.CharField(_("score sheet"), max_length=32)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("council members"), related_name="ocop_rounds"
    )
    # The council's decision locks every sheet; a change needs a reopening with a reason (audited).
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """A product in a round, and the council's result once the members have scored it."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="entries")
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True)
    parts = models.JSONField(_("points per part"), default=dict)
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=16, blank=True)
    forward_to = models.CharField(_("forwarded to"), max_length=10, blank=True)
    outliers = models.JSONField(_("members far from the others"), default=list)

    class Meta:
        verbose_name = _("product in a round")
        verbose_name_plural = _("products in a round")
        constraints = [models.UniqueConstraint(fields=["round", "product"], name="entry_unique")]

    def __str__(self) -> str:
        return f"{self.product} — {self.round}"


class MemberScore(models.Model):
    entry = models.ForeignKey(
        Entry, verbose_name=_("product in a round"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("council member"), on_delete=models.PROTECT, related_name="+"
    )
    parts = models.JSONField(_("points per part"))
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = _("member's score sheet")
        verbose_name_plural = _("members' score sheets")
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="member_score_unique")]

    def __str__(self) -> str:
        return f"{self.entry} — {self.member}"


class MemberScoreRevision(models.Model):
    """An earlier version of a member's sheet, kept when the member scores again (history, never
    overwritten): the parts as they were and when they were replaced."""

    score = models.ForeignKey(
        MemberScore, verbose_name=_("member's score sheet"), on_delete=models.CASCADE, related_name="revisions"
    )
    parts = models.JSONField(_("points per part"))
    scored_at = models.DateTimeField(_("scored at"))
    replaced_at = models.DateTimeField(_("replaced at"))

    class Meta:
        verbose_name = _("earlier score sheet")
        verbose_name_plural = _("earlier score sheets")
        ordering = ["score", "replaced_at"]

    def __str__(self) -> str:
        return f"{self.score} ({self.scored_at:%d/%m/%Y})"


class Certificate(models.Model):
    """A recognition of 3 to 5 stars by a decision; valid 36 months unless revoked or superseded."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="certificates"
    )
    entry = models.OneToOneField(
        Entry, verbose_name=_("result"), null=True, blank=True, on_delete=models.PROTECT, related_name="certificate"
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    total = models.DecimalField(
        _("total"), max_digits=6, decimal_places=2, null=True, blank=True, help_text="empty for an imported certificate"
    )
    decision_number = models.CharField(_("decision number"), max_length=64)
    issued_on = models.DateField(_("decision date"))
    issuer_level = models.CharField(_("recognised at"), max_length=10, choices=CouncilLevel.choices)
    issuer = models.ForeignKey(
        AdminUnit, verbose_name=_("recognised by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    notice_sent_on = models.DateField(_("expiry notice sent on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="certificate_three_to_five_stars"),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.stars}★ ({self.decision_number})"


class Target(models.Model):
    """A unit's OCOP targets for a year (seed 002: at least 200 products at 3–4 stars and 2 five-star
    products by 2025; seed 000: at least one new 4-star and seven new 3-star products in 2024)."""

    unit = models.ForeignKey(AdminUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="ocop_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    products_3_4 = models.PositiveIntegerField(_("products at 3–4 stars (at least)"), null=True, blank=True)
    products_5 = models.PositiveIntegerField(_("five-star products (at least)"), null=True, blank=True)
    new_3 = models.PositiveIntegerField(_("new 3-star products in the year (at least)"), null=True, blank=True)
    new_4 = models.PositiveIntegerField(_("new 4-star products in the year (at least)"), null=True, blank=True)
    new_5 = models.PositiveIntegerField(_("new 5-star products in the year (at least)"), null=True, blank=True)
    reference = models.CharField(_("plan or resolution"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("OCOP target")
        verbose_name_plural = _("OCOP targets")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="ocop_target_unique")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the office")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ProducerChange(models.Model):
    """A change a producer asks for in its own record or in one of its product pages; it applies only
    once an office approves it."""

    producer = models.ForeignKey(Producer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="changes")
    product = models.ForeignKey(
        Product, verbose_name=_("product"), null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    proposed = models.JSONField(_("proposed values"))
    photo = models.ImageField(_("proposed photo"), upload_to="ocop/changes/%Y/", blank=True, storage=private_storage)
    previous = models.JSONField(_("values before"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    note = models.CharField(_("office's note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("change asked by a producer")
        verbose_name_plural = _("changes asked by producers")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.producer} — {self.get_status_display()}"
