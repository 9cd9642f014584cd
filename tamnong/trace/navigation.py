"""Traceability in the navigation (tamnong.core.navigation): the lots and scans pages for a producer
and for the offices that keep its records, and a producer's home block of its latest lots and stamps."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tamnong.accounts.navigation import can
from tamnong.core import navigation
from tamnong.core.navigation import Block, Item, Who
from tamnong.ocop.navigation import is_producer
from tamnong.trace.models import Lot

SHOWN = 5


def traces(who: Who) -> bool:
    """A producer's login, or a role the authority table lets create lots (an office keeping records)."""
    return is_producer(who) or can("trace.lot.create")(who)


navigation.entry("trace", gettext_lazy("Lots and stamps"), "trace-lots", order=10, visible=traces)
navigation.entry("trace", gettext_lazy("Stamp scans"), "trace-scans", order=20, visible=traces)


@navigation.home_block(order=45)
def producer_lots(who: Who, on: dt.date):
    """A producer's latest lots, each with its stamps in use and voided."""
    if not is_producer(who):
        return None
    lots = (
        Lot.objects.filter(product__producer__members=who.user)
        .select_related("product")
        .annotate(active=Count("stamps", filter=Q(stamps__voided_at__isnull=True)),
                  voided=Count("stamps", filter=Q(stamps__voided_at__isnull=False)))
        .order_by("-produced_on", "-pk")
    )  # fmt: skip
    items = tuple(
        Item(f"{lot.product.name} — {_('lot')} {lot.code}", reverse("trace-lot", args=[lot.pk]),
             detail=_("produced on %(date)s; %(active)s stamps in use, %(voided)s voided")
             % {"date": date_format(lot.produced_on, "d/m/Y"), "active": lot.active, "voided": lot.voided})
        for lot in lots[:SHOWN]
    )  # fmt: skip
    return Block(
        "lots", _("My lots and stamps"), items=items, empty=_("No lot recorded yet."),
        more_url=reverse("trace-lots"), more_label=_("All lots, new lot"), order=45,
    )  # fmt: skip
