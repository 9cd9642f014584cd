"""Reads of the public catalog: search with facets (province on either list, the communes of today's list
inside the chosen province, group, stars, producer kind, certificate status), sorting and pages; a
product's page data; related products; feeds.

A commune is chosen on any list: a commune of today's list finds the products entered on the old
communes merged into it (their territory lies in it), and the facet offers only today's communes (a
product of a dissolved commune counts under the commune, or communes, that continue it)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from tamnong.catalog.models import Entry
from tamnong.core.errors import DomainError, NotFoundError
from tamnong.core.text import fold_name, searchable
from tamnong.ocop.models import Producer, ProducerKind
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level
from tamnong.places.schemes import scheme_on
from tamnong.places.selectors import unit_get_by_key
from tamnong.rules import ocop

PAGE_SIZE = 24
SORTS = ("relevance", "name", "stars", "newest", "ending")
STATUSES = ("valid", "expiring")  # in force: only these are listed
TRIGRAM_THRESHOLD = 0.45  # pg_trgm word similarity above which a word counts as the one typed


@dataclass(frozen=True)
class Query:
    q: str = ""
    province: str = ""  # <list>:<code> of a province on any list
    commune: str = ""  # <list>:<code> of a commune on any list
    stars: tuple[int, ...] = ()
    group: str = ""  # "1", or "<classification>:<group>"
    kind: str = ""  # producer kind
    status: str = ""  # valid | expiring
    sort: str = ""
    page: int = 1
    unsearchable: str = ""  # what was typed when it had no letter or digit (then q is empty)


@dataclass
class Results:
    rows: list[Entry]
    count: int
    page: int
    pages: int
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # name → [(value, label, n)]
    commune: AdminUnit | None = None  # the commune chosen


def in_force(today: dt.date) -> Q:
    return Q(issued_on__lte=today, expires_on__gte=today) & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=today))


def status_of(entry: Entry, today: dt.date) -> str:
    """valid, expiring (its last 90 days, `ocop.expiring_until`), expired or revoked, on `today`."""
    if entry.revoked_on is not None and entry.revoked_on <= today:
        return "revoked"
    if entry.expires_on < today:
        return "expired"
    return "expiring" if entry.expires_on <= ocop.expiring_until(today) else "valid"


def _province(key: str) -> AdminUnit:
    try:
        unit = unit_get_by_key(key)
    except (NotFoundError, DomainError):
        unit = None
    if unit is None or unit.level != Level.PROVINCE:
        raise DomainError(_("No province “%(key)s”."), {"key": key}, field="province")
    return unit


def _commune(key: str) -> AdminUnit:
    try:
        unit = unit_get_by_key(key)
    except (NotFoundError, DomainError):
        unit = None
    if unit is None or unit.level != Level.COMMUNE:
        raise DomainError(_("No commune “%(key)s”."), {"key": key}, field="commune")
    return unit


def _commune_facet(entries: QuerySet[Entry], today: dt.date) -> list[tuple[str, str, int]]:
    """The communes of the list in force with products among the entries, each product counted under the
    commune(s) that continue its own (a product entered on a dissolved commune is under today's one)."""
    in_force = scheme_on(today)
    if in_force is None:
        return []
    counts = Counter(dict(entries.values_list("product__commune").annotate(n=Count("pk")).order_by()))
    by_now: Counter = Counter()
    for old, now in territory.successors_on_many(counts, in_force.scheme).items():
        for pk in now:
            by_now[pk] += counts[old]
    units = AdminUnit.objects.in_bulk(list(by_now))
    return [(units[pk].key, units[pk].title, n) for pk, n in sorted(by_now.items(), key=lambda i: units[i[0]].name_folded)]


def _search(entries: QuerySet[Entry], q: str) -> QuerySet[Entry]:
    """Every word of `q` in the search text, regardless of tones, đ and i/y; on PostgreSQL, when no
    product has them all, the words within a typo (trigram word similarity), ranked by closeness."""
    folded = fold_name(q)
    words = folded.split()
    if not words:
        return entries
    exact = Q()
    for word in words:
        exact &= Q(search_text__contains=word)
    name_rank = Case(
        When(name_folded=folded, then=Value(0)), When(name_folded__startswith=folded, then=Value(1)),
        When(name_folded__contains=folded, then=Value(2)), When(search_text__contains=folded, then=Value(3)),
        default=Value(4), output_field=IntegerField(),
    )  # fmt: skip
    entries = entries.annotate(name_rank=name_rank)
    if connection.vendor == "postgresql" and not entries.filter(exact).exists():
        # The typo path only: word_similarity() cannot use the index inside an OR, and computed on
        # every row in force it costs ~270 ms for 20,000 products, in each of the page's queries.
        entries = entries.annotate(closeness=TrigramWordSimilarity(folded, "search_text"))
        return entries.filter(search_text__trigram_word_similar=folded, closeness__gte=TRIGRAM_THRESHOLD)
    return entries.filter(exact)


def _group_filter(value: str) -> Q:
    if ":" in value:
        edition, group = value.rsplit(":", 1)
        return Q(groups_edition=edition, group=group)
    return Q(group=value)


def search(query: Query, *, today: dt.date) -> Results:
    entries = Entry.objects.filter(in_force(today))
    if searchable(query.q):
        entries = _search(entries, query.q)
    if query.province:
        province = _province(query.province)
        entries = entries.filter(Q(province=province) | Q(province_now=province))
    commune = None
    if query.commune:
        commune = _commune(query.commune)
        entries = entries.filter(product__commune__in=territory.communes(commune))
    if query.group:
        entries = entries.filter(_group_filter(query.group))
    if query.kind:
        if query.kind not in ProducerKind.values:
            raise DomainError(_("No producer kind “%(query_kind)s”."), {"query_kind": query.kind}, field="kind")
        entries = entries.filter(producer_kind=query.kind)
    soon = ocop.expiring_until(today)
    if query.status == "expiring":
        entries = entries.filter(expires_on__lte=soon)
    elif query.status == "valid":
        entries = entries.filter(expires_on__gt=soon)
    elif query.status:
        raise DomainError(_("No status “%(query_status)s”."), {"query_status": query.status}, field="status")
    facets, count = _facets(entries, soon, query.stars)
    if query.province or query.commune:  # the communes of a province (not of the whole country)
        facets["commune"] = _commune_facet(entries.filter(stars__in=query.stars) if query.stars else entries, today)
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(1, query.page), pages)
    if query.stars:
        entries = entries.filter(stars__in=query.stars)
    # The page's ids first, sorted on the entry table alone; then those rows with what they show.
    ordered = entries.order_by(*_order(query, entries)).values_list("pk", flat=True)
    ids = list(ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    rows = Entry.objects.select_related("product__producer", "province", "province_now", "certificate")
    found = rows.prefetch_related("product__photos").in_bulk(ids)
    return Results([found[pk] for pk in ids], count, page, pages, facets, commune=commune)


def _order(query: Query, entries: QuerySet[Entry]) -> list[str]:
    sort = query.sort if query.sort in SORTS else ("relevance" if searchable(query.q) else "stars")
    if sort == "relevance" and searchable(query.q):
        ranked = ["name_rank", "-closeness"] if "closeness" in entries.query.annotations else ["name_rank"]
        return [*ranked, "-stars", "name_folded", "pk"]
    return {
        "name": ["name_folded", "pk"],
        "newest": ["-issued_on", "name_folded", "pk"],
        "ending": ["expires_on", "name_folded", "pk"],
    }.get(sort, ["-stars", "name_folded", "pk"])


def _facets(
    entries: QuerySet[Entry], soon: dt.date, stars: tuple[int, ...]
) -> tuple[dict[str, list[tuple[str, str, int]]], int]:
    """Every facet's counts and the number of results, from one grouped scan of the matching entries.
    The stars facet counts before the stars filter, so that every star count stays visible; the
    others after it."""
    expiring = Case(When(expires_on__lte=soon, then=Value(1)), default=Value(0), output_field=IntegerField())
    cells = list(
        entries.annotate(expiring=expiring)
        # stars first: led by province_now, the GROUP BY makes SQLite walk that index, 3x slower than a scan
        .values("stars", "producer_kind", "groups_edition", "group", "expiring", "province_now")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by: dict[str, Counter] = {name: Counter() for name in ("province", "group", "stars", "kind", "status")}
    count = 0
    for c in cells:
        by["stars"][c["stars"]] += c["n"]
        if stars and c["stars"] not in stars:
            continue
        count += c["n"]
        if c["province_now"] is not None:
            by["province"][c["province_now"]] += c["n"]
        by["group"][(c["groups_edition"], c["group"])] += c["n"]
        by["kind"][c["producer_kind"]] += c["n"]
        by["status"]["expiring" if c["expiring"] else "valid"] += c["n"]
    by_province = [{"province_now": pk, "n": n} for pk, n in sorted(by["province"].items(), key=lambda i: -i[1])]
    return {
        "province": [(unit.key, label, n) for unit, label, n in _province_labels(by_province)],
        "group": [(f"{edition}:{group}", _group_name(edition, group), n)
                  for (edition, group), n in sorted(by["group"].items(), key=lambda i: (i[0][1], i[0][0]))],
        "stars": [(str(s), f"{s} ★", n) for s, n in sorted(by["stars"].items(), reverse=True)],
        "kind": [(k, str(ProducerKind(k).label), n) for k, n in sorted(by["kind"].items())],
        "status": [(value, value, by["status"][value]) for value in ("valid", "expiring") if by["status"][value]],
    }, count  # fmt: skip


def _province_labels(rows: list[dict]) -> list[tuple[AdminUnit, str, int]]:
    """Each province on the list in force with the former provinces it took in: "Tỉnh Phú Thọ (Hoà Bình,
    Vĩnh Phúc)"."""
    ids = [r["province_now"] for r in rows]
    units = AdminUnit.objects.in_bulk(ids)
    earlier = territory.earlier_units(units.values())
    former = {pk: [u.name for u in olds if u.name != units[pk].name] for pk, olds in earlier.items()}
    out = []
    for r in rows:
        unit = units[r["province_now"]]
        names = sorted(set(former.get(unit.pk, [])))
        out.append((unit, unit.title + (f" ({', '.join(names)})" if names else ""), r["n"]))
    return out


def _group_name(edition: str, code: str) -> str:
    group = ocop.groups(edition).get(code)
    return group.name_vi if group else code


def related(entry: Entry, *, today: dt.date, limit: int = 6) -> list[Entry]:
    """Other products in force from the same province (on the list in force), best rated first."""
    province = entry.province_now or entry.province
    return list(
        Entry.objects.filter(in_force(today), Q(province_now=province) | Q(province=province))
        .exclude(pk=entry.pk)
        .select_related("product__producer")
        .order_by("-stars", "name_folded")[:limit]
    )


# --- the reads of the catalog's pages, feeds and sitemaps ---

ENTRY_PLACES = ("product__producer", "product__commune", "certificate", "province", "province_now")


def entry_of_product(pk: int) -> Entry | None:
    """The catalog's entry of a product, with its producer, commune, certificate and provinces."""
    return Entry.objects.select_related(*ENTRY_PLACES).filter(product_id=pk).first()


def product_photos(product) -> list:
    return list(product.photos.all())


def latest_lot(product):
    """The product's latest lot (its traceability page), or None."""
    return product.lots.order_by("-produced_on").first()


def producer_for_storefront(pk: int) -> Producer | None:
    return Producer.objects.select_related("commune").filter(pk=pk).first()


def producer_entries(producer) -> list[Entry]:
    """A producer's products in the catalog, the most stars first."""
    return list(
        Entry.objects.filter(product__producer=producer).select_related("product", "certificate").order_by("-stars")
    )


def feed_entries(*, today: dt.date, everything: bool) -> QuerySet[Entry]:
    """Every entry that had a certificate, or those in force today, with what a feed row shows."""
    entries = Entry.objects.all() if everything else Entry.objects.filter(in_force(today))
    return entries.select_related(*ENTRY_PLACES)


def first_photos(entries: QuerySet[Entry]) -> dict[int, object]:
    """The first photo of each entry that has one, by entry."""
    photos = {}
    for entry in entries.filter(has_photo=True).prefetch_related("product__photos"):
        first = entry.product.photos.all()[:1]
        photos[entry.pk] = first[0] if first else None
    return photos


def by_pk(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    return entries.order_by("pk")


def sitemap_entries(today: dt.date) -> QuerySet[Entry]:
    return Entry.objects.filter(in_force(today)).select_related("product").order_by("pk")


def sitemap_producers() -> QuerySet[Producer]:
    return Producer.objects.filter(products__catalog_entry__isnull=False).distinct().order_by("pk")
