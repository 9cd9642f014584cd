"""The public OCOP catalog: search with facets (htmx updates the results in place), product pages with
schema.org JSON-LD and Open Graph tags, producers' storefronts, feeds and the open dataset, sitemap."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from django.contrib.sitemaps import Sitemap
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tamnong.accounts import history
from tamnong.catalog import selectors
from tamnong.core import clock
from tamnong.core.errors import DomainError
from tamnong.core.i18n import active_lang
from tamnong.core.text import fold_name, query_text, searchable
from tamnong.trace import links
from tamnong.trace.selectors import place_of

if TYPE_CHECKING:
    from tamnong.catalog.models import Entry

NO_PHOTO = "catalog/no-photo.svg"
LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


def query_from(params) -> selectors.Query:
    """A catalog query from request parameters (the page's form and the API share it): any text is
    accepted; control and invisible characters are left out, the words are bounded, and a query with
    no letter or digit searches nothing (`unsearchable` keeps what was typed, to say so)."""
    stars = tuple(int(s) for s in params.getlist("stars") if s in ("3", "4", "5"))
    page = params.get("page", "1")
    typed = params.get("q", "")
    q = query_text(typed)
    # What was typed when it had nothing to search; INVISIBLE when it was only invisible characters.
    unsearchable = "" if searchable(q) else (q or (INVISIBLE if typed.strip() else ""))
    return selectors.Query(
        q=q if searchable(q) else "", unsearchable=unsearchable,
        province=query_text(params.get("province", "")), commune=query_text(params.get("commune", "")), stars=stars, group=query_text(params.get("group", "")),
        kind=query_text(params.get("kind", "")), status=query_text(params.get("status", "")),
        sort=query_text(params.get("sort", "")),
        page=int(page) if page.isascii() and page.isdigit() and len(page) <= 9 else 1,
    )  # fmt: skip


INVISIBLE = "\u2063"  # stands for a query of invisible characters only (never typed: query_text removes it)


def unsearchable_message(query: selectors.Query) -> str:
    if not query.unsearchable:
        return ""
    if query.unsearchable == INVISIBLE:
        return _("The search text has only invisible characters: all products are shown.")
    return _("“%(q)s” has no letter or digit to search for: all products are shown.") % {"q": query.unsearchable}


def commune_text(commune, today) -> str:
    """The commune chosen, as today knows it: its title, or "Xã Kim Lập cũ, nay thuộc Xã Hợp Kim (…)", and
    whether the old communes merged into it are counted."""
    if commune is None:
        return ""
    place = history.unit_on(commune, today, active_lang())
    if commune.valid_to is None or commune.valid_to >= today:
        return _("%(commune)s, with the products entered on the former communes merged into it") % {
            "commune": place}
    return place


def catalog(request):
    query = query_from(request.GET)
    today = clock.today()
    try:
        results = selectors.search(query, today=today)
        error = ""
        for entry in results.rows:
            entry.url = product_url(entry)
    except DomainError as exc:
        results, error = selectors.Results([], 0, 1, 1), exc.message()
    context = {"query": query, "results": results, "error": error, "today": today, "sorts": selectors.SORTS,
               "params": request.GET.urlencode(), "notice": unsearchable_message(query),
               "commune_text": commune_text(results.commune, today)}  # fmt: skip
    template = "catalog/_results.html" if request.htmx else "catalog/catalog.html"
    return render(request, template, context, status=400 if error else 200)


def _slug(entry_or_name) -> str:
    return slugify(fold_name(str(entry_or_name)))[:80] or "san-pham"


def product_url(entry: Entry) -> str:
    return reverse("catalog-product", args=[entry.product_id, _slug(entry.product.name)])


def product(request, pk: int, slug: str = ""):
    entry = selectors.entry_of_product(pk)
    if entry is None:
        raise Http404("Không có sản phẩm này trong danh mục.")
    if slug != _slug(entry.product.name):
        return redirect(product_url(entry), permanent=True)
    today = clock.today()
    item = entry.product
    photos = [request.build_absolute_uri(p.image.url) for p in selectors.product_photos(item)]
    status = selectors.status_of(entry, today)
    url = request.build_absolute_uri(product_url(entry))
    lot = selectors.latest_lot(item)
    related = selectors.related(entry, today=today)
    for other in related:
        other.url = product_url(other)
    trace_url = links.lot_url(lot, request) if lot else ""  # the latest lot's page: its history and stamps
    return render(request, "catalog/product.html", {
        "entry": entry, "product": item, "producer": item.producer, "status": status, "photos": photos,
        "place": place_of(item.commune, today), "related": related,
        "trace_url": trace_url, "url": url, "json_ld": _script_json(_json_ld(entry, status, photos, url, request)),
        "image": photos[0] if photos else request.build_absolute_uri(static(NO_PHOTO)),
    })  # fmt: skip


# Inside <script>, "<", ">" and "&" are written as JSON escapes: text from producers cannot close the tag.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _script_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


NO_OFFER_VI = "Chủ thể chưa công bố giá bán: giá được báo khi chủ thể xác nhận đơn đặt hàng."
NOT_FOR_SALE_VI = "Giấy chứng nhận OCOP không còn hiệu lực: sản phẩm không được chào bán trong danh mục."


def _json_ld(entry: Entry, status: str, photos: list[str], url: str, request) -> dict:
    """schema.org Product: name, image, description, brand, the OCOP award, and an Offer when the
    producer published a price and the certificate is in force; otherwise the reason there is none."""
    item, producer = entry.product, entry.product.producer
    data = {
        "@context": "https://schema.org", "@type": "Product", "name": item.name, "url": url, "sku": str(item.pk),
        "image": photos or [request.build_absolute_uri(static(NO_PHOTO))],
        "description": item.description or f"Sản phẩm OCOP {entry.stars} sao của {producer.name}.",
        "brand": {"@type": "Brand", "name": producer.name},
        "manufacturer": {"@type": "Organization", "name": producer.name},
        "countryOfOrigin": {"@type": "Country", "name": "VN"},
        "award": f"OCOP {entry.stars} sao — {entry.certificate.decision_number} ({entry.issued_on:%d/%m/%Y})",
    }  # fmt: skip
    if status in selectors.STATUSES and item.price_vnd:
        data["offers"] = {
            "@type": "Offer", "price": str(item.price_vnd), "priceCurrency": "VND",
            "availability": "https://schema.org/InStock", "url": request.build_absolute_uri(
                reverse("orders-new") + f"?producer={producer.pk}"),
            "seller": {"@type": "Organization", "name": producer.name},
            "priceValidUntil": entry.expires_on.isoformat(),
        }  # fmt: skip
    else:
        reason = NO_OFFER_VI if status in selectors.STATUSES else NOT_FOR_SALE_VI
        data["additionalProperty"] = [{"@type": "PropertyValue", "name": "offers", "value": reason}]
    return data


def storefront(request, pk: int):
    producer = selectors.producer_for_storefront(pk)
    if producer is None:
        raise Http404
    today = clock.today()
    entries = selectors.producer_entries(producer)
    for entry in entries:
        entry.url = product_url(entry)
    rows = [(e, selectors.status_of(e, today)) for e in entries]
    return render(request, "catalog/storefront.html", {
        "producer": producer, "rows": rows, "place": place_of(producer.commune, today),
        "can_order": any(s in selectors.STATUSES for _, s in rows),
    })  # fmt: skip


# --- feeds and open data --------------------------------------------------------------------------------

FEED_FIELDS = [
    "id", "title", "description", "link", "image_link", "price", "availability", "brand", "ocop_stars",
    "certificate_number", "certificate_date", "certificate_valid_until", "certificate_status", "product_group",
    "producer_kind", "commune", "province", "province_before_2025",
]  # fmt: skip


def _feed_rows(request, *, everything: bool) -> list[dict]:
    today = clock.today()
    entries = selectors.feed_entries(today=today, everything=everything)
    photos = {pk: request.build_absolute_uri(p.image.url) if p else "" for pk, p in selectors.first_photos(entries).items()}
    rows = []
    for e in selectors.by_pk(entries):
        status = selectors.status_of(e, today)
        rows.append({
            "id": e.product_id, "title": e.product.name, "description": e.product.description,
            "link": request.build_absolute_uri(product_url(e)), "image_link": photos.get(e.pk, ""),
            "price": f"{e.product.price_vnd} VND" if e.product.price_vnd else "",
            "availability": "in_stock" if status in selectors.STATUSES else "out_of_stock",
            "brand": e.product.producer.name, "ocop_stars": e.stars, "certificate_number": e.certificate.decision_number,
            "certificate_date": e.issued_on.isoformat(), "certificate_valid_until": e.expires_on.isoformat(),
            "certificate_status": status, "product_group": e.group, "producer_kind": e.producer_kind,
            "commune": e.product.commune.title, "province": (e.province_now or e.province).title if e.province else "",
            "province_before_2025": e.province.title if e.province and e.province != e.province_now else "",
        })  # fmt: skip
    return rows


def feed(request, fmt: str):
    """Products in force, for marketplaces and national portals."""
    return _export(request, fmt, everything=False, name="ocop-feed")


def dataset(request, fmt: str):
    """Every product that had a certificate, with its status today: the open dataset."""
    return _export(request, fmt, everything=True, name="ocop-dataset")


def _export(request, fmt: str, *, everything: bool, name: str):
    rows = _feed_rows(request, everything=everything)
    if fmt == "json":
        body = {"licence": LICENCE, "generated": clock.now().isoformat(), "count": len(rows), "products": rows}
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FEED_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    else:
        raise Http404
    response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    return response


def open_data(request):
    return render(request, "catalog/open_data.html", {"licence": LICENCE, "fields": FEED_FIELDS})


class ProductSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.sitemap_entries(clock.today())

    def location(self, entry):
        return product_url(entry)

    def lastmod(self, entry):
        return entry.updated_at


class StorefrontSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.sitemap_producers()

    def location(self, producer):
        return reverse("catalog-producer", args=[producer.pk])


SITEMAPS = {"products": ProductSitemap, "producers": StorefrontSitemap}
