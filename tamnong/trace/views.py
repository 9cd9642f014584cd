"""Traceability pages: the public resolver and scan page (GS1 Digital Link and the program's scheme),
and the producers' and offices' pages for lots, events, stamps and scans."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Min
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from tamnong.core import clock
from tamnong.core.clients import client_key
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.fields import date_field, whole_number
from tamnong.core.i18n import active_lang
from tamnong.ocop.models import Product
from tamnong.ocop.selectors import product_standing
from tamnong.ocop.services import require_producer_or_office
from tamnong.places.selectors import unit_get, unit_get_by_key
from tamnong.trace import identifiers, links, selectors, services
from tamnong.trace import stamps as stamp_sheets
from tamnong.trace.models import Event, ExpiryKind, Lot, Stamp, Uom
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


def _writable_products(user):
    """The products a user may trace: its producers' products, and those of the communes where the
    table lets it create a lot today."""
    from tamnong.accounts import authority

    mine = Product.objects.filter(producer__members=user)
    scoped = authority.where(user, "trace.lot.create", on=clock.today()).filter(Product.objects.all(), prefix="commune__")
    return (mine | scoped).distinct().select_related("producer", "commune").order_by("name")


def _lot_for(request, pk: int) -> Lot:
    lot = services.lot_get(pk)
    require_producer_or_office(request.user, lot.product, "trace.event.record")  # the lot's own pages
    return lot


def _refused(request, exc):
    status = 404 if isinstance(exc, NotFoundError) else 403
    return render(request, "ntm/import_forbidden.html", {"message": exc.message()}, status=status)


@login_required
def lots(request):
    """A producer's or an office's lots, searchable, and a form for a new lot."""
    products = _writable_products(request.user)
    errors, posted = [], {}
    if request.method == "POST":
        posted = request.POST
        try:
            product = products.filter(pk=posted.get("product") or 0).first()
            lot = services.lot_create(actor=request.user, product=product, spec=_lot_spec(posted))
        except DomainError as exc:
            errors.append(exc.message())
        else:
            return redirect("trace-lot", pk=lot.pk)
    q = request.GET.get("q", "")
    rows = selectors.lots_search(Lot.objects.filter(product__in=products), q)[:200]
    return render(request, "trace/lots.html", {
        "lots": rows, "q": q, "products": products, "errors": errors, "posted": posted,
        "uoms": Uom.choices, "expiry_kinds": ExpiryKind.choices,
    })  # fmt: skip


def _lot_spec(post) -> services.LotSpec:
    commune_key = post.get("commune", "").strip()
    try:
        commune = unit_get_by_key(commune_key) if commune_key else None
    except NotFoundError:
        raise DomainError(_("No commune “%(commune_key)s”."), {"commune_key": commune_key}, field="commune") from None
    return services.LotSpec(
        code=post.get("code", ""), produced_on=date_field(post.get("produced_on"), "produced_on"),
        quantity=post.get("quantity"), uom=post.get("uom", ""), commune=commune,
        expires_on=date_field(post.get("expires_on"), "expires_on", required=False), expiry_kind=post.get("expiry_kind", ""),
        gtin=post.get("gtin", ""), inputs=post.get("inputs", ""), standards=post.get("standards", ""),
        latitude=post.get("latitude"), longitude=post.get("longitude"),
    )  # fmt: skip


def _datetime(date_text: str | None, time_text: str | None) -> dt.datetime:
    day = date_field(date_text, "event_date")
    try:
        hour, minute = (int(x) for x in (time_text or "00:00").split(":")[:2])
        moment = dt.datetime.combine(day, dt.time(hour, minute))
    except ValueError:
        raise DomainError(
            _("The time “%(time)s” is not written as hh:mm."), {"time": time_text}, field="event_time"
        ) from None
    return timezone.make_aware(moment)


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
    products = _writable_products(request.user)
    ranges = list(
        lot.stamps.values("issued_at")
        .order_by("issued_at")
        .annotate(first=Min("number"), last=Max("number"), n=Count("pk"))
    )
    return render(request, "trace/lot.html", {
        "lot": lot, "timeline": selectors.timeline(lot), "errors": errors, "ranges": ranges,
        "steps": [STEPS[s] for s in RECORDED_BY_HAND], "results": INSPECTION_RESULTS,
        "other_lots": Lot.objects.filter(product__in=products).exclude(pk=lot.pk).select_related("product")[:200],
        "stamps_total": lot.stamps.count(), "voided": lot.stamps.filter(voided_at__isnull=False).count(),
        "sizes": stamp_sheets.SIZES_MM, "public_url": links.lot_url(lot, request), "lang_en": active_lang() == "en",
        "figures": selectors.scan_figures(Product.objects.filter(pk=lot.product_id), since=lot.produced_on,
                                          until=clock.today()),
    })  # fmt: skip


def _lot_action(request, lot: Lot) -> None:
    post, user = request.POST, request.user
    action = post.get("action")
    if action == "event":
        inputs = []
        if post.get("input_lot"):
            source = Lot.objects.filter(pk=post["input_lot"] if post["input_lot"].isdigit() else 0).first()
            if source is None:
                raise DomainError(_("No such input lot."), field="inputs")
            inputs.append((source, post.get("input_quantity")))
        services.event_record(
            actor=user, lot=lot, step=post.get("step", ""), event_time=_datetime(post.get("event_date"), post.get("event_time")),
            commune=_commune(post.get("commune"), lot), gln=post.get("gln", ""), quantity=post.get("quantity") or None,
            inputs=inputs, result=post.get("result", ""), reference=post.get("reference", ""), note=post.get("note", ""),
        )  # fmt: skip
    elif action == "void_event":
        event = Event.objects.filter(
            lot=lot, pk=post.get("event") if str(post.get("event", "")).isdigit() else 0
        ).first()
        if event is None:
            raise DomainError(_("No such event."), field="event")
        if not post.get("reason", "").strip():
            raise DomainError(_("Say why."), field="reason")
        services.event_void(actor=user, event=event, reason=post["reason"])
    elif action == "issue":
        services.stamps_issue(
            actor=user, lot=lot, count=whole_number(post.get("count"), "count"), on=clock.today()
        )
    elif action == "void_stamps":
        services.stamps_void(actor=user, lot=lot, first=whole_number(post.get("first"), "first"),
                             last=whole_number(post.get("last"), "last"), reason=post.get("reason", ""))  # fmt: skip
    else:
        raise DomainError(_("No action “%(action)s”."), {"action": action}, field="action")


def _commune(key: str | None, lot: Lot):
    if not (key or "").strip():
        return lot.commune
    try:
        return unit_get_by_key(key.strip())
    except NotFoundError:
        raise DomainError(_("No unit “%(key)s”."), {"key": key}, field="commune") from None


@login_required
def stamps_pdf(request, pk: int):
    try:
        lot = _lot_for(request, pk)
        content = services.sheet_pdf(
            lot, first=whole_number(request.GET.get("first", "1"), "first"),
            last=whole_number(request.GET.get("last") or str(lot.stamps.count()), "last"),
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
    stamp = Stamp.objects.select_related("lot__product").filter(serial=serial).first()
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
    figures = selectors.scan_figures(_writable_products(request.user), since=since, until=until)
    return render(request, "trace/scans.html", {"figures": figures, "since": since, "until": until})
