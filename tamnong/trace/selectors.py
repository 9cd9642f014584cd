"""Reads of traceability records: what a resolver path names, the public page of a product, a lot or
a stamp (certificate status, places on the old and the new map, the events timeline, scans and
warnings), lot search, and scan figures for producers and offices."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDate

from tamnong.core.text import fold_name
from tamnong.ocop.models import Product
from tamnong.ocop.selectors import Standing, product_standing
from tamnong.places import territory
from tamnong.places.models import AdminUnit
from tamnong.places.schemes import scheme_on
from tamnong.places.selectors import unit_ancestors
from tamnong.rules import ocop
from tamnong.trace import identifiers
from tamnong.trace.links import lot_for_uri
from tamnong.trace.models import Event, Lot, Scan, Stamp
from tamnong.trace.steps import Step, step_of


@dataclass(frozen=True)
class Resolution:
    """What a resolver path found. `fallback` is the less specific path to send the client to (303)
    when the lot or the serial is unknown; `missing` says which ("lot" or "serial")."""

    product: Product | None
    lot: Lot | None = None
    stamp: Stamp | None = None
    fallback: str | None = None
    missing: str = ""


def resolve(named: identifiers.ResolvedId) -> Resolution:
    if named.scheme == "gs1":
        lots = Lot.objects.select_related("product__producer").filter(gtin=named.gtin)
        any_lot = lots.first()
        product = any_lot.product if any_lot else None
    else:
        lots = Lot.objects.select_related("product__producer").filter(product_id=named.product_id, gtin="")
        product = Product.objects.select_related("producer").filter(pk=named.product_id).first()
    if product is None:
        return Resolution(None)
    if named.lot is None:
        return Resolution(product)
    lot = lots.filter(code=named.lot).first()
    if lot is None:
        return Resolution(product, fallback=_path(named, lot=None, serial=None), missing="lot")
    if named.serial is None:
        return Resolution(product, lot)
    stamp = lot.stamps.filter(serial=named.serial).first()
    if stamp is None:
        return Resolution(product, lot, fallback=_path(named, lot=named.lot, serial=None), missing="serial")
    return Resolution(product, lot, stamp)


def _path(named: identifiers.ResolvedId, *, lot: str | None, serial: str | None) -> str:
    return identifiers.ResolvedId(named.scheme, named.gtin, named.product_code, lot, serial).path


@dataclass(frozen=True)
class Place:
    """A commune with its district and province on its own list, and what continues it on the list
    in force (the old and the new names)."""

    unit: AdminUnit
    chain: list[AdminUnit]
    now: list[list[AdminUnit]]


def place_of(unit: AdminUnit, on: dt.date) -> Place:
    in_force = scheme_on(on)
    now = []
    if in_force is not None and in_force.scheme != unit.scheme:
        now = [[u, *unit_ancestors(u)] for u in territory.successors_on(unit, in_force.scheme)]
    return Place(unit, [unit, *unit_ancestors(unit)], now)


@dataclass(frozen=True)
class TimelineItem:
    event: Event
    step: Step | None
    voided: bool  # declared erroneous afterwards
    reference: str  # e.g. a test report's number
    note: str
    upstream: Lot | None = None  # the input lot the event belongs to, for events before this lot was made


@dataclass
class PublicPage:
    product: Product
    standing: Standing | None
    lot: Lot | None
    stamp: Stamp | None
    place: Place | None
    timeline: list[TimelineItem] = field(default_factory=list)
    lots: list[Lot] = field(default_factory=list)
    expires_on: dt.date | None = None  # the certificate's end
    scans: int = 0
    clients: int = 0
    warnings: list[str] = field(default_factory=list)  # codes of WARNINGS: unknown_lot, voided, suspicious, …


# What machine clients read about each warning (the linkset, the Tamnong-Warning header); the scan page
# words them with their dates.
WARNINGS = {
    "unknown_serial": ("Mã tem này không có trong hệ thống: có thể là tem giả.",
                       "This stamp's code is unknown: it may be forged."),
    "unknown_lot": ("Không có lô hàng mang mã này: có thể là tem giả.", "No lot carries this code: the stamp may be forged."),
    "voided": ("Tem này đã bị huỷ: sản phẩm mang tem này không được bảo đảm.",
               "This stamp was voided: the product carrying it is not vouched for."),
    "suspicious": ("Tem này đã được quét từ nhiều mạng khác nhau: có thể đã bị sao chép.",
                   "This stamp was scanned from many different networks: it may have been copied."),
    "certificate_expired": ("Giấy chứng nhận OCOP đã hết hạn.", "The OCOP certificate expired."),
    "certificate_revoked": ("Giấy chứng nhận OCOP đã bị thu hồi.", "The OCOP certificate was revoked."),
    "not_certified": ("Sản phẩm chưa có giấy chứng nhận OCOP.", "The product has no OCOP certificate."),
    "lot_expired": ("Lô hàng đã quá hạn sử dụng.", "This lot is past its date."),
}  # fmt: skip


def timeline(lot: Lot, *, depth: int = 3) -> list[TimelineItem]:
    """The lot's events in time order, with those of the lots it was made from (up to `depth` steps
    back), each marked with its lot; events declared erroneous are kept and marked."""
    items: list[TimelineItem] = []
    todo, seen = [(lot, None)], {lot.pk}
    for _ in range(depth + 1):
        following = []
        for current, upstream in todo:
            rows = list(current.events.select_related("commune"))
            voided = {r.voids_id for r in rows if r.voids_id}
            for r in rows:
                if r.voids_id is not None:
                    continue
                items.append(TimelineItem(r, step_of(r.biz_step, r.type), r.pk in voided,
                                          r.data.get("tn:reference", ""), r.data.get("tn:note", ""), upstream))  # fmt: skip
                for element in r.data.get("inputQuantityList", []) if r.type == "TransformationEvent" else []:
                    source = lot_for_uri(element.get("epcClass", ""))
                    if source is not None and source.pk not in seen:
                        seen.add(source.pk)
                        following.append((source, source))
        todo = following
    return sorted(items, key=lambda i: (i.event.event_time, i.event.pk))


def public_page(resolution: Resolution, *, on: dt.date) -> PublicPage:
    product, lot, stamp = resolution.product, resolution.lot, resolution.stamp
    standing = product_standing(product, on)
    page = PublicPage(product, standing, lot, stamp, place_of(lot.commune if lot else product.commune, on))
    if resolution.missing:
        page.warnings.append(f"unknown_{resolution.missing}")
    if standing is not None:
        page.expires_on = ocop.expires_on(standing.certificate.issued_on)
    if standing is None:
        page.warnings.append("not_certified")
    elif standing.state in ("expired", "revoked"):
        page.warnings.append(f"certificate_{standing.state}")
    if lot is not None:
        page.timeline = timeline(lot)
        if lot.expires_on and lot.expires_on < on:
            page.warnings.append("lot_expired")
    else:
        page.lots = list(product.lots.order_by("-produced_on")[:10])
    if stamp is not None:
        counts = stamp.scans.aggregate(n=Count("pk"), clients=Count("client", distinct=True))
        page.scans, page.clients = counts["n"], counts["clients"]
        if stamp.voided_at is not None:
            page.warnings.append("voided")
        if page.clients >= settings.TAMNONG_SUSPICIOUS_CLIENTS:
            page.warnings.append("suspicious")
    return page


# --- search and figures -------------------------------------------------------------------------------


def lots_search(lots: QuerySet[Lot], q: str) -> QuerySet[Lot]:
    """Lots whose code, GTIN or product name contains the words of `q`, regardless of diacritics."""
    rows = lots.select_related("product__producer", "commune")
    for word in fold_name(q or "").split():
        rows = rows.filter(Q(code__icontains=word) | Q(gtin__contains=word) | Q(product__name_folded__contains=word))
    return rows.order_by("-produced_on", "code")


@dataclass
class ScanFigures:
    by_day: list[tuple[dt.date, str, int]]  # (day, product name, scans)
    suspicious: list[tuple[Stamp, int, int]]  # (stamp, scans, distinct clients)
    unknown: int  # scans of serials no stamp carries
    total: int


def scan_figures(products: QuerySet[Product], *, since: dt.date, until: dt.date) -> ScanFigures:
    scans = Scan.objects.filter(product__in=products, scanned_at__date__gte=since, scanned_at__date__lte=until)
    by_day = Counter()
    for row in scans.annotate(day=TruncDate("scanned_at")).values("day", "product__name").annotate(n=Count("pk")):
        by_day[row["day"], row["product__name"]] += row["n"]
    flagged = (
        Stamp.objects.filter(lot__product__in=products, scans__in=scans)
        .annotate(n=Count("scans", distinct=True), clients=Count("scans__client", distinct=True))
        .filter(clients__gte=settings.TAMNONG_SUSPICIOUS_CLIENTS)
        .select_related("lot__product")
        .order_by("-clients")
    )
    return ScanFigures(
        by_day=sorted(((d, p, n) for (d, p), n in by_day.items()), reverse=True),
        suspicious=[(s, s.n, s.clients) for s in flagged],
        unknown=scans.filter(known=False).count(),
        total=scans.count(),
    )


# --- the reads of the producers' and offices' pages ---------------------------------------------------


def writable_products(user) -> QuerySet[Product]:
    """The products a user may trace: its producers' products, and those of the communes where the
    table lets it create a lot today."""
    from tamnong.accounts import authority
    from tamnong.core import clock

    mine = Product.objects.filter(producer__members=user)
    scoped = authority.where(user, "trace.lot.create", on=clock.today()).filter(
        Product.objects.all(), prefix="commune__"
    )
    return (mine | scoped).distinct().select_related("producer", "commune").order_by("name")


def product_among(products: QuerySet[Product], pk) -> Product | None:
    return products.filter(pk=pk).first()


def all_lots() -> QuerySet[Lot]:
    return Lot.objects.all()


def lots_of(products: QuerySet[Product]) -> QuerySet[Lot]:
    return Lot.objects.filter(product__in=products)


def other_lots(lot: Lot, products: QuerySet[Product], *, limit: int = 200) -> list[Lot]:
    """The lots of these products but this one (the inputs a lot's event may name)."""
    return list(Lot.objects.filter(product__in=products).exclude(pk=lot.pk).select_related("product")[:limit])


def lot_find(pk) -> Lot | None:
    return Lot.objects.filter(pk=pk).first()


def lot_event(lot: Lot, pk) -> Event | None:
    return Event.objects.filter(lot=lot, pk=pk).first()


def event_find(pk) -> Event | None:
    return Event.objects.filter(pk=pk).first()


def stamp_find(serial: str) -> Stamp | None:
    return Stamp.objects.select_related("lot__product").filter(serial=serial).first()


def stamp_ranges(lot: Lot) -> list[dict]:
    """The lot's stamps by the moment they were issued: first and last number, how many."""
    return list(
        lot.stamps.values("issued_at")
        .order_by("issued_at")
        .annotate(first=Min("number"), last=Max("number"), n=Count("pk"))
    )


def stamps_total(lot: Lot) -> int:
    return lot.stamps.count()


def stamps_voided(lot: Lot) -> int:
    return lot.stamps.filter(voided_at__isnull=False).count()


def lot_scan_figures(lot: Lot, *, until: dt.date) -> ScanFigures:
    """The scans of the lot's product since the lot was produced."""
    return scan_figures(Product.objects.filter(pk=lot.product_id), since=lot.produced_on, until=until)
