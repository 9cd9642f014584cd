"""The latest data of each commune of a list, for the dashboards of today's map.

For each rural commune of the chosen list inside a unit (or on the whole list), on a date:

- its own latest self-assessment on or before the date, whatever the criteria set, with its date;
- without one, the latest data of the old communes it continues (through the successions, list after
  list: a commune of July 2025 shows the 2024 results of the 2020 communes merged into it), each with
  its date: "data of the former commune … before the merger";
- its recognition: its own (the register, not revoked on the date), else the status it inherits from the
  communes merged into it as the ministry's guidance says (docs/legal/regulations.md#s7.4, `inherit`);
- whether it reported in the cycle (the year of the date: a self-assessment of its own dated in that year).

No legal deadline for the yearly report is in Tamnông's sources: a commune "not reported" is one with no
data of its own in the cycle so far, and the page says so; an office sets its own deadline.

Read in a fixed number of queries whatever the number of communes (six, plus the edition files).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from tamnong.ntm.models import Recognition, SelfAssessment
from tamnong.ntm.rollups import rural_communes
from tamnong.places import territory
from tamnong.places.models import UNIT_REF_FIELDS, AdminUnit, AdminUnitSuccession, Level, SuccessionKind, UnitRef

# The recognition levels of §7.4, lowest first: NTM, advanced (nâng cao), model (kiểu mẫu).
LEVELS = ("standard", "advanced", "model")

# How a new commune's status follows from the communes merged into it (docs/legal/regulations.md#s7.4).
ALL_AT_LEVEL = "all"  # 1. all merged units recognised at level L: the new unit is recognised at L
MIXED = "mixed"  # 2. recognised and unrecognised units mixed: reviewed, recognised when it meets all conditions
HIGHER_MIXED = "higher_mixed"  # 3. higher levels mixed with lower ones: the higher level is reviewed the same way
PARTIAL = "partial"  # a merged unit went only in part into it: the guidance does not say; the office decides


@dataclass(slots=True)
class Figure:
    """One self-assessment's figures: whose data, on which date, against which criteria set."""

    commune: UnitRef
    on: dt.date
    edition_id: str
    criteria_met: int | None
    criteria_total: int | None
    tier_reached: str
    whole: bool = True  # an old commune's data: all of its territory went into the commune shown


@dataclass(slots=True)
class Held:
    """A status an old commune held when it was merged."""

    commune: UnitRef
    tier: str | None
    inherited: bool  # held by inheritance from its own predecessors, not by a decision of its own


@dataclass(slots=True)
class Inheritance:
    """What a new commune inherits from the communes merged into it (§7.4)."""

    rule: str  # ALL_AT_LEVEL, MIXED, HIGHER_MIXED or PARTIAL
    tier: str | None  # the level inherited (None: to be reviewed)
    sources: tuple[Held, ...]
    reviewed_tier: str | None = None  # HIGHER_MIXED: the higher level some held, to be reviewed


@dataclass(slots=True)
class CommuneLatest:
    unit: UnitRef
    province_code: str
    own: Figure | None
    old: tuple[Figure, ...]  # without data of its own: the old communes' latest data
    recognised: str | None  # its own recognition on the date (highest level)
    inherited: Inheritance | None
    reported: bool  # data of its own in the cycle

    @property
    def figures(self) -> tuple[Figure, ...]:
        return (self.own,) if self.own else self.old

    @property
    def latest_on(self) -> dt.date | None:
        return max((f.on for f in self.figures), default=None)

    @property
    def status(self) -> str | None:
        """The recognition level that counts for the commune: its own, else the one it inherits."""
        return self.recognised or (self.inherited.tier if self.inherited else None)


@dataclass(frozen=True)
class EditionAverage:
    edition_id: str
    criteria_total: int
    figures: int
    average: Decimal


@dataclass(slots=True)
class Group:
    """The figures of a group of communes (a province, or the whole list)."""

    unit: AdminUnit | None
    communes: int = 0
    reported: int = 0
    with_old_data_only: int = 0
    without_data: int = 0
    recognised: int = 0  # NTM at least, own or inherited
    inherited: int = 0  # of which inherited (§7.4)
    to_review: int = 0  # mixed mergers: to be reviewed
    met: int = 0
    total: int = 0
    last_report: dt.date | None = None
    by_edition: dict = field(default_factory=dict)  # edition id -> [sum met, figures, criteria total]

    def add(self, row: CommuneLatest, counted: set) -> None:
        self.communes += 1
        self.reported += row.reported
        self.without_data += not row.figures
        self.with_old_data_only += bool(row.old)
        self.recognised += row.status is not None
        self.inherited += row.recognised is None and row.status is not None
        self.to_review += row.inherited is not None and row.inherited.tier is None and row.recognised is None
        if row.own and (self.last_report is None or row.own.on > self.last_report):
            self.last_report = row.own.on
        for f in row.figures:
            if f.criteria_met is None:
                continue
            key = (f.commune.pk, f.on)
            if key in counted:  # an old commune split between two new ones counts once
                continue
            counted.add(key)
            self.met += f.criteria_met
            self.total += f.criteria_total
            entry = self.by_edition.setdefault(f.edition_id, [0, 0, f.criteria_total])
            entry[0] += f.criteria_met
            entry[1] += 1

    def share(self, n: int) -> Decimal | None:
        return _round(Decimal(100 * n) / self.communes) if self.communes else None

    @property
    def reported_pct(self) -> Decimal | None:
        return self.share(self.reported)

    @property
    def recognised_pct(self) -> Decimal | None:
        return self.share(self.recognised)

    @property
    def met_pct(self) -> Decimal | None:
        """Criteria met over criteria assessed, sums over sums, across the sets the figures used."""
        return _round(Decimal(100 * self.met) / self.total) if self.total else None

    @property
    def averages(self) -> tuple[EditionAverage, ...]:
        return tuple(
            EditionAverage(edition_id, total, n, _round(Decimal(met) / n))
            for edition_id, (met, n, total) in sorted(self.by_edition.items())
        )


@dataclass(frozen=True)
class LatestData:
    unit: AdminUnit | None
    scheme: str
    on: dt.date
    cycle: int
    communes: tuple[CommuneLatest, ...]
    whole: Group
    provinces: tuple[Group, ...]  # the whole list's provinces (unit None), else empty

    @property
    def reported(self) -> tuple[CommuneLatest, ...]:
        return tuple(c for c in self.communes if c.reported)

    @property
    def not_reported(self) -> tuple[CommuneLatest, ...]:
        return tuple(c for c in self.communes if not c.reported)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


RANKINGS = {
    "recognised": lambda g: (g.recognised_pct or 0, g.reported_pct or 0, g.met_pct or 0),
    "reported": lambda g: (g.reported_pct or 0, g.recognised_pct or 0, g.met_pct or 0),
    "criteria": lambda g: (g.met_pct or 0, g.recognised_pct or 0, g.reported_pct or 0),
}


def province_ranking(data: LatestData, *, by: str = "recognised") -> list[Group]:
    """The provinces of the list, best first by the share of communes recognised NTM (own or inherited), of
    communes reported in the cycle, or of criteria met; ties by name."""
    key = RANKINGS.get(by, RANKINGS["recognised"])
    by_name = sorted(data.provinces, key=lambda g: g.unit.name_folded)
    return sorted(by_name, key=key, reverse=True)


def _highest(tiers) -> str | None:
    ranks = [LEVELS.index(t) for t in tiers if t in LEVELS]
    return LEVELS[max(ranks)] if ranks else None


def inherit(sources: list[tuple[Held, str]]) -> Inheritance | None:
    """The status a new commune inherits from the communes merged into it (each with the status it held and
    whether it went wholly or in part into the new commune), as the ministry's guidance says (regulations
    §7.4): all recognised at a level L → recognised at L; recognised and unrecognised mixed → reviewed, and
    recognised when it meets all conditions; a higher level mixed with lower ones → the higher level is
    reviewed the same way. None when no merged commune held a status. The guidance speaks of merged units:
    when one went only in part into the new commune, it does not say, and the office decides."""
    held = tuple(h for h, _ in sources)
    if not any(h.tier for h in held):
        return None
    if any(kind != SuccessionKind.WHOLE for _, kind in sources):
        return Inheritance(PARTIAL, None, held)
    if any(h.tier is None for h in held):
        return Inheritance(MIXED, None, held)
    ranks = [LEVELS.index(h.tier) for h in held]
    low, high = min(ranks), max(ranks)
    if low == high:
        return Inheritance(ALL_AT_LEVEL, LEVELS[low], held)
    return Inheritance(HIGHER_MIXED, LEVELS[low], held, reviewed_tier=LEVELS[high])


def _province_code(path: str) -> str:
    return path.split("/", 1)[0]


def commune_latest_list(
    *, unit: AdminUnit | None, on: dt.date, scheme: str | None = None, cycle: int | None = None
) -> LatestData:
    """The latest data of every rural commune of the unit's list inside the unit (unit None: of the whole
    list `scheme`), on a date; `cycle` is the reporting year (the year of the date by default)."""
    scheme = unit.scheme if unit else scheme
    cycle = cycle or on.year
    # 1. the communes of the list, with their paths (the province is the first code)
    rows = list(rural_communes(unit, scheme).order_by("name_folded").values_list(*UNIT_REF_FIELDS, "path"))
    # 2. the successions that lead to them (and to the old communes they continue), at the commune level
    if unit is None:  # every succession (a few tens of thousands of rows, read without a join)
        related = Q()
        records = Q()
    else:
        territory_ids = territory.communes(unit).values("pk")
        related = Q(successor__in=territory_ids)
        records = Q(commune__in=territory_ids)
    predecessors: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for old, new, kind in AdminUnitSuccession.objects.filter(related).values_list(
        "predecessor_id", "successor_id", "kind"
    ):
        predecessors[new].append((old, kind))
    # 3. the latest self-assessment of each commune on or before the date, with its figures
    own: dict[int, tuple] = {}
    for pk, sa_on, edition_id, met, total, tier in (
        SelfAssessment.objects.filter(records, on__lte=on)
        .order_by()
        .values_list(
            "commune_id", "on", "edition_id", "evaluation__criteria_met", "evaluation__criteria_total",
            "evaluation__tier_reached",
        )
    ):  # fmt: skip
        seen = own.get(pk)
        if seen is None or seen[0] < sa_on:
            own[pk] = (sa_on, edition_id, met, total, tier or "")
    # 4. the register on the date: each commune's highest level not revoked
    decisions: dict[int, list[str]] = defaultdict(list)
    for pk, tier in (
        Recognition.objects.filter(records, decision_date__lte=on)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))
        .values_list("commune_id", "tier")
    ):
        decisions[pk].append(tier)
    recognised = {pk: _highest(tiers) for pk, tiers in decisions.items()}

    earlier: dict[int, list[int]] = {}

    def earlier_of(pk: int) -> dict[int, bool]:
        """The old communes a commune continues, the nearest list first, each with whether all of it went
        into the commune (every succession on the way whole)."""
        if pk not in earlier:
            found: dict[int, bool] = {}
            frontier = [(p, kind == SuccessionKind.WHOLE) for p, kind in predecessors.get(pk, ())]
            while frontier:
                for p, whole in frontier:
                    found[p] = found.get(p, False) or whole
                frontier = [
                    (p, whole and kind == SuccessionKind.WHOLE)
                    for f, whole in frontier
                    for p, kind in predecessors.get(f, ())
                    if p not in found
                ]
            earlier[pk] = found
        return earlier[pk]

    # the communes that old data or a recognised commune went into, list after list: only they may show
    # old results or inherit a status (the others are not walked back through the successions)
    successors: dict[int, list[int]] = defaultdict(list)
    for new, olds in predecessors.items():
        for old, _ in olds:
            successors[old].append(new)

    def reach(starts) -> set[int]:
        found: set[int] = set()
        frontier = list(starts)
        while frontier:
            frontier = [n for p in frontier for n in successors.get(p, ()) if n not in found]
            found.update(frontier)
        return found

    reached = reach(pk for pk, tier in recognised.items() if tier)
    data_reached = reach(own)
    inherited: dict[int, Inheritance | None] = {}
    needed: set[int] = set()

    def held_by(pk: int) -> tuple[str | None, bool]:
        if recognised.get(pk):
            return recognised[pk], False
        inheritance = inheritance_of(pk)
        return (inheritance.tier if inheritance else None), True

    def inheritance_of(pk: int) -> Inheritance | None:
        if pk not in reached:
            return None
        if pk not in inherited:
            inherited[pk] = None  # a cycle in the successions (never expected) stops here
            sources = []
            for old, kind in sorted(predecessors.get(pk, ())):
                tier, by_inheritance = held_by(old)
                sources.append((Held(old, tier, by_inheritance and tier is not None), kind))  # type: ignore[arg-type]
            inherited[pk] = inherit(sources)
            if inherited[pk] is not None:
                needed.update(h.commune for h in inherited[pk].sources)
        return inherited[pk]

    # 5. put it together; the old communes' names are read at the end, in one query
    out = []
    for row in rows:
        ref = UnitRef(*row[: len(UNIT_REF_FIELDS)])
        pk = ref.pk
        mine = own.get(pk)
        own_figure = Figure(ref, *mine) if mine else None
        old: list[Figure] = []
        if own_figure is None and pk in data_reached:
            for p, whole in earlier_of(pk).items():
                if p in own:
                    old.append(Figure(p, *own[p], whole=whole))  # type: ignore[arg-type]
                    needed.add(p)
        out.append(
            CommuneLatest(
                unit=ref, province_code=_province_code(row[-1]), own=own_figure,
                old=tuple(sorted(old, key=lambda f: f.on, reverse=True)), recognised=recognised.get(pk),
                inherited=None if recognised.get(pk) else inheritance_of(pk),
                reported=bool(own_figure and own_figure.on.year == cycle),
            )
        )  # fmt: skip
    refs = {r[0]: UnitRef(*r) for r in AdminUnit.objects.filter(pk__in=needed).values_list(*UNIT_REF_FIELDS)}
    for row in out:
        for f in row.old:
            f.commune = refs[f.commune]  # type: ignore[index]
    for inheritance in inherited.values():
        if inheritance:
            for h in inheritance.sources:
                if isinstance(h.commune, int):
                    h.commune = refs[h.commune]
    # 6. the figures of the whole and, for the whole list, of each province
    whole = Group(unit)
    counted: set = set()
    provinces: dict[str, Group] = {}
    province_counted: dict[str, set] = defaultdict(set)
    if unit is None:
        provinces = {p.code: Group(p) for p in AdminUnit.objects.filter(scheme=scheme, level=Level.PROVINCE)}
    for row in out:
        whole.add(row, counted)
        if row.province_code in provinces:
            provinces[row.province_code].add(row, province_counted[row.province_code])
    return LatestData(
        unit=unit, scheme=scheme, on=on, cycle=cycle, communes=tuple(out), whole=whole,
        provinces=tuple(sorted(provinces.values(), key=lambda g: g.unit.name_folded)),
    )  # fmt: skip
