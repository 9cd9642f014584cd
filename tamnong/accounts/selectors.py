"""Jurisdiction: which units an actor may read or change.

A role over a unit covers its subtree on its own list, and the same territory on the other lists:
the units it was formed from (a new province sees the old provinces merged into it), and a unit it
continues one to one (Huyện Kim Bôi of 2020 is Huyện Kim Bôi of 2025-01).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tamnong.accounts.models import WRITING_ROLES, Role, RoleAssignment
from tamnong.places.models import AdminUnit


@dataclass(frozen=True)
class Scope:
    everything: bool
    roots: frozenset[tuple[str, str]]  # (scheme, path) whose subtrees are covered

    def covers(self, unit: AdminUnit) -> bool:
        return self.everything or any(
            unit.scheme == scheme and (unit.path == path or unit.path.startswith(path + "/"))
            for scheme, path in self.roots
        )

    def filter(self, units: QuerySet[AdminUnit], prefix: str = "") -> QuerySet[AdminUnit]:
        """Keep the units (or rows whose `prefix` relation is a unit) inside the scope."""
        if self.everything:
            return units
        if not self.roots:
            return units.none()
        condition = Q()
        for scheme, path in self.roots:
            condition |= Q(**{f"{prefix}scheme": scheme}) & (
                Q(**{f"{prefix}path": path}) | Q(**{f"{prefix}path__startswith": path + "/"})
            )
        return units.filter(condition)


NO_SCOPE = Scope(everything=False, roots=frozenset())


def _territory(unit: AdminUnit) -> set[tuple[str, str]]:
    """The unit's own subtree, with its predecessors' subtrees and its one-to-one continuations."""
    roots = {(unit.scheme, unit.path)}
    todo = [unit]
    seen = {unit.pk}
    while todo:
        current = todo.pop()
        linked = list(AdminUnit.objects.filter(successions__successor=current))
        for successor in AdminUnit.objects.filter(predecessions__predecessor=current):
            if successor.predecessions.count() == 1:
                linked.append(successor)
        for other in linked:
            if other.pk not in seen and other.level == current.level:
                seen.add(other.pk)
                roots.add((other.scheme, other.path))
                todo.append(other)
    return roots


def territory_scope(unit: AdminUnit) -> Scope:
    """The units a role over `unit` would cover, on every list."""
    return Scope(everything=False, roots=frozenset(_territory(unit)))


def assignment_scope(assignment: RoleAssignment) -> Scope:
    """The units one role assignment covers (for acts reserved to one role, such as appraising)."""
    if assignment.role == Role.NATIONAL_OFFICE:
        return Scope(everything=True, roots=frozenset())
    return territory_scope(assignment.unit)


def actor_scope(actor, *, write: bool = False) -> Scope:
    """The units an actor may read (or, with write=True, change)."""
    if actor is None or not actor.is_authenticated:
        return NO_SCOPE
    if actor.is_superuser:
        return Scope(everything=True, roots=frozenset())
    assignments = RoleAssignment.objects.filter(user=actor).select_related("unit")
    if write:
        assignments = [a for a in assignments if a.role in WRITING_ROLES]
    roots: set[tuple[str, str]] = set()
    for assignment in assignments:
        if assignment.role == Role.NATIONAL_OFFICE:
            return Scope(everything=True, roots=frozenset())
        roots |= _territory(assignment.unit)
    return Scope(everything=False, roots=frozenset(roots))


def actor_roles(actor) -> list[RoleAssignment]:
    if actor is None or not actor.is_authenticated:
        return []
    return list(RoleAssignment.objects.filter(user=actor).select_related("unit__parent__parent"))
