"""Roll-ups of commune evaluations for a district, a province or the nation at a date.

Each commune counts with its latest self-assessment on or before the date, against the edition in
force on that date. Tiers come from the recognition register (legal acts); the average, the
distribution and the criterion shares from the evaluations. Ratios are sums over sums; averages
are rounded half up to one decimal, as reports write them (14,9).
"""

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from tamnong import rules
from tamnong.criteria.editions import edition_get, edition_in_force
from tamnong.ntm.models import EvaluationSnapshot, Recognition, SelfAssessment, Target
from tamnong.ntm.narrative import Bucket, NarrativeFigures, summary_en, summary_vi
from tamnong.places import territory
from tamnong.places.models import (
    RURAL_KINDS,
    UNIT_REF_FIELDS,
    AdminUnit,
    CoverageShare,
    Level,
    UnitCoverage,
    UnitRef,
)
from tamnong.places.schemes import scheme_on, schemes
from tamnong.rules.loader.reports import distribution_bands

# Communes that the NTM criteria assess (wards and townships are urban; special zones are rural).



@dataclass(slots=True)  # thousands per national roll-up: slots, not frozen (faster to build)
class CommuneStanding:
    unit: UnitRef
    name: str
    on: dt.date
    criteria_met: int
    criteria_total: int
    indicators_met: int
    tier_reached: str
    recognised_tier: str | None


@dataclass(frozen=True)
class NtmSummary:
    unit: AdminUnit | None
    on: dt.date
    edition: rules.Edition
    communes_in_unit: int
    communes: tuple[CommuneStanding, ...]
    average_criteria: Decimal | None
    average_indicators: Decimal | None
    tiers: dict[str, tuple[UnitRef, ...]]
    distribution: tuple[Bucket, ...]
    criteria_share: dict[str, Decimal]
    target: Target | None
    warnings: tuple[tuple[str, str], ...] = field(default=())
    attribution: tuple[str, str] | None = None  # the rule used when the data are on another list than the unit
    text_vi: str = ""
    text_en: str = ""

    @property
    def communes_assessed(self) -> int:
        return len(self.communes)


def report_name(unit: AdminUnit | UnitRef) -> str:
    """The name reports print: the one the office set for its reports, else the official one."""
    return unit.usual_name or unit.name


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rural_communes(unit: AdminUnit | None, scheme: str | None = None):
    """The communes the criteria assess inside a unit (the unit itself if it is one), or on a whole list."""
    if unit is None:
        return AdminUnit.objects.filter(scheme=scheme, level=Level.COMMUNE, kind__in=RURAL_KINDS)
    return territory.inside(unit, level=Level.COMMUNE).filter(kind__in=RURAL_KINDS)


def communes_attributed(unit: AdminUnit | None, scheme: str | None, on: dt.date):
    """The communes whose data count for a unit on a date (a query of ids), and the attribution rule when
    the unit is on a later list than the one in force on that date (a province of July 2025 asked about
    2024): then the old communes whose territory lies wholly or partly in it (tamnong.places.territory).
    For a whole later list on an older list's date the ids come as a set, read once (the old communes
    that the later list continues: thousands, which the callers keep among the records of the old list)."""
    unit_scheme = unit.scheme if unit else scheme
    in_force = scheme_on(on)
    if in_force is None or in_force.scheme == unit_scheme or not _later(unit_scheme, in_force.scheme):
        return rural_communes(unit, scheme).values_list("pk", flat=True), None
    old = (
        territory.communes(unit, scheme=in_force.scheme).filter(kind__in=RURAL_KINDS).values_list("pk", flat=True)
        if unit
        else territory.continued_on(in_force.scheme, scheme, level=Level.COMMUNE, kind__in=RURAL_KINDS)
    )
    name = unit.title if unit else "toàn quốc"
    return old, (
        f"Số liệu ngày {on:%d/%m/%Y} thuộc danh mục {in_force.scheme}: tính theo các xã cũ có toàn bộ hoặc một phần "
        f"địa bàn nay thuộc {name} (theo quan hệ kế thừa giữa các danh mục); xã cũ bị chia tách được tính ở mỗi đơn vị "
        "nhận một phần địa bàn của xã đó.",
        f"Data of {on:%d/%m/%Y} are on the {in_force.scheme} list: they count the old communes whose territory, in "
        f"whole or in part, now lies in {name} (through the successions between the lists); an old commune that was "
        "split counts in each unit that received part of it.",
    )


def _later(a: str, b: str) -> bool:
    order = [s.scheme for s in schemes()]
    return order.index(a) > order.index(b)


def ntm_summary(
    *, unit: AdminUnit | None, on: dt.date, edition_id: str | None = None, scheme: str | None = None
) -> NtmSummary:
    """The roll-up of a unit, or of the whole country on one list (unit None, scheme given)."""
    edition = edition_get(edition_id) if edition_id else edition_in_force(on)
    tier_order = [t.id for t in edition.tiers]
    communes, attribution = communes_attributed(unit, scheme, on)
    # The whole of a later list on an older list's date: the old communes are read once, and the records
    # of that list are kept when they are among them (a subquery in each query cost more than the rows).
    members = communes if isinstance(communes, set) else None
    sa_where = (
        Q(self_assessment__commune__in=communes)
        if members is None
        else Q(self_assessment__commune__scheme=scheme_on(on).scheme)
    )
    # The latest evaluated self-assessment of each commune with the commune's name, in one query read
    # as plain rows: for a national roll-up Django's per-row conversions cost more than the query. The
    # criteria met stay JSON text: the shares count them in all the texts at once (see below).
    unit_fields = [f"self_assessment__commune__{f}" for f in UNIT_REF_FIELDS]
    query = (
        EvaluationSnapshot.objects.filter(
            sa_where, self_assessment__edition_id=edition.id, self_assessment__on__lte=on
        )
        .order_by()
        .annotate(met_json=Cast("criteria_met_list", TextField()))
        .values_list(
            *unit_fields, "self_assessment__on", "criteria_met", "criteria_total", "indicators_met", "tier_reached",
            "met_json",
        )
    )  # fmt: skip
    on_at = len(unit_fields)
    latest: dict[int, tuple] = {}
    with connection.cursor() as cursor:
        cursor.execute(*query.query.sql_with_params())
        for row in cursor.fetchall():
            if members is not None and row[0] not in members:
                continue
            seen = latest.get(row[0])
            if seen is None or seen[on_at] < row[on_at]:
                latest[row[0]] = row
    met_json = [row[-1] for row in latest.values()]
    latest = {pk: row[:-1] for pk, row in latest.items()}
    recognised: dict[int, str] = {}
    for commune_id, tier in (
        Recognition.objects.filter(
            Q(commune__in=communes) if members is None else Q(commune__scheme=scheme_on(on).scheme),
            decision_date__lte=on,
        )
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))
        .values_list("commune_id", "tier")
    ):
        if members is not None and commune_id not in members:
            continue
        if tier in tier_order and tier_order.index(tier) >= tier_order.index(recognised.get(commune_id, tier)):
            recognised[commune_id] = tier
    n_fields = len(UNIT_REF_FIELDS)
    refs = {pk: UnitRef(*row[:n_fields]) for pk, row in latest.items()}
    without_data = set(recognised) - set(refs)
    refs.update(
        (row[0], UnitRef(*row)) for row in AdminUnit.objects.filter(pk__in=without_data).values_list(*UNIT_REF_FIELDS)
    )
    folded_at = UNIT_REF_FIELDS.index("name_folded")
    standings = tuple(
        CommuneStanding(refs[pk], report_name(refs[pk]), *row[n_fields:], recognised.get(pk))
        for pk, row in sorted(latest.items(), key=lambda item: item[1][folded_at])
    )
    n = len(standings)
    total = len(edition.tiers[0].criteria)
    average = _round(Decimal(sum(s.criteria_met for s in standings)) / n) if n else None
    average_ind = _round(Decimal(sum(s.indicators_met for s in standings)) / n) if n else None
    tiers = {tier: _recognised_at_least(tier, tier_order, recognised, refs, on) for tier in tier_order}
    bands = distribution_bands().get(total, ((total, total), (0, total - 1)))  # reports/distribution.yaml
    by_met = Counter(s.criteria_met for s in standings)
    distribution = tuple(Bucket(low, high, sum(by_met[k] for k in range(low, high + 1))) for low, high in bands)
    # Each commune's list holds a criterion's number at most once, as the JSON string "10": counting
    # that token in all the lists together counts the communes that meet the criterion.
    all_met = "".join(met_json)
    share = {
        c.number: _round(Decimal(100 * all_met.count(json.dumps(c.number))) / n) if n else Decimal(0)
        for c in edition.tiers[0].criteria
    }
    target = (
        Target.objects.filter(unit=unit, year=on.year).prefetch_related("communes__commune").first() if unit else None
    )
    figures = NarrativeFigures(
        unit_kind=unit.kind if unit else "nation",
        on=on,
        communes_assessed=n,
        average_criteria=average,
        standard_communes=tuple(report_name(u) for u in tiers[tier_order[0]]),
        buckets=distribution,
    )
    return NtmSummary(
        unit=unit,
        on=on,
        edition=edition,
        communes_in_unit=communes.count() if members is None else len(members),
        attribution=attribution,
        communes=standings,
        average_criteria=average,
        average_indicators=average_ind,
        tiers=tiers,
        distribution=distribution,
        criteria_share=share,
        target=target,
        warnings=_warnings(standings, average, total, edition),
        text_vi=summary_vi(figures),
        text_en=summary_en(figures),
    )


@dataclass(frozen=True)
class ChildFigures:
    """A unit's figures inside its parent's roll-up: the same as its own `ntm_summary` would give."""

    unit: AdminUnit
    communes_in_unit: int
    communes_assessed: int
    average_criteria: Decimal | None
    tiers: dict[str, int]


def ntm_children(*, summary: NtmSummary, children) -> list[ChildFigures]:
    """The figures of each unit under the summary's unit (or of each province of the list), split from the
    summary's own standings: two queries whatever the number of children, where a summary per child made
    a few queries each (the national page of the July 2025 list: 34 provinces)."""
    children = list(children)
    if not children:
        return []
    in_force = scheme_on(summary.on)
    scheme = children[0].scheme
    if in_force is None or in_force.scheme == scheme or not _later(scheme, in_force.scheme):
        condition = Q(inside=True)
    else:  # as `communes_attributed`: the old communes whose territory lies wholly or partly in the child
        condition = Q(share__in=CoverageShare.values)
        scheme = in_force.scheme
    # Two plain queries joined here: the table joined with the communes let PostgreSQL, without statistics
    # (a fresh database), probe the table for every commune of the list (seconds for the 34 provinces).
    rural = set(
        AdminUnit.objects.filter(scheme=scheme, level=Level.COMMUNE, kind__in=RURAL_KINDS).values_list("pk", flat=True)
    )
    communes: dict[int, set[int]] = {c.pk: set() for c in children}
    for child_id, commune_id in UnitCoverage.objects.filter(condition, unit__in=children).values_list(
        "unit_id", "covered_id"
    ):
        if commune_id in rural:
            communes[child_id].add(commune_id)
    out = []
    for child in children:
        mine = communes[child.pk]
        met = [s.criteria_met for s in summary.communes if s.unit.pk in mine]
        out.append(
            ChildFigures(
                unit=child, communes_in_unit=len(mine), communes_assessed=len(met),
                average_criteria=_round(Decimal(sum(met)) / len(met)) if met else None,
                tiers={tier: sum(1 for u in units if u.pk in mine) for tier, units in summary.tiers.items()},
            )
        )  # fmt: skip
    return out


def _recognised_at_least(tier, order, recognised, refs, on) -> tuple[UnitRef, ...]:
    """Communes recognised at this tier or higher, in the order of their first recognition."""
    rank = order.index(tier)
    ids = [cid for cid, t in recognised.items() if order.index(t) >= rank]
    first = {}
    for r in Recognition.objects.filter(commune_id__in=ids, tier__in=order[rank:], decision_date__lte=on).order_by(
        "decision_date"
    ):
        first.setdefault(r.commune_id, r.decision_date)
    return tuple(refs[cid] for cid in sorted(ids, key=lambda cid: (first[cid], refs[cid].name_folded)))


def _warnings(standings, average, total, edition) -> tuple[tuple[str, str], ...]:
    out = []
    if average is not None and average > total:
        out.append((
            f"Bình quân {average} tiêu chí/xã lớn hơn số tiêu chí của bộ ({total}): số liệu sai.",
            f"The average of {average} criteria per commune exceeds the {total} criteria of the set: the data is wrong.",
        ))  # fmt: skip
    for s in standings:
        if s.recognised_tier and s.criteria_met < s.criteria_total:
            missing = s.criteria_total - s.criteria_met
            out.append((
                f"{s.unit.title} đã được công nhận nhưng số liệu ngày {s.on:%d/%m/%Y} còn {missing} tiêu chí chưa đạt "
                "(cảnh báo duy trì bền vững).",
                f"{s.unit.title} is recognised but its data of {s.on:%d/%m/%Y} fail {missing} criteria "
                "(sustainability warning).",
            ))  # fmt: skip
    return tuple(out)


@dataclass(frozen=True)
class SeriesPoint:
    on: dt.date
    communes_assessed: int
    average_criteria: Decimal | None
    tiers: dict[str, int]


def ntm_time_series(
    *,
    unit: AdminUnit | None,
    until: dt.date,
    scheme: str | None = None,
    edition_id: str | None = None,
    points: int = 12,
) -> tuple[SeriesPoint, ...]:
    """The figures of a unit at each date on which its communes reported, up to `until` (the latest `points`):
    what `ntm_summary` gives on each date, computed from one read of the snapshots and one of the register
    when the dates share the list and the criteria set of `until` (else a summary per date)."""
    communes, _ = communes_attributed(unit, scheme, until)
    # a set (the whole of a later list on an older list's date): the records of the old list, kept here
    members = communes if isinstance(communes, set) else None
    commune_q = Q(commune__in=communes) if members is None else Q(commune__scheme=scheme_on(until).scheme)
    dates = sorted(
        {
            on
            for commune_id, on in SelfAssessment.objects.filter(commune_q, on__lte=until).values_list(
                "commune_id", "on"
            )
            if members is None or commune_id in members
        }
    )
    dates = dates[-points:]
    if not dates:
        return ()
    edition = edition_get(edition_id) if edition_id else edition_in_force(until)
    same_list = {getattr(scheme_on(d), "scheme", None) for d in dates} == {getattr(scheme_on(until), "scheme", None)}
    if not same_list or (edition_id is None and {edition_in_force(d).id for d in dates} != {edition.id}):
        return tuple(_series_point(ntm_summary(unit=unit, scheme=scheme, on=on, edition_id=edition_id)) for on in dates)
    tier_order = [t.id for t in edition.tiers]
    snapshots = sorted(
        row
        for row in EvaluationSnapshot.objects.filter(
            Q(self_assessment__commune__in=communes) if members is None
            else Q(self_assessment__commune__scheme=scheme_on(until).scheme),
            self_assessment__edition_id=edition.id, self_assessment__on__lte=dates[-1],
        ).values_list("self_assessment__on", "self_assessment__commune_id", "criteria_met")
        if members is None or row[1] in members
    )  # fmt: skip
    decisions = [
        row
        for row in Recognition.objects.filter(commune_q, decision_date__lte=dates[-1], tier__in=tier_order)
        .values_list("commune_id", "tier", "decision_date", "revoked_on")
        if members is None or row[0] in members
    ]  # fmt: skip
    latest: dict[int, int] = {}
    series, k = [], 0
    for on in dates:
        while k < len(snapshots) and snapshots[k][0] <= on:
            latest[snapshots[k][1]] = snapshots[k][2]
            k += 1
        highest: dict[int, int] = {}
        for commune_id, tier, decided, revoked in decisions:
            if decided <= on and (revoked is None or revoked > on):
                highest[commune_id] = max(highest.get(commune_id, -1), tier_order.index(tier))
        n = len(latest)
        series.append(
            SeriesPoint(
                on=on, communes_assessed=n,
                average_criteria=_round(Decimal(sum(latest.values())) / n) if n else None,
                tiers={tier: sum(1 for r in highest.values() if r >= rank) for rank, tier in enumerate(tier_order)},
            )
        )  # fmt: skip
    return tuple(series)


def _series_point(summary: NtmSummary) -> SeriesPoint:
    return SeriesPoint(
        on=summary.on,
        communes_assessed=summary.communes_assessed,
        average_criteria=summary.average_criteria,
        tiers={tier: len(units) for tier, units in summary.tiers.items()},
    )
