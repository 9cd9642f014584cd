"""Orders in the navigation (tamnong.core.navigation): a producer's order inbox in the menu, and its
home block of the orders waiting for an answer."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tamnong.accounts.navigation import can
from tamnong.core import navigation
from tamnong.core.navigation import Block, Item, Who
from tamnong.ocop.navigation import is_producer
from tamnong.orders import selectors
from tamnong.orders.models import OrderStatus

SHOWN = 5
OPEN = (OrderStatus.NEW, OrderStatus.CONFIRMED, OrderStatus.SHIPPED)

navigation.entry("orders", gettext_lazy("Order inbox"), "orders-inbox", order=10, visible=is_producer)
navigation.entry("account", gettext_lazy("Requests about personal data"), "orders-personal-data", order=15,
                 visible=can("orders.personal_data.export"))  # fmt: skip


@navigation.home_block(order=50)
def producer_orders(who: Who, on: dt.date):
    """The orders still open: new ones to answer first."""
    if not is_producer(who):
        return None
    orders = selectors.inbox(who.user).filter(status__in=OPEN)
    new = orders.filter(status=OrderStatus.NEW).count()
    items = tuple(
        Item(f"{order.code} — {order.get_status_display()}", reverse("orders-inbox") + f"?status={order.status}",
             detail=date_format(timezone.localtime(order.created_at), "d/m/Y"), tone="due" if order.status == OrderStatus.NEW else "")
        for order in orders[:SHOWN]
    )  # fmt: skip
    return Block(
        "orders", _("My orders"), items=items,
        note=_("%(n)s new orders to answer.") % {"n": new} if new else "",
        empty=_("No open order."), more_url=reverse("orders-inbox"), more_label=_("Order inbox"), order=50,
    )  # fmt: skip
