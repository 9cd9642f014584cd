"""The menu entries of the pages of core, places and accounts, the facts about a user's roles that every
app's navigation reads (tamnong.core.navigation), and the home blocks of the national office and of a
viewer. An entry is shown to the roles the pages serve; the pages check again."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tamnong.accounts import authority
from tamnong.accounts.audit_log import OFFICE_ROLES
from tamnong.accounts.models import WRITING_ROLES, Role, RoleAssignment
from tamnong.core import navigation
from tamnong.core.navigation import Block, Item, Who
from tamnong.rules import authority as table

# --- facts about the user ---------------------------------------------------------------------------


def assignments(who: Who) -> list[RoleAssignment]:
    """The user's role assignments, with their units (read once per request)."""

    def read(user):
        if not who.authenticated:
            return []
        return list(RoleAssignment.objects.filter(user=user).select_related("unit__parent__parent").order_by("pk"))

    return who.memo("accounts.assignments", read)


def roles(who: Who) -> set[str]:
    return {a.role for a in assignments(who)}


def holds(*wanted: str):
    """A predicate: the user holds one of the roles (an administrator holds every role)."""

    def visible(who: Who) -> bool:
        return who.superuser or bool(roles(who) & set(wanted))

    return visible


def is_office(who: Who) -> bool:
    """A national, provincial or district office, or an administrator."""
    return holds(*OFFICE_ROLES)(who)


def is_writer(who: Who) -> bool:
    """An office or a commune officer: a role that changes data in its territory."""
    return holds(*WRITING_ROLES)(who)


def is_national(who: Who) -> bool:
    return holds(Role.NATIONAL_OFFICE)(who)


def _role_levels(who: Who) -> list[tuple[str, tuple[str, ...], dt.date]]:
    """Each role of the user, the levels it acts at (its unit's and those below), and the date its acts
    are checked on: today, or the last day of a unit no longer on the map (authority.acting_levels)."""

    def read(user):
        return authority.acting_levels(user) if who.authenticated else []

    return who.memo("accounts.role_levels", read)


def can(*actions: str):
    """A predicate: one of the user's roles is granted one of the actions by the authority table
    (tamnong/rules/data/authority/actions.yaml) at a level it acts at, on the date its acts are checked."""
    for action in actions:
        table.action_get(action)  # an unknown action is a programming error

    def visible(who: Who) -> bool:
        return any(
            table.grant(action, role=role, level=level, on=on) is not None
            for role, levels, on in _role_levels(who)
            for level in levels
            for action in actions
        )

    return visible


def units_of(who: Who, *wanted: str) -> list:
    """The units of the user's assignments of the roles, in order (the national office holds none)."""
    return [a.unit for a in assignments(who) if a.role in wanted and a.unit_id is not None]


# --- menu entries -----------------------------------------------------------------------------------

navigation.entry("home", gettext_lazy("My home page"), "home", order=0, visible=navigation.signed_in)
navigation.entry("reference", gettext_lazy("Administrative units"), "unit-browser", order=10)
navigation.entry("reference", gettext_lazy("API"), "api-docs", order=90)
navigation.entry("ntm", gettext_lazy("Commune groups and regions"), "unit-groups", order=35, visible=is_office)
navigation.entry("account", gettext_lazy("Audit log"), "audit-log", order=10, visible=is_office)
navigation.entry("account", gettext_lazy("Carry roles over"), "roles-carry-over", order=20,
                 visible=lambda who: who.superuser)  # fmt: skip
navigation.entry("account", gettext_lazy("Second factor"), "second-factor", order=30, visible=navigation.signed_in)
navigation.entry("account", gettext_lazy("API tokens"), "api-tokens", order=40, visible=navigation.signed_in)


# --- home blocks ------------------------------------------------------------------------------------


@navigation.home_block(order=0)
def national(who: Who, on: dt.date):
    """The national office (and an administrator): the national dashboards."""
    if not is_national(who):
        return None
    return Block(
        "national", _("The nation"),
        items=(
            Item(_("National NTM dashboard"), reverse("ntm-home")),
            Item(_("OCOP by province"), reverse("ocop-home")),
            Item(_("Recognition decisions"), reverse("recognition-decisions")),
        ),
        more_url=reverse("ntm-home"), more_label=_("Open the national dashboard"), order=0,
    )  # fmt: skip


@navigation.home_block(order=90)
def viewer(who: Who, on: dt.date):
    """A viewer reads the dashboards of its units."""
    units = units_of(who, Role.VIEWER)
    if not units:
        return None
    items = []
    for unit in units:
        items.append(Item(_("NTM dashboard: %(unit)s") % {"unit": unit.title}, reverse("ntm-unit", args=[unit.scheme, unit.code])))
        items.append(Item(_("OCOP products: %(unit)s") % {"unit": unit.title}, reverse("ocop-unit", args=[unit.scheme, unit.code])))
        items.append(
            Item(_("Capital and works: %(unit)s") % {"unit": unit.title},
                 reverse("resources-unit", args=[unit.scheme, unit.code]))
        )  # fmt: skip
    return Block("viewer", _("Dashboards I read"), items=tuple(items), order=90)
