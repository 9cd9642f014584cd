"""Traceability pages: the public resolver and scan page (GS1 Digital Link and the program's scheme),
and the producers' and offices' pages for lots, events, stamps and scans."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from tamnong.core import clock
from tamnong.core.clients import client_key
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.fields import whole_number
from tamnong.core.i18n import active_lang
from tamnong.ocop.selectors import product_standing
from tamnong.ocop.services import require_producer_or_office
from tamnong.places.selectors import unit_get
from tamnong.trace import forms, identifiers, links, selectors, services
from tamnong.trace import stamps as stamp_sheets
from tamnong.trace.models import ExpiryKind, Uom
from tamnong.trace.steps import INSPECTION_RESULTS, RECORDED_BY_HAND, STEPS

LINKSET = "application/linkset+json"
WARNING_HEADER = "Tamnong-Warning"  # the warnings' codes, for clients that read no page (selectors.WARNINGS)
GS1_VOC = "https://gs1.org/voc/"


# --- the public resolver -----------------------------------------------------------------------------


@require_GET
def resolver(request, rest: str = ""):
    """`/01/<gtin>[/10/<lot>][/21/<serial>]` and `/p/<code>[/10/<lot>][/21/<serial>]`: the page of the
    product, the lot or the stamp; an unknown lot or serial sends the client to the less specific page
    (303); `Accept: application/linkset+json` gets the links instead of the page."""
    try:
        named = identifiers.parse_path(quote(request.path, safe="/"))
    except identifiers.IdentifierError as exc:
        return _unknown(request, exc.message_vi, exc.message_en)
    resolution = selectors.resolve(named)
    if resolution.product is None:
        return _unknown(
            request,
            "Không có sản phẩm nào mang mã này trong hệ thống: tem có thể bị làm giả.",
            "No product carries this code: the stamp may be forged.",
        )
    now = clock.now()
    if resolution.missing == "serial" or resolution.stamp is not None:
        services.scan_record(
            product=resolution.product, lot=resolution.lot, stamp=resolution.stamp, serial=named.serial or "",
            client=client_key(request, "scans"),
            at=now,
        )  # fmt: skip
    if resolution.fallback:
        response = redirect(links.fallback_url(resolution.fallback, resolution.missing), permanent=False)
        response.status_code = 303
        response[WARNING_HEADER] = f"unknown_{resolution.missing}"
        return response
    page = selectors.public_page(resolution, on=clock.today())
    missing = links.fallback_notice(request.GET.get(links.NOTICE_PARAMETER), named.path)
    if missing:
        page.warnings.insert(0, f"unknown_{missing}")
    if LINKSET in request.META.get("HTTP_ACCEPT", ""):
        return _warned(_linkset(request, named, resolution, page.warnings), page.warnings)
    return _warned(render(request, "trace/public.html", {
        "page": page, "named": named, "self_url": named.url(links.site_url(request)),
    }), page.warnings)  # fmt: skip


def _warned(response, warnings: list[str]):
    if warnings:
        response[WARNING_HEADER] = ", ".join(warnings)
    return response


def _unknown(request, message_vi: str, message_en: str):
    response = render(request, "trace/unknown.html", {"message_vi": message_vi, "message_en": message_en}, status=404)
    return _warned(response, ["unknown_product"])


def _linkset(request, named: identifiers.ResolvedId, resolution: selectors.Resolution,
             warnings: list[str]) -> JsonResponse:  # fmt: skip
    """The links of a product, lot or stamp (RFC 9264 linkset, GS1 Digital Link link types), and beside
    them the page's warnings (Tamnông's own member: an unknown serial, a copied or voided stamp…)."""
    site = links.site_url(request)
    anchor = named.url(site)
    page = [{"href": anchor, "title": resolution.product.name, "type": "text/html", "hreflang": ["vi", "en"]}]
    linkset = {"anchor": anchor, f"{GS1_VOC}defaultLink": page, f"{GS1_VOC}pip": page}
    if resolution.lot is not None:
        linkset[f"{GS1_VOC}traceability"] = [{
            "href": site + reverse("api-trace-lot-epcis", args=[resolution.lot.pk]),
            "title": "EPCIS 2.0", "type": "application/ld+json",
        }]  # fmt: skip
    standing = product_standing(resolution.product, clock.today())
    if standing is not None:
        linkset[f"{GS1_VOC}certificationInfo"] = [{
            "href": site + reverse("ocop-certificate-pdf", args=[standing.certificate.pk]),
            "title": f"OCOP {standing.certificate.stars}★ — {standing.certificate.decision_number}",
            "type": "application/pdf",
        }]  # fmt: skip
    retailers = [{"href": site + reverse("catalog-product-id", args=[resolution.product.pk]),
                  "title": "Danh mục sản phẩm OCOP", "type": "text/html"}]  # fmt: skip
    if resolution.product.producer.website:
        retailers.append({"href": resolution.product.producer.website, "type": "text/html"})
    linkset[f"{GS1_VOC}hasRetailers"] = retailers
    notices = [{"code": code, "message_vi": selectors.WARNINGS[code][0], "message_en": selectors.WARNINGS[code][1]}
               for code in warnings]  # fmt: skip
    return JsonResponse({"linkset": [linkset], "warnings": notices}, content_type=LINKSET, json_dumps_params={"ensure_ascii": False})


def place(request, scheme: str, code: str):
    """A place URI of the EPCIS events (`/places/vn-<list>/<code>`) opens the unit's page."""
    unit = unit_get(scheme=scheme, code=code)
    return redirect("unit-detail", scheme=unit.scheme, code=unit.code)


# --- producers' and offices' pages -------------------------------------------------------------------


def _lot_for(request, pk: int):
    lot = services.lot_get(pk)
    require_producer_or_office(request.user, lot.product, "trace.event.record")  # the lot's own pages
    return lot


def _refused(request, exc):
    status = 404 if isinstance(exc, NotFoundError) else 403
    return render(request, "imports/forbidden.html", {"message": exc.message()}, status=status)


@login_required
def lots(request):
    """A producer's or an office's lots, searchable, and a form for a new lot."""
    products = selectors.writable_products(request.user)
    errors, posted = [], {}
    if request.method == "POST":
        posted = request.POST
        try:
            form = forms.LotForm(posted, products=products)
            spec = form.spec()
            lot = services.lot_create(actor=request.user, product=form.cleaned_data["product"], spec=spec)
        except DomainError as exc:
            errors.append(exc.message())
        else:
            return redirect("trace-lot", pk=lot.pk)
    q = request.GET.get("q", "")
    rows = selectors.lots_search(selectors.lots_of(products), q)[:200]
    return render(request, "trace/lots.html", {
        "lots": rows, "q": q, "products": products, "errors": errors, "posted": posted,
        "uoms": Uom.choices, "expiry_kinds": ExpiryKind.choices,
    })  # fmt: skip


@login_required
def lot_page(request, pk: int):
    try:
        lot = _lot_for(request, pk)
    except (NotFoundError, PermissionDeniedError) as exc:
        return _refused(request, exc)
    errors = []
    if request.method == "POST":
        try:
            _lot_action(request, lot)
        except DomainError as exc:
            errors.append(exc.message())
        else:
            return redirect("trace-lot", pk=lot.pk)
    products = selectors.writable_products(request.user)
    ranges = selectors.stamp_ranges(lot)
    return render(request, "trace/lot.html", {
        "lot": lot, "timeline": selectors.timeline(lot), "errors": errors, "ranges": ranges,
        "steps": [STEPS[s] for s in RECORDED_BY_HAND], "results": INSPECTION_RESULTS,
        "other_lots": selectors.other_lots(lot, products),
        "stamps_total": selectors.stamps_total(lot), "voided": selectors.stamps_voided(lot),
        "sizes": stamp_sheets.SIZES_MM, "public_url": links.lot_url(lot, request), "lang_en": active_lang() == "en",
        "figures": selectors.lot_scan_figures(lot, until=clock.today()),
    })  # fmt: skip


def _lot_action(request, lot) -> None:
    user = request.user
    form = forms.lot_action_form(request.POST, lot=lot)
    posted = form.parsed()
    if isinstance(form, forms.EventForm):
        services.event_record(
            actor=user, lot=lot, step=posted["step"], event_time=posted["event_time"], commune=posted["commune"],
            gln=posted["gln"], quantity=posted["quantity"], inputs=form.inputs(), result=posted["result"],
            reference=posted["reference"], note=posted["note"],
        )  # fmt: skip
    elif isinstance(form, forms.EventVoidForm):
        services.event_void(actor=user, event=posted["event"], reason=posted["reason"])
    elif isinstance(form, forms.StampsIssueForm):
        services.stamps_issue(actor=user, lot=lot, count=posted["count"], on=clock.today())
    else:
        services.stamps_void(actor=user, lot=lot, first=posted["first"], last=posted["last"], reason=posted["reason"])


@login_required
def stamps_pdf(request, pk: int):
    try:
        lot = _lot_for(request, pk)
        content = services.sheet_pdf(
            lot, first=whole_number(request.GET.get("first", "1"), "first"),
            last=whole_number(request.GET.get("last") or str(selectors.stamps_total(lot)), "last"),
            size_mm=whole_number(request.GET.get("size", "25"), "size"), on=clock.today(), request=request,
        )  # fmt: skip
    except (NotFoundError, PermissionDeniedError) as exc:
        return _refused(request, exc)
    except DomainError as exc:
        return HttpResponse(exc.message(), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tem-{lot.pk}-{lot.code}.pdf"'
    return response


@login_required
def stamp_image(request, serial: str, kind: str):
    stamp = selectors.stamp_find(serial)
    try:
        if stamp is None:
            raise NotFoundError(_("No stamp %(serial)s."), {"serial": serial})
        require_producer_or_office(request.user, stamp.lot.product, "trace.stamps.issue")
    except (NotFoundError, PermissionDeniedError) as exc:
        return _refused(request, exc)
    url = links.stamp_url(stamp, request)
    if kind == "svg":
        return HttpResponse(stamp_sheets.qr_svg(url), content_type="image/svg+xml")
    return HttpResponse(stamp_sheets.qr_png(url, scale=8), content_type="image/png")


@login_required
def scans(request):
    """Scans per day and product, suspicious stamps and unknown serials, for the user's products."""
    today = clock.today()
    since = parse_date(request.GET.get("from", "")) or today - dt.timedelta(days=30)
    until = parse_date(request.GET.get("to", "")) or today
    figures = selectors.scan_figures(selectors.writable_products(request.user), since=since, until=until)
    return render(request, "trace/scans.html", {"figures": figures, "since": since, "until": until})
