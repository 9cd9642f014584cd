"""Capital and works in the navigation (tamnong.core.navigation): the import page for the offices the
authority table lets import works, and a unit page's link to its capital mobilised and works (for the
roles that may read them)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tamnong.accounts.navigation import can
from tamnong.accounts.selectors import actor_scope
from tamnong.core import navigation
from tamnong.core.navigation import Link, Who

navigation.entry("ntm", gettext_lazy("Import works"), "resources-import", order=80, visible=can("resources.works.import"))


@navigation.unit_links(order=30)
def resources_link(who: Who, unit, on: dt.date) -> list[Link]:
    """For those whose roles cover the unit (the page shows an office's records)."""
    if not actor_scope(who.user).covers(unit):
        return []
    return [Link(_("Capital mobilised and works"), reverse("resources-unit", args=[unit.scheme, unit.code]))]
