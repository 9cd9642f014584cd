"""Reads of resources and works: the roll-up of a unit over a span of dates (capital by source, works
by kind and status, disbursement, certified areas, cooperatives and farms, alerts and the report
paragraphs), works lists scoped to the actor, and a commune's works by criterion.

Records count for a unit on either map: a commune's records count for every unit its territory lies
in, wholly or partly, on any list (`tamnong.places.territory.communes`); a district's or
a province's own records count for the units that contain all of its territory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy

from tamnong.accounts.selectors import actor_scope
from tamnong.core.errors import NotFoundError, PermissionDeniedError
from tamnong.core.i18n import Bilingual
from tamnong.places import territory
from tamnong.places.models import KIND_PREFIX, AdminUnit, UnitKind, Village, unit_title
from tamnong.places.selectors import unit_full_name
from tamnong.resources import narrative
from tamnong.resources.models import (
    CertifiedArea,
    Contribution,
    Disbursement,
    Establishment,
    EstablishmentKind,
    Source,
    Standard,
    Work,
    WorkFunding,
    WorkPhoto,
)
from tamnong.resources.reference import WorkType, funding_sources, lag_rule, work_types
from tamnong.resources.workflow import PLANNED, STATUSES, Alert, rate_pct, status_between, work_alerts


def record_units(unit: AdminUnit) -> tuple[QuerySet[AdminUnit], QuerySet[AdminUnit]]:
    """(the communes whose records count for the unit, every unit whose records count for it), as
    queries (tamnong.places.territory)."""
    return territory.communes(unit).values("pk"), territory.record_units(unit).values("pk")


@dataclass(frozen=True)
class WorkRow:
    """A work in a span of dates: its status then, its budget, what was disbursed by the end, alerts."""

    work: Work
    type: WorkType | None
    status: str  # in the span
    budget_vnd: int
    funding: dict[str, int]
    disbursed_vnd: int
    alerts: tuple[Alert, ...]

    @property
    def rate_pct(self) -> Decimal | None:
        return rate_pct(self.disbursed_vnd, self.budget_vnd)


@dataclass
class ResourcesSummary:
    unit: AdminUnit
    starts_on: dt.date
    ends_on: dt.date
    capital_by_source: dict[str, int] = field(default_factory=dict)
    community: dict[str, int] = field(default_factory=dict)  # cash_vnd, in_kind_vnd, land_m2, working_days
    contributions: list[Contribution] = field(default_factory=list)
    rows: list[WorkRow] = field(default_factory=list)
    works_by_type_and_status: dict[str, dict[str, int]] = field(default_factory=dict)
    budget_vnd: int = 0  # of the works under way or completed in the span
    disbursed_vnd: int = 0
    areas: tuple[narrative.AreaFigure, ...] = ()
    cooperatives: int = 0
    farms: int = 0
    warnings: list[tuple[str, str]] = field(default_factory=list)
    paragraphs_vi: list[str] = field(default_factory=list)
    paragraphs_en: list[str] = field(default_factory=list)

    @property
    def capital_total(self) -> int:
        return sum(self.capital_by_source.values())

    @property
    def disbursement_rate(self) -> Decimal | None:
        return rate_pct(self.disbursed_vnd, self.budget_vnd)

    @property
    def alerts(self) -> list[tuple[WorkRow, Alert]]:
        return [(row, alert) for row in self.rows for alert in row.alerts]

    @property
    def works_total(self) -> int:
        return len(self.rows)

    @property
    def text_vi(self) -> str:
        return "\n\n".join(self.paragraphs_vi)

    @property
    def text_en(self) -> str:
        return "\n\n".join(self.paragraphs_en)


def _amounts(model, work_ids, **filters) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        model.objects.filter(work_id__in=work_ids, **filters).values("work_id", "source").annotate(t=Sum("amount_vnd"))
    ):
        out[row["work_id"]][row["source"]] = row["t"]
    return out


def work_rows(works, *, starts_on: dt.date, ends_on: dt.date) -> list[WorkRow]:
    """The works that have a place in a report of the span, each with its status in it."""
    works = list(works.select_related("commune", "village"))
    ids = [w.pk for w in works]
    funding = _amounts(WorkFunding, ids)
    disbursed = dict(
        Disbursement.objects.filter(work_id__in=ids, on__lte=ends_on)
        .values("work_id").annotate(t=Sum("amount_vnd")).values_list("work_id", "t")
    )  # fmt: skip
    rule, types = lag_rule(), work_types()
    rows = []
    for w in works:
        status = status_between(
            starts_on=starts_on, ends_on=ends_on, plan_year=w.plan_year, started_on=w.started_on,
            completed_on=w.completed_on,
        )  # fmt: skip
        if status is None:
            continue
        budget = sum(funding.get(w.pk, {}).values())
        paid = disbursed.get(w.pk, 0)
        alerts = work_alerts(
            rule, on=ends_on, started_on=w.started_on, planned_end_on=w.planned_end_on, completed_on=w.completed_on,
            budget_vnd=budget, disbursed_vnd=paid,
        )  # fmt: skip
        rows.append(WorkRow(w, types.get(w.type), status, budget, funding.get(w.pk, {}), paid, tuple(alerts)))
    order = {code: i for i, code in enumerate(types)}
    rows.sort(key=lambda r: (order.get(r.work.type, len(order)), r.work.commune.code, r.work.name))
    return rows


def report_title(unit: AdminUnit) -> str:
    """ "Huyện Kim Bôi", with the name the office uses in its reports."""
    return unit_title(unit.kind, unit.usual_name or unit.name)


def resources_summary(*, unit: AdminUnit, starts_on: dt.date, ends_on: dt.date) -> ResourcesSummary:
    """The resources, works and production of a unit over [starts_on, ends_on], with the paragraphs."""
    summary = ResourcesSummary(unit=unit, starts_on=starts_on, ends_on=ends_on)
    communes, units = record_units(unit)

    records = Contribution.objects.filter(unit_id__in=units)
    inside = list(records.filter(starts_on__gte=starts_on, ends_on__lte=ends_on).select_related("unit").order_by(
        "starts_on", "unit__code", "source"
    ))  # fmt: skip
    summary.contributions = inside
    summary.capital_by_source = {code: 0 for code in funding_sources()}
    community = {"cash_vnd": 0, "in_kind_vnd": 0, "land_m2": 0, "working_days": 0}
    for c in inside:
        summary.capital_by_source[c.source] += c.total_vnd
        if c.source == Source.COMMUNITY:
            community["cash_vnd"] += c.amount_vnd
            community["in_kind_vnd"] += c.in_kind_vnd
            community["land_m2"] += c.land_m2
            community["working_days"] += c.working_days
    summary.community = community
    straddling = records.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exclude(
        starts_on__gte=starts_on, ends_on__lte=ends_on
    ).count()  # fmt: skip
    if straddling:
        summary.warnings.append((
            f"{straddling} bản ghi vốn huy động có khoảng thời gian vượt ra ngoài kỳ báo cáo nên không được tính "
            "(không chia theo ngày vì không có căn cứ).",
            f"{straddling} capital {'record lies' if straddling == 1 else 'records lie'} partly outside the period and "
            f"{'is' if straddling == 1 else 'are'} not counted (records are not split by day: no rule says how).",
        ))  # fmt: skip

    summary.rows = work_rows(Work.objects.filter(commune_id__in=communes), starts_on=starts_on, ends_on=ends_on)
    by_type: dict[str, dict[str, int]] = {}
    for row in summary.rows:
        by_type.setdefault(row.work.type, {s: 0 for s in STATUSES})[row.status] += 1
        if row.status != PLANNED:
            summary.budget_vnd += row.budget_vnd
            summary.disbursed_vnd += row.disbursed_vnd
    summary.works_by_type_and_status = by_type

    year = ends_on.year
    sums = {
        (r["year"], r["standard"]): r["t"]
        for r in CertifiedArea.objects.filter(commune_id__in=communes, year__in=(year, year - 1))
        .values("year", "standard").annotate(t=Sum("area_ha"))
    }  # fmt: skip
    summary.areas = tuple(
        narrative.AreaFigure(standard, year, sums[(year, standard)], sums.get((year - 1, standard)))
        for standard in Standard.values
        if (year, standard) in sums
    )
    active = Establishment.objects.filter(commune_id__in=communes).filter(
        Q(established_on__isnull=True) | Q(established_on__lte=ends_on), Q(closed_on__isnull=True) | Q(closed_on__gt=ends_on)
    )  # fmt: skip
    summary.cooperatives = active.filter(kind=EstablishmentKind.COOPERATIVE, agricultural=True).count()
    summary.farms = active.filter(kind=EstablishmentKind.FARM).count()

    figures = _figures(summary)
    summary.paragraphs_vi = narrative.paragraphs(figures, "vi")
    summary.paragraphs_en = narrative.paragraphs(figures, "en")
    return summary


def _figures(summary: ResourcesSummary) -> narrative.NarrativeFigures:
    types = work_types()
    works: dict[str, list[tuple[WorkType, int]]] = {}
    for status in STATUSES:
        items = [(types[code], counts[status]) for code, counts in summary.works_by_type_and_status.items()
                 if code in types and counts[status]]  # fmt: skip
        order = list(types)
        works[status] = sorted(items, key=lambda item: order.index(item[0].code))
    unit = summary.unit
    return narrative.NarrativeFigures(
        title_vi=report_title(unit), kind_vi=KIND_PREFIX[UnitKind(unit.kind)], kind=unit.kind,
        name=unit.usual_name or unit.name, starts_on=summary.starts_on, ends_on=summary.ends_on,
        capital_total_vnd=summary.capital_total, works=works, areas=summary.areas,
        cooperatives=summary.cooperatives, farms=summary.farms,
    )  # fmt: skip


def latest_data_date(unit: AdminUnit) -> dt.date | None:
    """The latest date the unit's records speak of (a page's default end date)."""
    communes, units = record_units(unit)
    dates = [
        Contribution.objects.filter(unit_id__in=units).order_by("-ends_on").values_list("ends_on", flat=True).first(),
        Disbursement.objects.filter(work__commune_id__in=communes).order_by("-on").values_list("on", flat=True).first(),
        Work.objects.filter(commune_id__in=communes, started_on__isnull=False)
        .order_by("-started_on").values_list("started_on", flat=True).first(),
    ]  # fmt: skip
    dates = [d for d in dates if d is not None]
    return max(dates) if dates else None


def works_list(
    *, actor, unit: AdminUnit, type: str = "", status: str = "", commune: AdminUnit | None = None, order=(),
    with_funding: bool = False,
) -> QuerySet[Work]:
    """The works of a unit (its communes on every list) that the actor may read, filtered by kind and
    recorded status, in this order if one is given."""
    works = Work.objects.filter(commune__in=territory.communes(unit)).select_related("commune", "village")
    if type:
        works = works.filter(type=type)
    if status:
        works = works.filter(status=status)
    if commune is not None:
        works = works.filter(commune=commune)
    works = actor_scope(actor).filter(works, prefix="commune__").annotate(budget_vnd=Sum("funding__amount_vnd"))
    works = works.prefetch_related("funding") if with_funding else works
    return works.order_by(*order) if order else works


def work_get(*, actor, pk: int, to_write: bool = False) -> Work:
    """A work the actor may read (a viewer reads; outside its scope: refused). `to_write`: the work an
    API is about to change, whose service refuses an actor outside its scope naming the action."""
    work = Work.objects.filter(pk=pk).select_related("commune__parent__parent", "village", "created_by").first()
    if work is None:
        raise NotFoundError(gettext_lazy("No work %(pk)s."), {"pk": pk})
    if not to_write and not actor_scope(actor).covers(work.commune):
        raise PermissionDeniedError(
            gettext_lazy("This account may not see the works of %(commune_title)s."),
            {"commune_title": Bilingual(unit_full_name(work.commune), work.commune.title)},
        )
    return work


def contribution_get(*, actor, pk: int, to_write: bool = False) -> Contribution:
    """A capital record the actor may read; `to_write`: one its service is about to check (as work_get)."""
    contribution = Contribution.objects.filter(pk=pk).select_related("unit").first()
    if contribution is None:
        raise NotFoundError(gettext_lazy("No capital record %(pk)s."), {"pk": pk})
    if not to_write and not actor_scope(actor).covers(contribution.unit):
        raise PermissionDeniedError(
            gettext_lazy("This account may not see the capital records of %(unit_title)s."),
            {"unit_title": Bilingual(unit_full_name(contribution.unit), contribution.unit.title)},
        )
    return contribution


def contributions_list(*, actor, unit: AdminUnit, starts_on: dt.date | None = None, ends_on: dt.date | None = None):
    _, units = record_units(unit)
    records = Contribution.objects.filter(unit_id__in=units).select_related("unit")
    if starts_on:
        records = records.filter(starts_on__gte=starts_on)
    if ends_on:
        records = records.filter(ends_on__lte=ends_on)
    return actor_scope(actor).filter(records, prefix="unit__")


def disbursed_by_work(ids, on: dt.date | None = None) -> dict[int, int]:
    """What was disbursed for each of these works (by a date, if given)."""
    rows = Disbursement.objects.filter(work_id__in=ids)
    if on is not None:
        rows = rows.filter(on__lte=on)
    return dict(rows.values("work_id").annotate(t=Sum("amount_vnd")).values_list("work_id", "t"))


def work_disbursed(work: Work, on: dt.date | None = None) -> int:
    rows = work.disbursements.all() if on is None else work.disbursements.filter(on__lte=on)
    return rows.aggregate(t=Sum("amount_vnd"))["t"] or 0


def work_budget(work: Work) -> int:
    return work.funding.aggregate(t=Sum("amount_vnd"))["t"] or 0


@dataclass(frozen=True)
class CriterionGroup:
    """A commune's works that serve one criterion of an edition (or whose criterion is unknown)."""

    number: str | None
    name_vi: str
    name_en: str
    works: tuple[Work, ...]
    reason_vi: str = ""
    reason_en: str = ""


def works_by_criterion(*, actor, commune: AdminUnit, edition) -> list[CriterionGroup]:
    """The commune's works grouped by the criterion of `edition` (a `tamnong.rules.Edition`) each
    serves, in the criteria's order; works of a kind whose criterion is not known last, with the reason."""
    works = list(works_list(actor=actor, unit=commune).order_by("type", "name"))
    criteria = {c.number: c for c in edition.tiers[0].criteria}
    groups: dict[str | None, list[Work]] = defaultdict(list)
    reasons: dict[str | None, tuple[str, str]] = {}
    types = work_types()
    for w in works:
        link = types[w.type].criterion(edition.id) if w.type in types else None
        number = link.number if link is not None and link.number in criteria else None
        groups[number].append(w)
        if number is None and link is not None:
            reasons[None] = (link.reason_vi, link.reason_en)
    out = [
        CriterionGroup(n, criteria[n].name_vi, criteria[n].name_en, tuple(groups[n])) for n in criteria if groups.get(n)
    ]
    if groups.get(None):
        vi, en = reasons.get(None, ("", ""))
        out.append(CriterionGroup(None, "Chưa xác định tiêu chí", "Criterion not known", tuple(groups[None]), vi, en))
    return out


def works_for_criterion(*, actor, commune: AdminUnit, edition_id: str, number: str) -> list[Work]:
    """The commune's works of the kinds that serve criterion `number` of an edition."""
    codes = [code for code, t in work_types().items() if t.criterion(edition_id).number == number]
    return list(works_list(actor=actor, unit=commune).filter(type__in=codes).order_by("type", "name"))


# --- the reads of the work form and the work page ---


def village_of(commune: AdminUnit, pk) -> Village | None:
    """The commune's village of this id, or None."""
    return Village.objects.filter(pk=pk, commune=commune).first()


def village_get(pk) -> Village | None:
    return Village.objects.filter(pk=pk).first()


def villages_in_force(commune: AdminUnit) -> QuerySet[Village]:
    return Village.objects.filter(commune=commune, valid_to__isnull=True).order_by("name_folded")


def work_disbursement(work: Work, pk) -> Disbursement | None:
    return Disbursement.objects.filter(pk=pk, work=work).first()


def work_photo(work: Work, pk) -> WorkPhoto | None:
    return WorkPhoto.objects.filter(pk=pk, work=work).first()


def contribution_find(pk: int) -> Contribution | None:
    return Contribution.objects.filter(pk=pk).select_related("unit").first()


def work_funding(work: Work) -> list[WorkFunding]:
    return list(work.funding.all())


def work_disbursements(work: Work) -> list[Disbursement]:
    return list(work.disbursements.all())


def work_photos(work: Work) -> list[WorkPhoto]:
    return list(work.photos.all())
