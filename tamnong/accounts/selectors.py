"""Jurisdiction: which units an actor may read or change.

A role over a unit covers its subtree on its own list, and the same territory on the other lists:
the units it was formed from (a new province sees the old provinces merged into it), and a unit it
continues one to one (Huyện Kim Bôi of 2020 is Huyện Kim Bôi of 2025-01). The territories are read
from tamnong.places.territory (its `authority` relation); a role does not pass to the units an old unit
was merged into until an administrator carries it over (tamnong.accounts.carryover).
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from tamnong.accounts.models import WRITING_ROLES, ApiToken, Role, RoleAssignment
from tamnong.places import territory
from tamnong.places.models import AdminUnit


@dataclass(frozen=True)
class Scope:
    everything: bool
    roots: frozenset[int]  # the units of the roles, whose territories are covered
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def covers(self, unit: AdminUnit) -> bool:
        if self.everything:
            return True
        if not self.roots or unit is None:
            return False
        if "covered" not in self._cache:  # one query, then every check of this scope is a set lookup
            self._cache["covered"] = frozenset(
                territory.authority_units(self.roots).values_list("covered_id", flat=True)
            )
        return unit.pk in self._cache["covered"]

    def filter(self, units: QuerySet[AdminUnit], prefix: str = "") -> QuerySet[AdminUnit]:
        """Keep the units (or rows whose `prefix` relation is a unit) inside the scope."""
        if self.everything:
            return units
        if not self.roots:
            return units.none()
        return units.filter(**{f"{prefix}pk__in": territory.authority_units(self.roots)})


NO_SCOPE = Scope(everything=False, roots=frozenset())


def territory_scope(unit: AdminUnit) -> Scope:
    """The units a role over `unit` would cover, on every list."""
    return Scope(everything=False, roots=frozenset([unit.pk]))


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
    assignments = RoleAssignment.objects.filter(user=actor).values_list("role", "unit_id")
    roots: set[int] = set()
    for role, unit_id in assignments:
        if write and role not in WRITING_ROLES:
            continue
        if role == Role.NATIONAL_OFFICE:
            return Scope(everything=True, roots=frozenset())
        if unit_id is not None:
            roots.add(unit_id)
    return Scope(everything=False, roots=frozenset(roots))


def actor_roles(actor) -> list[RoleAssignment]:
    if actor is None or not actor.is_authenticated:
        return []
    return list(RoleAssignment.objects.filter(user=actor).select_related("unit__parent__parent"))


def active_user(pk):
    """The active account of this id, or None."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def user_token(user, pk) -> ApiToken | None:
    """One of the user's API tokens."""
    return ApiToken.objects.filter(pk=pk, user=user).first()


def user_tokens(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
