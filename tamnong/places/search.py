"""Finding a unit on any list by its old or new name, and what became of it.

`unit_search(q=...)` folds the query with tamnong.core.text (tones, tone-mark style, i/y; the same
folding as the units' `name_folded`) and searches every list unless one is chosen. `unit_stories(units)`
tells, for each unit, what it became on the later lists and what it was formed from, in a few queries
for a page of results: a unit that only continues on the next list under the same name (Xã Bình Sơn of
2020 is Xã Bình Sơn of 1 January 2025) is no change; a merger, a renaming or a split is, with its date
("merged into Xã Nật Sơn from 01/07/2025")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from tamnong.core.text import query_text, searchable
from tamnong.places.models import AdminUnit, AdminUnitSuccession, Level, Scheme, SuccessionKind
from tamnong.places.schemes import SchemeInfo, scheme_info, schemes
from tamnong.places.selectors import unit_list

MERGED, BECAME, SPLIT, ENDED, FORMED, RENAMED_FROM = "merged", "became", "split", "ended", "formed", "renamed_from"
ABOLISHED = "abolished"  # a district of the last list with districts (the later lists have none)


@dataclass(frozen=True)
class Step:
    """One change in a unit's history: `kind`, the units on the other side, and its date."""

    kind: str
    units: tuple[AdminUnit, ...]
    on: dt.date | None
    partial: bool = False


@dataclass(frozen=True)
class Story:
    unit: AdminUnit
    scheme: SchemeInfo
    later: tuple[Step, ...]  # what it became, list after list (real changes only)
    earlier: Step | None  # what it was formed from (a real change), if anything
    in_force: bool  # on the list in force on the date asked

    @property
    def current(self) -> tuple[AdminUnit, ...]:
        """The units that continue it on the last list reached (itself if it never changed)."""
        return self.later[-1].units if self.later else (self.unit,)


def query_clean(q: str | None) -> tuple[str, bool]:
    """The query as searched (control characters out, at most 100 characters) and whether it has anything
    to search: "?", "…" or an emoji alone have no letter nor digit."""
    text = query_text(q)
    return text, bool(text) and searchable(text)


def unit_search(*, q: str, scheme: str = "") -> QuerySet[AdminUnit]:
    """Units of every list (or of `scheme`) whose code or folded name matches the query."""
    text, ok = query_clean(q)
    if not ok:
        return AdminUnit.objects.none()
    return unit_list(q=text, scheme=scheme if scheme in Scheme.values else "")


def _successions(units: list[AdminUnit], *, forward: bool) -> dict[int, list[AdminUnitSuccession]]:
    if not units:
        return {}
    side = "predecessor" if forward else "successor"
    other = "successor" if forward else "predecessor"
    rows = AdminUnitSuccession.objects.filter(**{f"{side}__in": units}).select_related(f"{other}__parent__parent")
    out: dict[int, list[AdminUnitSuccession]] = defaultdict(list)
    for row in rows.order_by(f"{other}__code"):
        out[getattr(row, f"{side}_id")].append(row)
    return out


def _counts(units: list[AdminUnit], *, forward: bool) -> dict[int, int]:
    """For each unit, how many units it came from (forward) or went into (backward)."""
    if not units:
        return {}
    side = "successor" if forward else "predecessor"
    rows = AdminUnitSuccession.objects.filter(**{f"{side}__in": units}).values(f"{side}_id").annotate(n=Count("id"))
    return {row[f"{side}_id"]: row["n"] for row in rows}


def _districts_after(scheme: str) -> bool:
    """Whether a list after `scheme` still has districts."""
    names = [s.scheme for s in schemes()]
    return any(s.has_districts for s in schemes()[names.index(scheme) + 1 :])


def _same(a: AdminUnit, b: AdminUnit) -> bool:
    return a.name_folded == b.name_folded and a.kind == b.kind


def unit_stories(units, *, on: dt.date) -> list[Story]:
    """What became of each unit and what it was formed from (about ten queries for a page)."""
    units = list(units)
    # forward, list after list: at most two hops (2020 → 2025-01 → 2025-07)
    forward: dict[int, list[AdminUnitSuccession]] = {}
    into: dict[int, int] = {}
    frontier = units
    for _hop in range(len(Scheme.values)):
        found = _successions([u for u in frontier if u.pk not in forward], forward=True)
        forward.update({u.pk: found.get(u.pk, []) for u in frontier if u.pk not in forward})
        nxt = [row.successor for rows in found.values() for row in rows]
        into.update(_counts(nxt, forward=True))
        frontier = nxt
        if not frontier:
            break
    backward = _successions(units, forward=False)
    out_of = _counts([row.predecessor for rows in backward.values() for row in rows], forward=False)

    stories = []
    for unit in units:
        info = scheme_info(unit.scheme)
        later: list[Step] = []
        current = unit
        while True:
            rows = forward.get(current.pk, [])
            if not rows:
                if current.valid_to is not None and current.valid_to < on:
                    kind = ABOLISHED if current.level == Level.DISTRICT and not _districts_after(current.scheme) else ENDED
                    later.append(Step(kind, (), current.valid_to))
                break
            date = rows[0].effective_on
            if len(rows) == 1:
                nxt = rows[0].successor
                if _same(current, nxt) and into.get(nxt.pk, 1) == 1:
                    current = nxt  # the same unit on the next list
                    continue
                kind = MERGED if into.get(nxt.pk, 1) > 1 else BECAME
                later.append(Step(kind, (nxt,), date, partial=rows[0].kind == SuccessionKind.PARTIAL))
                current = nxt
                continue
            later.append(Step(SPLIT, tuple(r.successor for r in rows), date, partial=True))
            break
        earlier = None
        rows = backward.get(unit.pk, [])
        if rows:
            predecessors = tuple(r.predecessor for r in rows)
            single = len(rows) == 1 and out_of.get(predecessors[0].pk, 1) == 1
            if not (single and _same(unit, predecessors[0])):
                earlier = Step(RENAMED_FROM if single else FORMED, predecessors, rows[0].effective_on)
        in_force = unit.valid_from <= on and (unit.valid_to is None or on <= unit.valid_to)
        stories.append(Story(unit, info, tuple(later), earlier, in_force))
    return stories
