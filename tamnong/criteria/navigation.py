"""The criteria in the navigation (tamnong.core.navigation): the menu's criteria pages (in the NTM
section), and the home block of the criteria versions waiting for a second officer."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tamnong.accounts.navigation import can
from tamnong.core import navigation
from tamnong.core.navigation import Block, Item, Who
from tamnong.criteria import authoring
from tamnong.criteria.models import VersionStatus
from tamnong.criteria.version_workflow import is_second_officer

navigation.entry("ntm", gettext_lazy("Criteria"), "criteria-browser", order=20)
navigation.entry("ntm", gettext_lazy("Criteria versions"), "criteria-versions", order=30,
                 visible=can("criteria.version.create"))  # fmt: skip


@navigation.home_block(order=30)
def criteria_reviews(who: Who, on: dt.date):
    """Criteria versions submitted by another officer (to review), and the user's own returned ones."""
    if not can("criteria.version.approve")(who):
        return None
    items = []
    for version in authoring.criteria_versions_visible(who.user):
        url = reverse("criteria-version", args=[version.pk])
        where = version.province.title if version.province_id else _("national")
        if version.status == VersionStatus.SUBMITTED and is_second_officer(version, who.user):
            items.append(Item(_("To review: %(title)s") % {"title": version.title}, url, detail=where, tone="due"))
        elif version.status == VersionStatus.RETURNED and version.created_by_id == who.user.pk:
            items.append(
                Item(_("Returned to you: %(title)s") % {"title": version.title}, url, detail=where, tone="due")
            )
    return Block("criteria-reviews", _("Criteria versions waiting for me"), items=tuple(items),
                 empty=_("No criteria version waits for you."), more_url=reverse("criteria-versions"), more_label=_("All criteria versions"), order=30, review=True)  # fmt: skip
