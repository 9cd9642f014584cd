"""Administrative units of Vietnam as they were on each official list, and the villages inside them.

A unit is keyed by (scheme, code): the same code means different places on different lists
(code 25 is Phú Thọ on both maps, but code 00004 was Phường Trúc Bạch and is now Phường
Ba Đình). Successions tie the lists together so that figures roll up on either map.
"""

from dataclasses import dataclass, fields

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    """The official lists Tamnông holds. Dates and sources: places/data/schemes.yaml."""

    Y2020 = "2020", _("2020–2024 list (63 provinces, 705 districts)")
    Y2025_01 = "2025-01", _("List of 1 January 2025 (63 provinces, 696 districts)")
    Y2025_07 = "2025-07", _("List from 1 July 2025 (34 provinces, no districts)")


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("province")
    CENTRAL_CITY = "thanh_pho_tw", _("centrally-run city")
    RURAL_DISTRICT = "huyen", _("rural district")
    URBAN_DISTRICT = "quan", _("urban district")
    TOWN = "thi_xa", _("district-level town")
    PROVINCIAL_CITY = "thanh_pho_thuoc_tinh", _("provincial city")
    COMMUNE = "xa", _("commune")
    WARD = "phuong", _("ward")
    TOWNSHIP = "thi_tran", _("township")
    SPECIAL_ZONE = "dac_khu", _("special zone")


# The units the NTM criteria assess: communes and, from 01/07/2025, special zones (the 2025 rural census
# counts 2,634 rural communes, special zones included: docs/legal/regulations.md#s2). Wards and townships are urban.
RURAL_KINDS = (UnitKind.COMMUNE, UnitKind.SPECIAL_ZONE)


# The official prefix of each kind, printed before the name in every language ("Huyện Kim Bôi").
KIND_PREFIX = {
    UnitKind.PROVINCE: "Tỉnh",
    UnitKind.CENTRAL_CITY: "Thành phố",
    UnitKind.RURAL_DISTRICT: "Huyện",
    UnitKind.URBAN_DISTRICT: "Quận",
    UnitKind.TOWN: "Thị xã",
    UnitKind.PROVINCIAL_CITY: "Thành phố",
    UnitKind.COMMUNE: "Xã",
    UnitKind.WARD: "Phường",
    UnitKind.TOWNSHIP: "Thị trấn",
    UnitKind.SPECIAL_ZONE: "Đặc khu",
}


class Level(models.IntegerChoices):
    PROVINCE = 1, _("province level")
    DISTRICT = 2, _("district level")
    COMMUNE = 3, _("commune level")


KIND_LEVEL = {
    UnitKind.PROVINCE: Level.PROVINCE,
    UnitKind.CENTRAL_CITY: Level.PROVINCE,
    UnitKind.RURAL_DISTRICT: Level.DISTRICT,
    UnitKind.URBAN_DISTRICT: Level.DISTRICT,
    UnitKind.TOWN: Level.DISTRICT,
    UnitKind.PROVINCIAL_CITY: Level.DISTRICT,
    UnitKind.COMMUNE: Level.COMMUNE,
    UnitKind.WARD: Level.COMMUNE,
    UnitKind.TOWNSHIP: Level.COMMUNE,
    UnitKind.SPECIAL_ZONE: Level.COMMUNE,
}


class Region(models.TextChoices):
    """The seven socio-economic regions of Decision 318/QĐ-TTg (criteria 2021–2025)."""

    TDMNPB = "TDMNPB", _("Northern Midlands and Mountains")
    DBSH = "DBSH", _("Red River Delta")
    BTB = "BTB", _("North Central Coast")
    DHNTB = "DHNTB", _("South Central Coast")
    TN = "TN", _("Central Highlands")
    DNB = "DNB", _("Southeast")
    DBSCL = "DBSCL", _("Mekong River Delta")


class CommuneGroup(models.IntegerChoices):
    """Commune groups of Decision 51/2025/QĐ-TTg (criteria 2026–2030)."""

    GROUP_1 = 1, _("group 1 (peri-urban, or agriculture under 10 percent of the economy)")
    GROUP_2 = 2, _("group 2")
    GROUP_3 = 3, _("group 3 (ethnic-minority and mountainous area II–III)")


class UnitNames:
    """How a unit is named and keyed, for the model and for the plain rows of long lists."""

    __slots__ = ()

    @property
    def title(self) -> str:
        """The unit's own official name with its kind: "Huyện Kim Bôi"."""
        return unit_title(self.kind, self.name)

    @property
    def key(self) -> str:
        return f"{self.scheme}:{self.code}"


class AdminUnit(UnitNames, models.Model):
    scheme = models.CharField(_("list"), max_length=7, choices=Scheme.choices)
    code = models.CharField(_("official code"), max_length=5)
    name = models.CharField(_("name"), max_length=100)
    usual_name = models.CharField(
        _("name used in reports"),
        max_length=100,
        blank=True,
        help_text=_(
            "The spelling the office uses in its reports, if it differs from the official list (Mỵ Hòa / Mi Hòa)."
        ),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=20, db_index=True, help_text="province/district/commune codes")
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    # Attributes the criteria use; offices edit them. A commune without its own value takes its parent's.
    region = models.CharField(_("socio-economic region"), max_length=6, choices=Region.choices, blank=True)
    commune_group = models.PositiveSmallIntegerField(
        _("commune group"), choices=CommuneGroup.choices, null=True, blank=True
    )
    extremely_difficult = models.BooleanField(_("extremely difficult commune"), default=False)
    safety_zone = models.BooleanField(_("safety-zone commune (ATK)"), default=False)
    poor_district_2018_2020 = models.BooleanField(
        _("in a poor district, or one that left poverty in 2018–2020"), default=False
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["scheme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="unit_scheme_code_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="unit_valid_dates"
            ),
            models.CheckConstraint(condition=Q(level__in=[1, 2, 3]), name="unit_level_known"),
        ]
        indexes = [models.Index(fields=["scheme", "level", "name_folded"])]

    def __str__(self) -> str:
        return self.title


def unit_title(kind: str, name: str) -> str:
    return f"{KIND_PREFIX[UnitKind(kind)]} {name}"


@dataclass(slots=True)
class UnitRef(UnitNames):
    """What lists of many units show of each (roll-ups of thousands of communes): read as plain
    rows, without building a model object per unit."""

    pk: int
    scheme: str
    code: str
    name: str
    usual_name: str
    kind: str
    name_folded: str
    lat: float | None
    lon: float | None


UNIT_REF_FIELDS = tuple(f.name for f in fields(UnitRef))  # the columns a query reads to build one


class SuccessionKind(models.TextChoices):
    WHOLE = "whole", _("whole")
    PARTIAL = "partial", _("partial")


class AdminUnitSuccession(models.Model):
    """An old unit went, wholly or in part, into a unit of a later list."""

    predecessor = models.ForeignKey(
        AdminUnit, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successions"
    )
    successor = models.ForeignKey(
        AdminUnit, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="predecessions"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=SuccessionKind.choices)
    effective_on = models.DateField(_("effective on"))

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="succession_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.key} → {self.successor.key}"


class VillageKind(models.TextChoices):
    THON = "thon", _("village (thôn)")
    XOM = "xom", _("hamlet (xóm)")
    AP = "ap", _("hamlet (ấp)")
    BAN = "ban", _("village (bản)")
    TO_DAN_PHO = "to_dan_pho", _("residential group (tổ dân phố)")
    KHU_PHO = "khu_pho", _("quarter (khu phố)")


VILLAGE_PREFIX = {
    VillageKind.THON: "Thôn",
    VillageKind.XOM: "Xóm",
    VillageKind.AP: "Ấp",
    VillageKind.BAN: "Bản",
    VillageKind.TO_DAN_PHO: "Tổ dân phố",
    VillageKind.KHU_PHO: "Khu phố",
}


class Village(models.Model):
    """A village inside a commune: user data, since no official list carries villages."""

    commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="villages",
        limit_choices_to={"level": Level.COMMUNE},
    )
    name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=120, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=VillageKind.choices, default=VillageKind.THON)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["commune", "name_folded"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name_folded"],
                condition=Q(valid_to__isnull=True),
                name="village_current_name_unique",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="village_valid_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{VILLAGE_PREFIX[VillageKind(self.kind)]} {self.name}"


class BoundarySet(models.Model):
    """Boundaries an administrator uploaded as GeoJSON (no package ships Vietnamese polygons):
    features matched to the units of one list and level by a property holding the official code."""

    scheme = models.CharField(_("list"), max_length=7, choices=Scheme.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    code_property = models.CharField(_("property holding the official code"), max_length=64)
    source = models.CharField(_("source and licence"), max_length=300)
    features = models.JSONField(_("features by unit code"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("boundary set")
        verbose_name_plural = _("boundary sets")
        constraints = [models.UniqueConstraint(fields=["scheme", "level"], name="boundary_set_unique")]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} — {self.get_level_display()}"


class CoverageShare(models.TextChoices):
    WHOLE = "whole", _("wholly")
    PART = "part", _("wholly or in part")


class CoverageLink(models.TextChoices):
    LATER = "later", _("continues it on a later list")
    EARLIER = "earlier", _("preceded it on an earlier list")


class UnitCoverage(models.Model):
    """What a unit's territory covers, on every list: one row per (unit, covered unit), computed from
    the units' parents and the successions whenever they are loaded or changed, and read only through
    `tamnong.places.territory` (which says what each column means)."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="coverage")
    covered = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="covered_by")
    # `covered` is the unit or lies under it on the same list
    inside = models.BooleanField(default=False)
    # a role held over the unit reaches `covered`: under the unit, or under a unit of another list with
    # the same territory (one it was formed from, one that continues it one to one)
    authority = models.BooleanField(default=False)
    # `covered`'s territory lies in the unit's: wholly, or wholly or in part (the successions do not say
    # how much); blank: it does not, as far as the successions tell
    share = models.CharField(max_length=5, choices=CoverageShare.choices, blank=True)
    # `covered` continues the unit on a later list, or the unit continues it, through the successions
    link = models.CharField(max_length=7, choices=CoverageLink.choices, blank=True)

    class Meta:
        verbose_name = _("unit coverage")
        verbose_name_plural = _("unit coverage")
        constraints = [models.UniqueConstraint(fields=["unit", "covered"], name="coverage_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.covered_id}"


# --------------------------------------------------------------------------- groups and regions, dated
#
# The commune group of Decision 51/2025 (criteria 2026–2030) and the region of Decision 318/2022 (for a
# province whose region the sources disagree on) are set by the provincial office, four eyes: an officer
# proposes a batch of communes, a second officer of that province approves it, and each row holds from
# its date. Evaluation reads only the approved rows (tamnong.places.groups); the writes are in
# tamnong.accounts.unit_groups (the authority is the accounts' notion; places sits below accounts).


class UnitAttribute(models.TextChoices):
    COMMUNE_GROUP = "commune_group", _("commune group (Decision 51/2025)")
    REGION = "region", _("socio-economic region (Decision 318/2022)")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("awaiting approval")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned to the proposer")


class AttributeProposal(models.Model):
    """A batch of groups (or regions) a provincial officer proposed for communes of the province."""

    attribute = models.CharField(_("attribute"), max_length=16, choices=UnitAttribute.choices)
    province = models.ForeignKey(
        AdminUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="attribute_proposals"
    )
    status = models.CharField(_("status"), max_length=8, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("proposal of commune groups or regions")
        verbose_name_plural = _("proposals of commune groups or regions")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("proposed_by")),
                name="attribute_proposal_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(reviewed_by__isnull=False), name="attribute_proposal_reviewed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_attribute_display()} — {self.province} ({self.proposed_at:%d/%m/%Y})"


class AttributeAssignment(models.Model):
    """One commune's group (or region) in a proposal, holding from `effective_from` once approved."""

    proposal = models.ForeignKey(AttributeProposal, on_delete=models.PROTECT, related_name="rows")
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="attribute_assignments"
    )
    value = models.CharField(_("value"), max_length=6)
    effective_from = models.DateField(_("effective from"))
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("commune group or region")
        verbose_name_plural = _("commune groups and regions")
        constraints = [models.UniqueConstraint(fields=["proposal", "unit"], name="attribute_assignment_unique")]
        indexes = [models.Index(fields=["unit", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.value} ({self.effective_from:%d/%m/%Y})"


class EthnicArea(models.TextChoices):
    """Areas of ethnic-minority and mountainous communes, as the competent authority classifies them."""

    I = "I", _("area I")  # noqa: E741 - the official numbering
    II = "II", _("area II")
    III = "III", _("area III")


class EthnicAreaList(models.Model):
    """The list of a province's communes by ethnic-minority and mountainous area that an office uploaded:
    the source of the group-3 suggestions (never an assignment)."""

    province = models.ForeignKey(AdminUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("decision classifying the areas"), max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("list of communes by ethnic-minority area")
        verbose_name_plural = _("lists of communes by ethnic-minority area")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.province} — {self.reference}"


class EthnicAreaCommune(models.Model):
    area_list = models.ForeignKey(EthnicAreaList, on_delete=models.CASCADE, related_name="communes")
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    area = models.CharField(_("area"), max_length=3, choices=EthnicArea.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area_list", "unit"], name="ethnic_area_commune_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.area}"
