"""OCOP in the navigation (tamnong.core.navigation): the menu's OCOP pages (a producer's, a council
member's, an office's), a unit page's link to its products, and the home blocks: a council member's
products to score, a producer's products with their certificates, an office's OCOP queues."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tamnong.accounts.navigation import can, is_writer
from tamnong.accounts.selectors import actor_scope
from tamnong.core import navigation
from tamnong.core.navigation import Block, Item, Link, Who
from tamnong.ocop import notices
from tamnong.ocop.models import ChangeStatus, Entry, MemberScore, Producer, ProducerChange, Product
from tamnong.ocop.selectors import product_standing

SHOWN = 10


def is_producer(who: Who) -> bool:
    """A login of an OCOP producer (it holds the producer role for that producer's acts)."""
    return who.authenticated and who.memo("ocop.producer", lambda u: Producer.objects.filter(members=u).exists())


def is_council_member(who: Who) -> bool:
    return who.authenticated and who.memo("ocop.member", lambda u: u.ocop_rounds.exists())


navigation.entry("ocop", gettext_lazy("OCOP by province"), "ocop-home", order=10)
navigation.entry("ocop", gettext_lazy("My OCOP products"), "ocop-producer", order=20, visible=is_producer)
navigation.entry("ocop", gettext_lazy("My councils"), "ocop-home", order=25, visible=is_council_member, anchor="my-ocop")
navigation.entry("ocop", gettext_lazy("OCOP registrations"), "ocop-registrations", order=30, visible=is_writer)
navigation.entry("ocop", gettext_lazy("Products to re-evaluate"), "ocop-queue", order=40, visible=is_writer)
navigation.entry("ocop", gettext_lazy("Changes asked by producers"), "ocop-moderation", order=50,
                 visible=can("ocop.producer.change_review"))  # fmt: skip
navigation.entry("ocop", gettext_lazy("Import a product list"), "ocop-import", order=60,
                 visible=can("ocop.products.import"))  # fmt: skip


@navigation.unit_links(order=20)
def ocop_link(who: Who, unit, on: dt.date) -> list[Link]:
    return [Link(_("OCOP products and certificates"), reverse("ocop-unit", args=[unit.scheme, unit.code]))]


def _d(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


@navigation.home_block(order=15)
def council_products(who: Who, on: dt.date):
    """The products of the open rounds of the councils the user sits on, and whether it has scored them."""
    if not is_council_member(who):
        return None
    user = who.user
    mine = MemberScore.objects.filter(entry=OuterRef("pk"), member=user)
    entries = (
        Entry.objects.filter(round__members=user, round__decided_on__isnull=True)
        .select_related("round", "product").annotate(scored=Exists(mine)).order_by("round__held_on", "product__name")
    )  # fmt: skip
    items = [
        Item(f"{e.product.name} — {e.round.name}", reverse("ocop-entry-score", args=[e.pk]),
             detail=_("scored") if e.scored else _("to score"), tone="ok" if e.scored else "due")
        for e in entries[:50]
    ]  # fmt: skip
    decided = user.ocop_rounds.filter(decided_on__isnull=False).order_by("-decided_on")[:3]
    note = "; ".join(
        _("%(round)s decided on %(date)s") % {"round": r.name, "date": _d(r.decided_on)} for r in decided
    )  # fmt: skip
    return Block(
        "council", _("My councils' products to score"), items=tuple(items),
        note=note, empty=_("No open council round: every round you sit on has decided."),
        more_url=reverse("ocop-home") + "#my-ocop", more_label=_("All my councils"), order=15,
    )  # fmt: skip


_STATE_TEXT = {
    "valid": gettext_lazy("certificate valid"),
    "expiring": gettext_lazy("certificate ending soon"),
    "expired": gettext_lazy("certificate ended"),
    "revoked": gettext_lazy("certificate revoked"),
    "superseded": gettext_lazy("certificate replaced"),
}


@navigation.home_block(order=40)
def producer_products(who: Who, on: dt.date):
    """A producer's products: stars, the state of the certificate, the notices of those ending."""
    if not is_producer(who):
        return None
    products = list(notices.producer_products(who.user).order_by("name"))
    items = []
    for product in products[:SHOWN]:
        standing = product_standing(product, on)
        if standing is None:
            items.append(Item(product.name, reverse("ocop-producer"), detail=_("no certificate yet")))
            continue
        state = standing.state
        items.append(Item(
            product.name, reverse("ocop-producer"),
            detail=_("%(stars)s stars, %(state)s") % {"stars": standing.certificate.stars, "state": _STATE_TEXT.get(state, state)},
            tone="due" if state in ("expiring", "expired") else "ok" if state == "valid" else "",
        ))  # fmt: skip
    return Block(
        "producer", _("My OCOP products"), items=tuple(items), empty=_("No product recorded yet."),
        more_url=reverse("ocop-producer"), more_label=_("Notices, registrations and product pages"), order=40,
    )  # fmt: skip


@navigation.home_block(order=35)
def office_queues(who: Who, on: dt.date):
    """An office's OCOP queues in its territory: changes producers asked for, certificates to renew
    (a provincial, district or commune office; the national office's territory is the whole nation)."""
    if not can("ocop.producer.change_review")(who):
        return None
    scope = actor_scope(who.user, write=True)
    if scope.everything:
        return None  # the national office renews no province's certificates; its landing is the dashboard
    changes = scope.filter(
        ProducerChange.objects.filter(status=ChangeStatus.PENDING).select_related("producer"), prefix="producer__commune__"
    ).count()
    products = scope.filter(Product.objects.select_related("producer"), prefix="commune__")
    queue = notices.reevaluation_queue(products, on)
    items = (
        Item(_("Changes asked by producers: %(n)s waiting") % {"n": changes}, reverse("ocop-moderation"),
             tone="due" if changes else "ok"),
        Item(_("Products to re-evaluate: %(n)s") % {"n": len(queue)}, reverse("ocop-queue"),
             tone="due" if queue else "ok"),
        Item(_("OCOP registrations"), reverse("ocop-registrations")),
    )  # fmt: skip
    return Block("ocop-office", _("OCOP in my territory"), items=items, more_url=reverse("ocop-home"),
                 more_label=_("OCOP pages"), order=35)  # fmt: skip
