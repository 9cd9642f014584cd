"""NTM in the navigation (tamnong.core.navigation): the menu's NTM pages, a unit page's links to its data
and its entry form, a commune's recognition among the unit page's facts (its own, or the status it
inherits from the communes merged into it, as the dashboards say it), and the home blocks: a commune officer's communes and what is due, an office's
communes that have not reported this year. The criteria's pages and reviews: tamnong.criteria.navigation."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tamnong.accounts import authority
from tamnong.accounts.audit_log import OFFICE_ROLES
from tamnong.accounts.models import Role
from tamnong.accounts.navigation import can, units_of
from tamnong.accounts.selectors import actor_scope
from tamnong.core import navigation
from tamnong.core.navigation import Block, Fact, Item, Link, Who
from tamnong.ntm import latest_text
from tamnong.ntm.latest import commune_latest_list
from tamnong.ntm.selectors import commune_work, communes_not_reported
from tamnong.places import territory
from tamnong.places.models import Level
from tamnong.places.schemes import scheme_on
from tamnong.places.selectors import unit_full_name

SHOWN = 8  # communes listed by name in a block; the rest are counted

navigation.entry("ntm", gettext_lazy("NTM dashboards"), "ntm-home", order=10)
navigation.entry("ntm", gettext_lazy("Import criteria data"), "ntm-import", order=40, visible=can("ntm.values.import"))


def _d(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _act_on(unit, on: dt.date) -> dt.date:
    """The date a unit's data are written for: today, or the last day of a unit no longer on the map."""
    return unit.valid_to if unit.valid_to is not None and unit.valid_to < on else on


# --- a unit's page ----------------------------------------------------------------------------------


@navigation.unit_links(order=10)
def unit_data(who: Who, unit, on: dt.date) -> list[Link]:
    args = [unit.scheme, unit.code]
    if unit.level != Level.COMMUNE:
        return [Link(_("NTM dashboard of this unit"), reverse("ntm-unit", args=args))]
    links = []
    if actor_scope(who.user).covers(unit):
        links.append(Link(_("Self-assessments and criteria met"), reverse("ntm-unit", args=args)))
    if authority.may(who.user, "ntm.values.write", unit=unit, on=_act_on(unit, on)):
        links.append(Link(_("Enter this commune's data"), reverse("ntm-entry", args=args)))
    return links


@navigation.unit_facts(order=10)
def recognition_standing(who: Who, unit, on: dt.date) -> list[Fact]:
    """A rural commune of the list in force: its recognition on the date, its own or the one it inherits
    from the communes merged into it (docs/legal/regulations.md#s7.4), labelled as the dashboards label it (one rule:
    tamnong.ntm.latest), with a link to its NTM page. Nothing for a commune with no status to show."""
    in_force = scheme_on(on)
    if unit.level != Level.COMMUNE or in_force is None or unit.scheme != in_force.scheme:
        return []
    rows = commune_latest_list(unit=unit, on=on).communes  # none for a ward: not assessed
    if not rows:
        return []
    status, how = latest_text.status_text(rows[0])
    if not status and not how:
        return []
    return [Fact(
        "recognition", _("Recognition"), status, detail=how,
        url=reverse("ntm-unit", args=[unit.scheme, unit.code]), url_label=_("The commune's NTM page"),
    )]  # fmt: skip


# --- home blocks ------------------------------------------------------------------------------------


def _commune_block(who: Who, commune, on: dt.date) -> Block:
    args = [commune.scheme, commune.code]
    work = commune_work(commune=commune, on=on)
    items: list[Item] = []
    note = ""
    in_force = scheme_on(on)
    dissolved = commune.valid_to is not None and commune.valid_to < on
    if dissolved and in_force is not None:
        now = territory.successors_on(commune, in_force.scheme)
        names = ", ".join(unit_full_name(u) for u in now) or _("no certain successor")
        note = _(
            "%(commune)s is no longer on today's map (in force until %(until)s); its territory is now in %(now)s. "
            "Your role has not been carried over: ask the administrator to carry it over, or keep entering the "
            "data of its own dates."
        ) % {"commune": commune.title, "until": _d(commune.valid_to), "now": names}
    if work.latest is None:
        items.append(Item(_("No self-assessment yet"), reverse("ntm-entry", args=args), tone="due"))
    else:
        score = (
            _("%(met)s of %(total)s criteria met") % {"met": work.criteria_met, "total": work.criteria_total}
            if work.criteria_total else ""
        )  # fmt: skip
        if work.this_year:
            text = _("Self-assessment of %(year)s: updated on %(date)s") % {"year": on.year, "date": _d(work.latest.on)}
            tone = "ok"
        elif dissolved:
            text = _("Latest self-assessment: %(date)s") % {"date": _d(work.latest.on)}
            tone = ""
        else:
            text = _("No self-assessment for %(year)s yet (the latest is of %(date)s)") % {
                "year": on.year, "date": _d(work.latest.on)}
            tone = "due"
        items.append(Item(text, reverse("ntm-entry", args=args), detail=score, tone=tone))
        if work.incomplete:
            items.append(Item(
                ngettext("%(n)s criterion cannot be assessed yet (data missing): %(list)s",
                         "%(n)s criteria cannot be assessed yet (data missing): %(list)s", len(work.incomplete))
                % {"n": len(work.incomplete), "list": ", ".join(work.incomplete)},
                reverse("ntm-entry", args=args), tone="due"))  # fmt: skip
        if work.without_file:
            items.append(Item(
                ngettext("%(n)s criterion assessed directly has no evidence file: %(list)s",
                         "%(n)s criteria assessed directly have no evidence file: %(list)s", len(work.without_file))
                % {"n": len(work.without_file), "list": ", ".join(work.without_file)},
                reverse("ntm-entry", args=args), tone="due"))  # fmt: skip
    items.append(Item(_("The commune's criteria and history"), reverse("ntm-unit", args=args)))
    return Block(
        f"commune-{commune.pk}", unit_full_name(commune), items=tuple(items), note=note,
        more_url=reverse("unit-detail", args=args), more_label=_("Everything about this commune"), order=10,
    )  # fmt: skip


@navigation.home_block(order=10)
def my_communes(who: Who, on: dt.date):
    """A commune officer: each of its communes, this year's self-assessment, what is missing."""
    return [_commune_block(who, commune, on) for commune in units_of(who, Role.COMMUNE_OFFICER)] or None


@navigation.home_block(order=20)
def territory_attention(who: Who, on: dt.date):
    """A provincial or district office: the communes of its territory that have not reported this year."""
    out = []
    for unit in units_of(who, *OFFICE_ROLES):
        args = [unit.scheme, unit.code]
        in_force = scheme_on(on)
        if unit.valid_to is not None and unit.valid_to < on and in_force is not None:
            now = territory.successors_on(unit, in_force.scheme)
            note = _(
                "%(unit)s is no longer on today's map (in force until %(until)s); its territory is now in %(now)s. "
                "Its figures stay readable on its own list."
            ) % {"unit": unit.title, "until": _d(unit.valid_to), "now": ", ".join(u.title for u in now) or "—"}
            out.append(Block(
                f"territory-{unit.pk}", unit_full_name(unit), note=note,
                items=(Item(_("Dashboard on its own list"), reverse("ntm-unit", args=args)),),
                more_url=reverse("unit-detail", args=args), more_label=_("The unit and what it became"), order=20,
            ))  # fmt: skip
            continue
        total, missing = communes_not_reported(unit=unit, year=on.year, on=on)
        items = [
            Item(unit_full_name(c), reverse("ntm-unit", args=[c.scheme, c.code]), detail=_("not reported"), tone="due")
            for c in missing[:SHOWN]
        ]
        if len(missing) > SHOWN:
            items.append(Item(
                ngettext("and %(n)s more commune", "and %(n)s more communes", len(missing) - SHOWN)
                % {"n": len(missing) - SHOWN}, reverse("ntm-unit", args=args)))  # fmt: skip
        out.append(Block(
            f"territory-{unit.pk}",
            _("%(unit)s: communes that have not reported in %(year)s") % {"unit": unit.title, "year": on.year},
            items=tuple(items),
            note=_("%(reported)s of %(total)s communes have a self-assessment dated in %(year)s.")
            % {"reported": total - len(missing), "total": total, "year": on.year},
            empty=_("Every commune has reported this year."),
            more_url=reverse("ntm-unit", args=args), more_label=_("Open the dashboard"), order=20,
        ))  # fmt: skip
    return out or None
