"""The commune group (Decision 51/2025) and the old-map region (Decision 318/2022) of a commune on a date,
as the provincial offices set them: reads only. The writes (propose, approve, the XLSX round-trip, the
list of ethnic-minority areas) are tamnong.accounts.unit_groups, which checks the authority.

Only an approved row, from its date, sets what evaluation reads (`group_on`, `region_on`): a commune
nobody has assigned has no group, and a suggestion (`suggestion`) is never an assignment. The legal
definitions are those of docs/legal/regulations.md#s15: group 1, a commune next to an existing urban area and
planned to become urban, or with agriculture under 10 % of its economy, or planned as a new urban
area; group 3, the area II and III communes of ethnic-minority and mountain regions; group 2, all
others. From the data Tamnông holds, only two things follow: a ward is urban and takes no group (a
special zone, counted among the rural communes, takes one like a commune), and a commune an office's
uploaded list puts in area II or III is suggested group 3.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.dispatch import Signal
from django.utils.translation import gettext as _

from tamnong.core.imports import template_workbook, workbook_bytes
from tamnong.places.models import (
    RURAL_KINDS,
    AdminUnit,
    AttributeAssignment,
    AttributeProposal,
    CommuneGroup,
    EthnicArea,
    EthnicAreaCommune,
    EthnicAreaList,
    Level,
    ProposalStatus,
    Region,
    Scheme,
    UnitAttribute,
)

# The lists each attribute is set on: the groups are for the criteria of 2026–2030, on the July 2025
# list; the regions are for the criteria of 2021–2025, on the old map.
# Sent inside the approval's transaction when a proposal is approved, with `proposal` (its rows now hold
# from their dates). The parts of Tamnông that keep results computed with a unit's group or region
# (tamnong.ntm: the evaluation snapshots) re-evaluate them; places knows nothing of them.
proposal_approved = Signal()

ATTRIBUTE_SCHEMES = {
    UnitAttribute.COMMUNE_GROUP: (Scheme.Y2025_07,),
    UnitAttribute.REGION: (Scheme.Y2020, Scheme.Y2025_01),
}
GROUPED_KINDS = RURAL_KINDS  # the units the criteria assess; a ward or a township is urban
GROUP_3_AREAS = (EthnicArea.II, EthnicArea.III)  # docs/legal/regulations.md#s15


def values_of(attribute: str) -> list[tuple[str, str]]:
    """(value, label) of the attribute, as the forms and the file offer them."""
    if attribute == UnitAttribute.COMMUNE_GROUP:
        return [(str(v), str(label)) for v, label in CommuneGroup.choices]
    return [(v, str(label)) for v, label in Region.choices]


def value_label(attribute: str, value: str | None) -> str:
    if value in (None, ""):
        return ""
    if attribute == UnitAttribute.COMMUNE_GROUP:
        return str(CommuneGroup(int(value)).label)
    return str(Region(value).label)


def applicable(unit: AdminUnit) -> bool:
    """Whether the unit is one the criteria assess, so takes a group or a region (a ward does not)."""
    return unit.level == Level.COMMUNE and unit.kind in GROUPED_KINDS


def _approved(attribute: str) -> QuerySet[AttributeAssignment]:
    return AttributeAssignment.objects.filter(
        proposal__attribute=attribute, proposal__status=ProposalStatus.APPROVED
    ).select_related("proposal__proposed_by", "proposal__reviewed_by")


def assignment_on(unit: AdminUnit, attribute: str, on: dt.date) -> AttributeAssignment | None:
    """The approved row in force for the unit on the date: the latest date on or before it (of two rows
    from the same date, the later approval)."""
    return (
        _approved(attribute)
        .filter(unit=unit, effective_from__lte=on)
        .order_by("-effective_from", "-proposal__reviewed_at", "-pk")
        .first()
    )


def group_on(unit: AdminUnit, on: dt.date) -> int | None:
    """The commune group of Decision 51/2025 the criteria use for the unit on the date: the approved
    assignment in force, or None (then the 2026–2030 set cannot assess the commune)."""
    row = assignment_on(unit, UnitAttribute.COMMUNE_GROUP, on)
    return int(row.value) if row else None


def region_on(unit: AdminUnit, on: dt.date) -> str | None:
    """The region of Decision 318/2022 for the unit on the date: an approved assignment in force, else
    the region the unit or its nearest ancestor carries (the official list, tamnong/places/data/regions.csv)."""
    row = assignment_on(unit, UnitAttribute.REGION, on)
    if row is not None:
        return row.value
    candidate: AdminUnit | None = unit
    while candidate is not None:
        if candidate.region:
            return candidate.region
        candidate = candidate.parent
    return None


def history(unit: AdminUnit, attribute: str) -> list[AttributeAssignment]:
    """Every approved row of the unit, latest first: which value, from when, proposed and approved by whom."""
    return list(_approved(attribute).filter(unit=unit).order_by("-effective_from", "-proposal__reviewed_at"))


def pending(unit: AdminUnit, attribute: str) -> AttributeAssignment | None:
    return (
        AttributeAssignment.objects.filter(
            unit=unit, proposal__attribute=attribute, proposal__status=ProposalStatus.PROPOSED
        )
        .select_related("proposal__proposed_by")
        .first()
    )


# --------------------------------------------------------------------------- a province's communes


def communes_of(province: AdminUnit) -> QuerySet[AdminUnit]:
    """Every commune-level unit of the province on its own list, in name order."""
    return AdminUnit.objects.filter(
        scheme=province.scheme, level=Level.COMMUNE, path__startswith=f"{province.path}/"
    ).order_by("name_folded", "code")


@dataclass
class Suggestion:
    value: str
    reason: str


@dataclass
class CommuneRow:
    unit: AdminUnit
    applicable: bool
    current: AttributeAssignment | None  # the approved row in force on the page's date
    pending: AttributeAssignment | None  # a row awaiting approval
    suggestion: Suggestion | None

    @property
    def current_value(self) -> str:
        return self.current.value if self.current else ""


def area_list_latest(province: AdminUnit) -> EthnicAreaList | None:
    return EthnicAreaList.objects.filter(province=province).first()


def suggestion(unit: AdminUnit, area: str | None, area_list: EthnicAreaList | None) -> Suggestion | None:
    """What the data say of the unit's group, or None when they say nothing (docs/legal/regulations.md#s15): only
    group 3, for a commune the office's list puts in area II or III. Area I says nothing (group 1 and 2
    need facts Tamnông does not hold)."""
    if not applicable(unit) or area not in GROUP_3_AREAS or area_list is None:
        return None
    return Suggestion(
        "3",
        _("area %(area)s of the ethnic-minority and mountainous areas (%(reference)s): group 3 under Decision 51/2025")
        % {"area": area, "reference": area_list.reference},
    )


def commune_rows(province: AdminUnit, attribute: str, on: dt.date) -> list[CommuneRow]:
    """The province's communes with their value in force on the date, what awaits approval and, for
    the groups, what the data suggest (a few queries for the whole province)."""
    units = list(communes_of(province))
    ids = [u.pk for u in units]
    current: dict[int, AttributeAssignment] = {}
    for row in (
        _approved(attribute)
        .filter(unit_id__in=ids, effective_from__lte=on)
        .order_by("unit_id", "-effective_from", "-proposal__reviewed_at", "-pk")
    ):
        current.setdefault(row.unit_id, row)
    waiting = {
        row.unit_id: row
        for row in AttributeAssignment.objects.filter(
            unit_id__in=ids, proposal__attribute=attribute, proposal__status=ProposalStatus.PROPOSED
        ).select_related("proposal__proposed_by")
    }
    areas: dict[int, str] = {}
    area_list = area_list_latest(province) if attribute == UnitAttribute.COMMUNE_GROUP else None
    if area_list is not None:
        areas = dict(EthnicAreaCommune.objects.filter(area_list=area_list).values_list("unit_id", "area"))
    return [
        CommuneRow(
            unit=u,
            applicable=applicable(u),
            current=current.get(u.pk),
            pending=waiting.get(u.pk),
            suggestion=suggestion(u, areas.get(u.pk), area_list) if attribute == UnitAttribute.COMMUNE_GROUP else None,
        )  # fmt: skip
        for u in units
    ]


def rows_filter(rows: list[CommuneRow], *, value: str = "", q: str = "") -> list[CommuneRow]:
    """`value`: a value of the attribute, "none" (applicable, nothing approved), "pending",
    "suggested" or "na" (not applicable); `q`: words of the name, regardless of tones."""
    from tamnong.core.text import fold_name

    if value == "none":
        rows = [r for r in rows if r.applicable and r.current is None]
    elif value == "pending":
        rows = [r for r in rows if r.pending is not None]
    elif value == "suggested":
        rows = [r for r in rows if r.suggestion is not None]
    elif value == "na":
        rows = [r for r in rows if not r.applicable]
    elif value:
        rows = [r for r in rows if r.current_value == value]
    for word in fold_name(q or "").split():
        rows = [r for r in rows if word in r.unit.name_folded]
    return rows


# --------------------------------------------------------------------------- the file offices fill

COLUMNS = [  # (code, Vietnamese header, required)
    ("code", "Mã xã", True),
    ("name", "Tên xã", False),
    ("current", "Đang áp dụng (không sửa)", False),
    ("value", "Đề xuất", False),
    ("effective_from", "Áp dụng từ ngày (dd/mm/yyyy)", False),
    ("basis", "Căn cứ", False),
]
VALUE_HEADERS = {
    UnitAttribute.COMMUNE_GROUP: "Nhóm xã đề xuất (1, 2, 3)",
    UnitAttribute.REGION: "Vùng đề xuất (" + ", ".join(Region.values) + ")",
}


def columns(attribute: str) -> list[tuple[str, str, bool]]:
    return [(c, VALUE_HEADERS[attribute] if c == "value" else h, r) for c, h, r in COLUMNS]


def rows_xlsx(province: AdminUnit, attribute: str, on: dt.date) -> bytes:
    """The province's communes with the value in force on the date, to fill and upload back: row 1 the
    headers, row 2 the column codes the upload reads, then one row per commune."""
    wb = template_workbook("Nhóm xã" if attribute == UnitAttribute.COMMUNE_GROUP else "Vùng", columns(attribute),
                           wide=("name", "current", "basis"))  # fmt: skip
    ws = wb.active
    for row in commune_rows(province, attribute, on):
        if not row.applicable:
            current = "không áp dụng (không phải xã)"
        elif row.current is None:
            current = "chưa có"
        else:
            current = f"{row.current.value} (từ {row.current.effective_from:%d/%m/%Y})"
        ws.append([row.unit.code, row.unit.title, current, "", "", ""])
    return workbook_bytes(wb)


# --------------------------------------------------------------------------- the national view


@dataclass
class CoverageRow:
    province: AdminUnit
    communes: int  # communes that take a group
    approved: int  # of them, with an approved group in force on the date
    pending: int  # of them, without one but with a proposal awaiting approval
    not_applicable: int  # wards

    @property
    def without(self) -> int:
        return self.communes - self.approved

    @property
    def share_pct(self) -> float | None:
        return 100 * self.approved / self.communes if self.communes else None


def coverage(on: dt.date, provinces: QuerySet[AdminUnit] | None = None) -> list[CoverageRow]:
    """Per province of the July 2025 list: communes with and without an approved group on the date."""
    if provinces is None:
        provinces = AdminUnit.objects.filter(scheme=Scheme.Y2025_07, level=Level.PROVINCE)
    provinces = list(provinces.order_by("name_folded"))
    communes = AdminUnit.objects.filter(scheme=Scheme.Y2025_07, level=Level.COMMUNE)
    counts = {
        row["parent_id"]: row
        for row in communes.values("parent_id").annotate(
            grouped=Count("pk", filter=Q(kind__in=GROUPED_KINDS)), other=Count("pk", filter=~Q(kind__in=GROUPED_KINDS))
        )
    }
    approved = set(
        _approved(UnitAttribute.COMMUNE_GROUP)
        .filter(effective_from__lte=on, unit__scheme=Scheme.Y2025_07, unit__kind__in=GROUPED_KINDS)
        .values_list("unit_id", flat=True)
    )
    waiting = set(
        AttributeAssignment.objects.filter(
            proposal__attribute=UnitAttribute.COMMUNE_GROUP, proposal__status=ProposalStatus.PROPOSED,
            unit__scheme=Scheme.Y2025_07,
        ).values_list("unit_id", flat=True)
    )  # fmt: skip
    parent_of = dict(communes.filter(pk__in=approved | waiting).values_list("pk", "parent_id"))
    by_province_approved: dict[int, int] = {}
    by_province_pending: dict[int, int] = {}
    for unit_id in approved:
        by_province_approved[parent_of[unit_id]] = by_province_approved.get(parent_of[unit_id], 0) + 1
    for unit_id in waiting - approved:
        by_province_pending[parent_of[unit_id]] = by_province_pending.get(parent_of[unit_id], 0) + 1
    out = []
    for p in provinces:
        c = counts.get(p.pk, {"grouped": 0, "other": 0})
        out.append(CoverageRow(p, c["grouped"], by_province_approved.get(p.pk, 0), by_province_pending.get(p.pk, 0),
                               c["other"]))  # fmt: skip
    return out


def proposals_of(province: AdminUnit, attribute: str) -> QuerySet[AttributeProposal]:
    return (
        AttributeProposal.objects.filter(province=province, attribute=attribute)
        .select_related("proposed_by", "reviewed_by")
        .annotate(size=Count("rows"))
    )
