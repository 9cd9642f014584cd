"""Authority you can prove: every write of Tamnông is a named action, checked here against the dated
table of tamnong/rules/data/authority/actions.yaml (resolved by the pure tamnong.rules.authority).

    grant = authority.authorize(actor, "ocop.certificate.issue", unit=round_.unit, on=issued_on)
    ...write...
    authority.audit(grant, target=certificate, before=None, after={...})

`authorize` finds a role of the actor that the table grants the action on a unit of that level on the
act's date, held over a territory that contains the unit (tamnong.accounts.selectors), or raises
NotAuthorised naming the action, the unit and the reason. Roles: the actor's role assignments; a
producer's logins hold the producer role for acts on that producer (`producer=`); a council's members
hold the council-member role for its acts (`council=`) when they also hold that role over the
council's unit; anyone holds `public`; tamnong.core.actors.SYSTEM is Tamnông's own jobs. `actor=None`
is a programming error, never "skip the checks".

A service declares its actions with `@authority.acts(...)`: it runs in one transaction, and a call
that returns without having authorised one of them is rolled back with AuthorityNotChecked.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from tamnong.accounts.models import Role, RoleAssignment
from tamnong.accounts.selectors import Scope, assignment_scope
from tamnong.core import clock
from tamnong.core.actors import SYSTEM, SystemActor, is_system
from tamnong.core.errors import PermissionDeniedError
from tamnong.core.i18n import Bilingual
from tamnong.core.services import audit_event_record
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level
from tamnong.rules import authority as table
from tamnong.rules.authority import Row, UnknownAction

__all__ = [
    "SYSTEM", "SystemActor", "NotAuthorised", "Grant", "AuthorityNotChecked", "authorize", "audit", "acts",
    "level_of", "REGISTRY", "UnknownAction", "may", "Where", "where", "may_somewhere", "records_on", "acting_levels",
]  # fmt: skip

LEVEL_CODES = {Level.PROVINCE: "province", Level.DISTRICT: "district", Level.COMMUNE: "commune"}
LEVELS = ("national", "province", "district", "commune")  # from the top


class NotAuthorised(PermissionDeniedError):
    """The actor may not perform the action on the unit on that date (HTTP 403): the message names
    the action, the unit and the reason, in Vietnamese and English."""

    def __init__(self, action: str, unit: AdminUnit | None, message_vi: str, message_en: str):
        super().__init__(Bilingual(message_vi, message_en))
        self.action = action
        self.unit = unit


class AuthorityNotChecked(RuntimeError):
    """A service declared with @acts returned without calling authorize() for its action."""


@dataclass(frozen=True)
class Grant:
    """Proof that an act was authorised: who, what, where, when, under which row of the table."""

    actor: object
    action: str
    unit: AdminUnit | None
    on: dt.date
    role: str
    row: Row
    assignment: RoleAssignment | None = None

    @property
    def rule(self) -> str:
        return self.row.id


def level_of(unit: AdminUnit | None) -> str:
    """The level of the unit acted on, as the table names it (no unit: national)."""
    if unit is None:
        return "national"
    return LEVEL_CODES[unit.level]


def _unit_names(unit: AdminUnit | None) -> tuple[str, str]:
    if unit is None:
        return "cấp trung ương", "the national level"
    from tamnong.places.selectors import unit_full_name

    return unit_full_name(unit), unit.title


# The calls of @acts services in progress, innermost last: the actions authorised in each.
_calls: contextvars.ContextVar[tuple[set, ...]] = contextvars.ContextVar("authority_calls", default=())


def _roles(
    actor, unit: AdminUnit | None, *, producer, council
) -> tuple[list[tuple[str, RoleAssignment | None]], list[str]]:
    """(role, assignment) pairs of the actor covering the unit, and the roles it holds elsewhere."""
    if is_system(actor):
        return [("system", None)], []
    covering: list[tuple[str, RoleAssignment | None]] = [("public", None)]
    elsewhere: list[str] = []
    if not getattr(actor, "is_authenticated", False):
        return covering, elsewhere
    if actor.is_superuser:
        covering.append((Role.NATIONAL_OFFICE.value, None))
    if producer is not None and producer.members.filter(pk=actor.pk).exists():
        covering.append(("producer", None))
    sits = council is not None and council.members.filter(pk=actor.pk).exists()
    for assignment in RoleAssignment.objects.filter(user=actor).select_related("unit"):
        role = assignment.role
        if role == Role.COUNCIL_MEMBER:
            # A member of this council holding the council-member role over the council's own unit.
            if not sits:
                elsewhere.append(role)
                continue
            if council.unit is None:
                covers = assignment.unit is None
            else:
                covers = (
                    assignment.unit is not None
                    and assignment.unit.level == council.unit.level
                    and assignment_scope(assignment).covers(council.unit)
                )
        elif unit is None:
            covers = role == Role.NATIONAL_OFFICE
        else:
            covers = assignment_scope(assignment).covers(unit)
        (covering.append((role, assignment)) if covers else elsewhere.append(role))
    return covering, elsewhere


def authorize(
    actor, action: str, *, unit: AdminUnit | None, on: dt.date, producer=None, council=None,
    step_role: str | None = None,
) -> Grant:  # fmt: skip
    """The grant for `actor` to perform `action` on `unit` on the act's date `on`, or NotAuthorised.
    `unit` None means the national level (a national council, the national office's own records)."""
    if actor is None:
        raise TypeError(f"authorize({action!r}): actor is None; pass the user, or authority.SYSTEM for Tamnông's jobs")
    level = level_of(unit)
    table.action_get(action)  # an unknown action is a programming error, raised as such
    covering, elsewhere = _roles(actor, unit, producer=producer, council=council)
    for role, assignment in covering:
        row = table.grant(action, role=role, level=level, on=on, step_role=step_role)
        if row is not None:
            grant = Grant(actor, action, unit, on, role, row, assignment)
            calls = _calls.get()
            if calls:
                calls[-1].add(action)
            return grant
    unit_vi, unit_en = _unit_names(unit)
    held = [r for r, _ in covering if r != "public"]
    granted_elsewhere = [r for r in elsewhere if table.grant(action, role=r, level=level, on=on, step_role=step_role)]
    if granted_elsewhere and not held:
        vi = f"{unit_vi} nằm ngoài địa bàn của tài khoản"
        en = f"{unit_en} is outside this account's territory"
        if Role.COUNCIL_MEMBER in granted_elsewhere and council is not None:
            vi = f"tài khoản không phải thành viên hội đồng «{council.name}» giữ vai trò thành viên hội đồng tại đơn vị của hội đồng"
            en = f"this account is not a member of the council “{council.name}” holding the council-member role at its unit"
        name = table.action_get(action)
        raise NotAuthorised(
            action, unit,
            f"Không được «{name.name_vi}» tại {unit_vi} ngày {on:%d/%m/%Y}: {vi}.",
            f"Not allowed to “{name.name_en}” at {unit_en} on {on:%d/%m/%Y}: {en}.",
        )  # fmt: skip
    vi, en = table.refusal(
        action, roles=held or elsewhere, level=level, on=on, unit_vi=unit_vi, unit_en=unit_en, step_role=step_role
    )
    raise NotAuthorised(action, unit, vi, en)


def may(actor, action: str, *, unit: AdminUnit | None, on: dt.date, **kwargs) -> bool:
    """Whether authorize() would grant the act (for pages deciding which buttons to show)."""
    return actor is not None and refusal(actor, action, unit=unit, on=on, **kwargs) is None


def refusal(actor, action: str, *, unit: AdminUnit | None, on: dt.date, **kwargs) -> NotAuthorised | None:
    """The refusal authorize() would raise (naming the action, the unit and the reason), or None when
    it grants the act: for a page that shows why instead of a form."""
    if actor is None:
        raise TypeError(f"refusal({action!r}): actor is None")
    try:
        _probe = _calls.set(())
        try:
            authorize(actor, action, unit=unit, on=on, **kwargs)
        finally:
            _calls.reset(_probe)
    except NotAuthorised as exc:
        return exc
    return None


def records_on(unit: AdminUnit | None) -> dt.date:
    """The date a page asks the table about an act on a unit's records before the act's own date is
    chosen (a form's default): today, or the last day of a unit no longer on the map (its records
    are still kept: a district office keeps its records of a 2020 commune up to 30/06/2025)."""
    today = clock.today()
    valid_to = getattr(unit, "valid_to", None)
    return valid_to if valid_to is not None and valid_to < today else today


_UNIT_LEVEL = {code: level for level, code in LEVEL_CODES.items()}


@dataclass(frozen=True)
class Where:
    """The units on which authorize() grants an action to an actor on a date, with no producer and no
    council in the act: `covers(unit)` answers as `may()` does, `filter()` keeps the rows of a
    queryset whose unit it covers (a queue, a picker). Built by `where()`; read once per role."""

    action: str
    on: dt.date
    everywhere: frozenset[str]  # levels granted on every unit (the national office, the public, the system)
    within: tuple[tuple[Scope, frozenset[str]], ...]  # (a role's territory, the levels granted there)

    def covers(self, unit: AdminUnit | None) -> bool:
        level = level_of(unit)
        if level in self.everywhere:
            return True
        return unit is not None and any(level in levels and scope.covers(unit) for scope, levels in self.within)

    def filter(self, units: QuerySet, prefix: str = "") -> QuerySet:
        """Keep the units (or the rows whose `prefix` relation is a unit) that `covers` would keep."""
        wanted = Q(pk__in=[])
        if levels := [_UNIT_LEVEL[code] for code in self.everywhere if code in _UNIT_LEVEL]:
            wanted |= Q(**{f"{prefix}level__in": levels})
        for scope, granted in self.within:
            if levels := [_UNIT_LEVEL[code] for code in granted if code in _UNIT_LEVEL]:
                wanted |= Q(**{f"{prefix}pk__in": territory.authority_units(scope.roots), f"{prefix}level__in": levels})
        return units.filter(wanted)

    @property
    def anywhere(self) -> bool:
        """Whether the action is granted on some unit (a page worth showing)."""
        return bool(self.everywhere or self.within)


def where(actor, action: str, *, on: dt.date) -> Where:
    """Where `actor` may perform `action` on the date `on`, as authorize() decides it: each role the
    actor holds (the public's, an administrator's national office, its assignments) with the levels the
    table grants it on that date, over the role's territory. Council members' and producers' acts need
    their council or producer: ask may() for those."""
    table.action_get(action)

    def granted(role: str) -> frozenset[str]:
        return frozenset(level for level in LEVELS if table.grant(action, role=role, level=level, on=on) is not None)

    everywhere: set[str] = set()
    within: list[tuple[Scope, frozenset[str]]] = []
    if actor is None:
        return Where(action, on, frozenset(), ())
    if is_system(actor):
        return Where(action, on, granted("system"), ())
    everywhere |= granted("public")
    if getattr(actor, "is_authenticated", False):
        if actor.is_superuser:
            everywhere |= granted(Role.NATIONAL_OFFICE.value)
        for assignment in RoleAssignment.objects.filter(user=actor).select_related("unit"):
            if assignment.role == Role.COUNCIL_MEMBER or not (levels := granted(assignment.role)):
                continue
            if assignment.role == Role.NATIONAL_OFFICE:
                everywhere |= levels
            elif assignment.unit is not None:
                within.append((assignment_scope(assignment), levels))
    return Where(action, on, frozenset(everywhere), tuple(within))


def acting_levels(actor) -> list[tuple[str, tuple[str, ...], dt.date]]:
    """Each role of the actor, the levels it acts at (its unit's and those below) and the date its acts
    are checked on (`records_on` its unit): what the menus and `may_somewhere` ask the table about."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    today = clock.today()
    out = [(Role.NATIONAL_OFFICE.value, LEVELS, today)] if actor.is_superuser else []
    for a in RoleAssignment.objects.filter(user=actor).select_related("unit").order_by("pk"):
        if a.unit is None:
            out.append((a.role, LEVELS if a.role == Role.NATIONAL_OFFICE else ("national",), today))
            continue
        level = level_of(a.unit)
        out.append((a.role, LEVELS[LEVELS.index(level) :], records_on(a.unit)))
    return out


def may_somewhere(actor, *actions: str) -> bool:
    """Whether one of the actor's roles is granted one of the actions at a level it acts at, on the
    date its acts are checked (a page that serves those acts is worth opening; each act is checked)."""
    for action in actions:
        table.action_get(action)
    return any(
        table.grant(action, role=role, level=level, on=on) is not None
        for role, levels, on in acting_levels(actor)
        for level in levels
        for action in actions
    )


def audit(grant: Grant, *, target, before=None, after=None, action: str | None = None):
    """One state change under a grant: actor, time, action, unit acted on, the table's row, the
    record and before → after (tamnong.core.models.AuditEvent)."""
    return audit_event_record(
        actor=grant.actor, action=action or grant.action, target=target, before=before, after=after,
        unit=grant.unit, rule=grant.rule,
    )  # fmt: skip


# Every service declared with @acts: "module.function" → its actions (the tests check every write
# service of tamnong/*/services.py is here, and every action of the table is declared by one).
REGISTRY: dict[str, tuple[str, ...]] = {}


def acts(*actions: str, atomic: bool = True):
    """Declare the actions a service performs. The service runs in one transaction; returning without
    an authorize() of one of them raises AuthorityNotChecked and rolls everything back. `atomic=False`
    for a service that manages its own transactions (an import reporting its progress as it goes)."""
    for action in actions:
        table.action_get(action)

    def decorate(fn):
        REGISTRY[f"{fn.__module__}.{fn.__qualname__}"] = actions

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            seen: set = set()
            token = _calls.set((*_calls.get(), seen))
            try:
                with transaction.atomic() if atomic else contextlib.nullcontext():
                    result = fn(*args, **kwargs)
                    if not seen & set(actions):
                        raise AuthorityNotChecked(
                            f"{fn.__module__}.{fn.__qualname__} returned without authorising {', '.join(actions)}"
                        )
            finally:
                _calls.reset(token)
            return result

        wrapper.authority_actions = actions
        return wrapper

    return decorate
