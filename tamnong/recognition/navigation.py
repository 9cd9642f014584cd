"""Recognition in the navigation (tamnong.core.navigation): the menu's pages, a unit page's link to its
register, and the home block of the dossiers waiting for the user (a step of the procedure the user's
roles may take on the date)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tamnong.accounts.navigation import is_office, is_writer
from tamnong.core import navigation
from tamnong.core.i18n import active_lang
from tamnong.core.navigation import Block, Item, Link, Who
from tamnong.recognition import selectors, workflow
from tamnong.recognition.models import OPEN_STATES

SHOWN = 10
SCANNED = 200  # the newest open dossiers looked at (the list page has them all)

navigation.entry("ntm", gettext_lazy("Recognition dossiers"), "recognition-home", order=50, visible=is_writer)
navigation.entry("ntm", gettext_lazy("Recognition decisions"), "recognition-decisions", order=60, visible=is_office)
navigation.entry("ntm", gettext_lazy("Dossier notices"), "recognition-notices", order=70, visible=is_writer)


@navigation.unit_links(order=15)
def register_link(who: Who, unit, on: dt.date) -> list[Link]:
    return [Link(_("Recognitions and their sustainability watch"),
                 reverse("recognition-register", args=[unit.scheme, unit.code]))]  # fmt: skip


def _action_names(actions: list[str], lang_en: bool) -> str:
    return ", ".join(workflow.ACTION_NAMES.get(a, (a, a))[1 if lang_en else 0] for a in actions)


@navigation.home_block(order=25)
def dossiers_waiting(who: Who, on: dt.date):
    """The dossiers on which the user's roles may take the next step today."""
    if not is_writer(who):
        return None
    lang_en = active_lang() == "en"
    items = []
    for dossier in selectors.dossier_list(actor=who.user).filter(state__in=OPEN_STATES)[:SCANNED]:
        actions = selectors.actions_for(dossier=dossier, actor=who.user, on=on)
        if not actions:
            continue
        due = _(" — due %(date)s") % {"date": date_format(dossier.due_on, "d/m/Y")} if dossier.due_on else ""
        late = dossier.due_on is not None and dossier.due_on < on
        items.append(Item(
            f"{dossier.commune.title}: {dossier.get_tier_display()} ({dossier.get_state_display()})",
            reverse("recognition-dossier", args=[dossier.pk]),
            detail=_("to do: %(actions)s") % {"actions": _action_names(actions, lang_en)} + due,
            tone="late" if late else "due",
        ))  # fmt: skip
    extra = len(items) - SHOWN
    items = items[:SHOWN]
    if extra > 0:
        items.append(Item(_("and %(n)s more") % {"n": extra}, reverse("recognition-home")))
    return Block(
        "dossiers", _("Recognition dossiers waiting for me"), items=tuple(items),
        empty=_("No dossier waits for a step of yours."),
        more_url=reverse("recognition-home"), more_label=_("All dossiers"), order=25, review=True,
    )  # fmt: skip
