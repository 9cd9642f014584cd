"""Reads of orders: the buyer's order by its secret key, a producer's inbox, the products a buyer may
order on a day, the provinces of the list in force, and the VietQR code of a confirmed order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.core.errors import NotFoundError
from tamnong.core.models import OutboundEmail
from tamnong.core.outbox import email_state, emails_about
from tamnong.ocop.models import Producer, Product
from tamnong.ocop.selectors import IN_FORCE, Standing, product_standing
from tamnong.orders import vietqr
from tamnong.orders.models import Order, OrderStatus
from tamnong.orders.workflow import ORDER
from tamnong.places.models import AdminUnit, Level
from tamnong.places.schemes import scheme_on


def _orders() -> QuerySet[Order]:
    return Order.objects.select_related("producer__bank_account", "province").prefetch_related(
        "items", "changes__actor"
    )


def order_by_token(token: str) -> Order:
    order = _orders().filter(token=token).first() if token else None
    if order is None:
        raise NotFoundError(_("No order at this address."))
    return order


def order_for_producer(pk: int, actor) -> Order:
    """An order, for those who handle it (the authority table's `orders.status.change` today: the
    producer's own logins); anyone else gets the table's refusal, naming the commune and why."""
    order = _orders().filter(pk=pk).first()
    if order is None:
        raise NotFoundError(_("No order %(pk)s."), {"pk": pk})
    authority.authorize(
        actor, "orders.status.change", unit=order.producer.commune, on=clock.today(), producer=order.producer
    )
    return order


def producers_of(actor) -> list[Producer]:
    if actor is None or not actor.is_authenticated:
        return []
    return list(Producer.objects.filter(members=actor).select_related("bank_account").order_by("name"))


def inbox(actor, status: str = "") -> QuerySet[Order]:
    """The orders of the producers this login belongs to, the newest first; `status` filters."""
    orders = _orders().filter(producer__in=producers_of(actor))
    return orders.filter(status=status) if status else orders


def next_statuses(order: Order) -> tuple[str, ...]:
    return ORDER.targets_from(order.status)


def orderable_products(producer: Producer, today: dt.date) -> list[Standing]:
    """The producer's products with an OCOP certificate in force on `today`, by name."""
    out = []
    for product in Product.objects.filter(producer=producer).order_by("name"):
        standing = product_standing(product, today)
        if standing is not None and standing.state in IN_FORCE:
            out.append(standing)
    return out


def provinces_on(today: dt.date) -> QuerySet[AdminUnit]:
    """The provinces and centrally-run cities of the list in force on `today`."""
    in_force = scheme_on(today)
    return AdminUnit.objects.filter(scheme=in_force.scheme if in_force else "", level=Level.PROVINCE).order_by(
        "name_folded"
    )


@dataclass(frozen=True)
class EmailLine:
    email: OutboundEmail
    state: str  # queued, sent, retrying, failed


def buyer_emails(order: Order) -> list[EmailLine]:
    """The emails sent (or being sent) to the buyer about this order, with their state; the
    producer's own notices are not shown to the buyer."""
    if not order.buyer_email:
        return []
    return [EmailLine(e, email_state(e)) for e in emails_about(order).filter(to=order.buyer_email)]


def order_vietqr(order: Order) -> str | None:
    """The VietQR payload that pays a confirmed order (its amount, and its code as the purpose) into
    the producer's bank account; None before confirmation, after shipping, or without an account."""
    account = getattr(order.producer, "bank_account", None)
    if order.status != OrderStatus.CONFIRMED or order.amount_vnd is None or account is None:
        return None
    return vietqr.build(
        bin=account.bank_bin,
        account=account.account_number,
        amount=order.amount_vnd,
        purpose=f"Thanh toan {order.code}",
    )


def vietqr_svg(payload: str) -> str:
    """The payload as an inline SVG QR code (error correction M, as the stamps use)."""
    return segno.make_qr(payload, error="m", boost_error=False).svg_inline(
        scale=4, title="VietQR", svgclass="vietqr", lineclass=None
    )
