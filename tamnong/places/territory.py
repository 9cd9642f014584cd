"""Territories across the three lists: which units a unit's territory covers, on its own list and on the
others, read from one table (UnitCoverage) computed once when the units or the successions change.

Four relations, each a column of the table:

- inside: the unit and the units under it on its own list (its subtree);
- authority: what a role held over the unit reaches: its subtree, and the subtrees of the units of the
  same level on the other lists with the same territory: the units it was formed from (a new province
  reaches the old provinces merged into it), and a unit that continues it one to one (Huyện Kim Bôi of
  2020 is Huyện Kim Bôi of 2025-01); a unit split or merged into a larger one is not reached;
- share: the communes, on every list, whose territory lies wholly or partly in the unit (its own
  communes and the older and newer communes linked to them through the successions: a commune split
  between two units counts in both), and the districts and provinces of the other lists all of whose
  communes do; "whole" when the successions say all of it lies in the unit;
- link: the units that continue the unit on the later lists, and those it continues, through the
  successions list after list (Xã Hợp Tiến of 2020 → … → the commune of July 2025 that took it in).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet

from tamnong.places.models import (
    AdminUnit,
    AdminUnitSuccession,
    CoverageLink,
    CoverageShare,
    Level,
    UnitCoverage,
)

BATCH = 5000


# --- reads --------------------------------------------------------------------------------------------


def _covered(unit: AdminUnit | int, **condition) -> QuerySet[AdminUnit]:
    pk = unit if isinstance(unit, int) else unit.pk
    return AdminUnit.objects.filter(covered_by__unit_id=pk, **{f"covered_by__{k}": v for k, v in condition.items()})


def inside(unit: AdminUnit, *, level: int | None = None) -> QuerySet[AdminUnit]:
    """The unit and the units under it on its own list (of one level if given)."""
    units = _covered(unit, inside=True)
    return units.filter(level=level) if level is not None else units


def inside_any(units) -> QuerySet[AdminUnit]:
    """The units and the units under them on their lists (`units`: a query or a list of units)."""
    return AdminUnit.objects.filter(covered_by__unit__in=units, covered_by__inside=True).distinct()


def below(unit: AdminUnit, *, level: int | None = None) -> QuerySet[AdminUnit]:
    """The units under the unit on its own list, without the unit itself."""
    return inside(unit, level=level).exclude(pk=unit.pk)


def communes(unit: AdminUnit, *, scheme: str | None = None) -> QuerySet[AdminUnit]:
    """The communes, on every list (or on `scheme`), whose territory lies wholly or partly in the unit."""
    units = AdminUnit.objects.filter(
        level=Level.COMMUNE, covered_by__unit_id=unit.pk, covered_by__share__in=CoverageShare.values
    )
    return units.filter(scheme=scheme) if scheme else units


def commune_ids(unit: AdminUnit) -> set[int]:
    """`communes(unit)` as a set of ids, for records kept on whichever list they were entered on."""
    return set(communes(unit).values_list("pk", flat=True))


def record_units(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """Every unit whose own records count for the unit: the communes of any list whose territory lies
    in it wholly or partly, the districts and the province under it, and the districts and provinces of
    the other lists whose territory lies wholly in it."""
    return AdminUnit.objects.filter(
        Q(level=Level.COMMUNE, covered_by__share__in=CoverageShare.values) | Q(covered_by__share=CoverageShare.WHOLE),
        covered_by__unit_id=unit.pk,
    )


def lies_in(unit: AdminUnit | int, territory: AdminUnit | int) -> bool:
    """Whether the unit (a commune of any list) lies wholly or partly in `territory`'s territory."""
    return UnitCoverage.objects.filter(
        unit_id=getattr(territory, "pk", territory), covered_id=getattr(unit, "pk", unit),
        share__in=CoverageShare.values,
    ).exists()  # fmt: skip


def successors_on(unit: AdminUnit, scheme: str) -> list[AdminUnit]:
    """The units of the list `scheme` that continue `unit` through the successions, list after list; the
    unit itself when it is on that list; none when the trail ends before it."""
    if unit.scheme == scheme:
        return [unit]
    return list(
        _covered(unit, link=CoverageLink.LATER).filter(scheme=scheme).select_related("parent__parent").order_by("code")
    )


def successors_on_many(unit_ids: Iterable[int], scheme: str) -> dict[int, list[int]]:
    """For each unit (by id), the ids of the units of the same level on the list `scheme` that continue it
    (the unit itself when it is on that list), in two queries."""
    ids = set(unit_ids)
    out: dict[int, list[int]] = {pk: [] for pk in ids}
    units = dict(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "scheme"))
    for pk, unit_scheme in units.items():
        if unit_scheme == scheme:
            out[pk].append(pk)
    rows = UnitCoverage.objects.filter(
        unit_id__in=[pk for pk, unit_scheme in units.items() if unit_scheme != scheme],
        link=CoverageLink.LATER, covered__scheme=scheme, covered__level=F("unit__level"),
    )
    for unit_id, covered_id in rows.values_list("unit_id", "covered_id").order_by("covered__code"):
        out[unit_id].append(covered_id)
    return out


def predecessors_on(unit: AdminUnit, scheme: str) -> list[AdminUnit]:
    """The units of the list `scheme` that `unit` continues (the unit itself when it is on that list)."""
    if unit.scheme == scheme:
        return [unit]
    return list(_covered(unit, link=CoverageLink.EARLIER).filter(scheme=scheme).order_by("code"))


def earlier_units(units: Iterable[AdminUnit]) -> dict[int, list[AdminUnit]]:
    """For each unit, the units of the same level on the earlier lists that it continues (the old
    provinces a province of July 2025 took in), in one query."""
    units = list(units)
    out: dict[int, list[AdminUnit]] = {u.pk: [] for u in units}
    rows = UnitCoverage.objects.filter(unit__in=units, link=CoverageLink.EARLIER).select_related("unit", "covered")
    for row in rows.order_by("covered__scheme", "covered__code"):
        if row.covered.level == row.unit.level:
            out[row.unit_id].append(row.covered)
    return out


def continued_on(scheme: str, later: str, **filters) -> set[int]:
    """The ids of the units of the list `scheme` (and of `filters`) that some unit of the later list `later`
    continues. Two plain queries joined here: a subquery over the table with the units on both sides (an
    EXISTS per unit, or an IN) let PostgreSQL, on a fresh database without statistics, probe the table for
    every pair of an old and a new unit, minutes for the whole of a list."""
    continued = set(
        UnitCoverage.objects.filter(link=CoverageLink.LATER, covered__scheme=later).values_list("unit_id", flat=True)
    )
    return {
        pk for pk in AdminUnit.objects.filter(scheme=scheme, **filters).values_list("pk", flat=True) if pk in continued
    }


def authority_units(units: Iterable[int]) -> QuerySet:
    """The ids of the units that roles held over `units` reach (a subquery)."""
    return UnitCoverage.objects.filter(unit_id__in=list(units), authority=True).values("covered_id")


def authority_covers(units: Iterable[int], unit: AdminUnit) -> bool:
    """Whether a role held over one of `units` reaches `unit`."""
    return UnitCoverage.objects.filter(unit_id__in=list(units), covered_id=unit.pk, authority=True).exists()


# --- the table ----------------------------------------------------------------------------------------


@transaction.atomic
def coverage_rebuild() -> int:
    """Compute the table from the units and the successions (after loading or changing them); returns
    the number of rows. A few seconds for the three lists."""
    parent: dict[int, int | None] = {}
    level: dict[int, int] = {}
    scheme: dict[int, str] = {}
    for pk, parent_id, lvl, sch in AdminUnit.objects.values_list("pk", "parent_id", "level", "scheme"):
        parent[pk], level[pk], scheme[pk] = parent_id, lvl, sch
    later: dict[int, set[int]] = {}
    earlier: dict[int, set[int]] = {}
    for old, new in AdminUnitSuccession.objects.values_list("predecessor_id", "successor_id"):
        later.setdefault(old, set()).add(new)
        earlier.setdefault(new, set()).add(old)

    ancestry: dict[int, tuple[int, ...]] = {}  # the unit and its ancestors, nearest first

    def chain(pk: int) -> tuple[int, ...]:
        if pk not in ancestry:
            up = parent[pk]
            ancestry[pk] = (pk, *chain(up)) if up is not None else (pk,)
        return ancestry[pk]

    subtree: dict[int, list[int]] = {pk: [] for pk in parent}
    for pk in parent:
        for above in chain(pk):
            subtree[above].append(pk)

    def closure(pk: int, links: dict[int, set[int]]) -> set[int]:
        found: set[int] = set()
        frontier = [pk]
        while frontier:
            frontier = [n for p in frontier for n in links.get(p, ()) if n not in found]
            found.update(frontier)
        return found

    rows: dict[tuple[int, int], dict] = {}

    def row(unit: int, covered: int) -> dict:
        key = (unit, covered)
        if key not in rows:
            rows[key] = {"inside": False, "authority": False, "share": "", "link": ""}
        return rows[key]

    # inside, and the links through the successions
    for pk in parent:
        for covered in subtree[pk]:
            row(pk, covered)["inside"] = True
        for covered in closure(pk, later):
            row(pk, covered)["link"] = CoverageLink.LATER
        for covered in closure(pk, earlier):
            row(pk, covered)["link"] = CoverageLink.EARLIER

    # authority: the same territory on the other lists, at the same level
    for pk in parent:
        roots, todo = {pk}, [pk]
        while todo:
            current = todo.pop()
            linked = list(earlier.get(current, ()))
            linked += [s for s in later.get(current, ()) if len(earlier.get(s, ())) == 1]
            for other in linked:
                if other not in roots and level[other] == level[current]:
                    roots.add(other)
                    todo.append(other)
        for root in roots:
            for covered in subtree[root]:
                row(pk, covered)["authority"] = True

    # shares: the communes linked to each commune, for every unit above it
    linked_communes = {
        pk: {pk, *(c for c in closure(pk, later) | closure(pk, earlier) if level[c] == Level.COMMUNE)}
        for pk in parent
        if level[pk] == Level.COMMUNE
    }
    overlap: dict[int, set[int]] = {}
    for commune, linked in linked_communes.items():
        for above in chain(commune):
            overlap.setdefault(above, set()).update(linked)
    for unit, found in overlap.items():
        for commune in found:
            # wholly: every commune of the unit's list it is linked to lies in the unit
            whole = all(unit in chain(c) for c in linked_communes[commune] if scheme[c] == scheme[unit])
            row(unit, commune)["share"] = CoverageShare.WHOLE if whole else CoverageShare.PART
    # districts and provinces: wholly in the units above them, and in the units of the other lists that
    # all of their communes lie in
    for unit in parent:
        if level[unit] == Level.COMMUNE:
            continue
        for above in chain(unit):
            row(above, unit)["share"] = CoverageShare.WHOLE
        own = [c for c in subtree[unit] if level[c] == Level.COMMUNE]
        if not own:
            continue
        candidates = {a for c in linked_communes[own[0]] for a in chain(c) if scheme[a] != scheme[unit]}
        for other in candidates:
            if all(c in overlap[other] for c in own):
                row(other, unit)["share"] = CoverageShare.WHOLE

    # written with executemany: a quarter of a million rows, ten times faster than bulk_create
    UnitCoverage.objects.all().delete()
    table = UnitCoverage._meta.db_table
    columns = ("unit_id", "covered_id", "inside", "authority", "share", "link")
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    values = [(u, c, r["inside"], r["authority"], r["share"], r["link"]) for (u, c), r in rows.items()]
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])
    return len(rows)
