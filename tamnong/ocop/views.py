"""OCOP pages: a unit's products and figures (public), a council member's score sheet, a producer's
products and notices, an office's re-evaluation queue, and the certificate as a PDF (public)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from tamnong.accounts import authority, history
from tamnong.core import clock
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.fields import whole_number
from tamnong.core.i18n import active_lang, bilingual
from tamnong.core.jobs import services as jobs
from tamnong.core.jobs.models import BackgroundImport
from tamnong.core.tabular import FileUnreadable, ImportReport
from tamnong.ocop import exports, imports, notices, services
from tamnong.ocop.certificates import certificate_pdf
from tamnong.ocop.models import (
    Certificate,
    CouncilLevel,
    MemberScore,
    Producer,
    ProducerChange,
    Product,
    Registration,
)
from tamnong.ocop.selectors import commune_texts, ocop_summary, producer_feedback
from tamnong.places.models import AdminUnit, Level, Scheme
from tamnong.places.schemes import scheme_on
from tamnong.places.selectors import unit_get, unit_get_by_key
from tamnong.rules import ocop

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _on(request) -> dt.date:
    """The date a page shows: ?on= (dd/mm/yyyy or yyyy-mm-dd), else today."""
    return parse_date(request.GET.get("on", "")) or clock.today()


# The acts the office cards of the OCOP home page serve (registrations, re-evaluation, moderation, import).
OFFICE_CARDS = ("ocop.registration.precheck", "ocop.registration.create", "ocop.producer.change_review",
                "ocop.products.import")  # fmt: skip


def ocop_home(request):
    """Where OCOP starts: each province's products and figures on a list (the list in force by
    default), and the pages of the signed-in user's roles."""
    in_force = scheme_on(clock.today())
    scheme = request.GET.get("scheme") or (in_force.scheme if in_force else Scheme.Y2020)
    if scheme not in Scheme.values:
        scheme = Scheme.Y2020
    provinces = AdminUnit.objects.filter(scheme=scheme, level=Level.PROVINCE).order_by("name_folded")
    user = request.user
    return render(
        request,
        "ocop/home.html",
        {
            "scheme": scheme, "schemes": Scheme.choices, "provinces": provinces,
            "is_producer": user.is_authenticated and Producer.objects.filter(members=user).exists(),
            "is_member": user.is_authenticated and user.ocop_rounds.exists(),
            "is_office": authority.may_somewhere(user, *OFFICE_CARDS),
            "rounds": user.ocop_rounds.order_by("-held_on")[:10] if user.is_authenticated else [],
        },
    )  # fmt: skip


def unit_page(request, scheme: str, code: str):
    unit = unit_get(scheme=scheme, code=code)
    on = _on(request)
    summary = ocop_summary(unit=unit, on=on)
    lang = active_lang()
    groups = ocop.groups("ocop/148-2023")
    # each product under its commune as the date knows it: a dissolved one with the commune it now belongs to
    places = commune_texts((s.product.commune for s in summary.standings), on, lang)
    return render(
        request,
        "ocop/unit.html",
        {
            "unit": unit, "on": on, "summary": summary, "text": bilingual(summary.text_vi, summary.text_en),
            "groups": {code: (bilingual(g.name_vi, g.name_en)) for code, g in groups.items()},
            "rows": [(s, places[s.product.commune_id]) for s in summary.standings],
        },
    )  # fmt: skip


def unit_xlsx(request, scheme: str, code: str):
    unit = unit_get(scheme=scheme, code=code)
    on = _on(request)
    content = exports.summary_xlsx(ocop_summary(unit=unit, on=on), f"Sản phẩm OCOP — {unit.title}")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ocop-{unit.scheme}-{unit.code}-{on:%Y%m%d}.xlsx"'
    return response


@login_required
def entry_score(request, pk: int):
    try:
        entry = services.entry_get(pk)
        services.require_member(entry.round, request.user)
    except (NotFoundError, PermissionDeniedError) as exc:
        status = 404 if isinstance(exc, NotFoundError) else 403
        return render(request, "ntm/import_forbidden.html", {"message": exc.message()}, status=status)
    sheet = ocop.sheet_get(entry.round.sheet_id)
    errors = []
    if request.method == "POST":
        parts = {p.code: request.POST.get(p.code, "") for p in sheet.parts}
        try:
            services.score_submit(entry=entry, member=request.user, parts=parts)
        except DomainError as exc:
            errors.append(exc.message())
        else:
            return redirect("ocop-entry-score", pk=entry.pk)
    mine = MemberScore.objects.filter(entry=entry, member=request.user).first()
    result = None
    if entry.total is not None:
        result = ocop.result(
            sheet, {k: v for k, v in entry.parts.items()}, on=entry.round.held_on, level=entry.round.level
        )
    lang = active_lang()
    return render(
        request,
        "ocop/entry_score.html",
        {
            "entry": entry, "sheet": sheet, "errors": errors, "lang_en": lang == "en",
            "posted": request.POST if errors else {}, "mine": mine.parts if mine else {},
            "result": result, "lost": result.lost() if result else {}, "members_scored": entry.scores.count(),
            "council_rule": ocop.council(sheet, [s.parts for s in entry.scores.all()]) if entry.total is not None else None,
            "certificate": getattr(entry, "certificate", None),
            "forward_label": CouncilLevel(result.forward_to).label if result and result.forward_to else "",
            # the product's commune as the round's date knows it (a dissolved one with the commune it now belongs to)
            "commune_text": commune_texts([entry.product.commune], entry.round.held_on, lang)[entry.product.commune_id],
        },
    )  # fmt: skip


def certificate_download(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.select_related("product__producer", "issuer"), pk=pk)
    response = HttpResponse(certificate_pdf(certificate, today=clock.today()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chung-nhan-ocop-{certificate.pk}.pdf"'
    return response


@login_required
def producer_home(request):
    """A producer's products, the notices of its certificates, its registrations, and its contacts and
    product pages, which it may ask to change (an office approves)."""
    on = _on(request)
    today = clock.today()
    products = list(notices.producer_products(request.user).prefetch_related("registrations", "changes", "photos"))
    for product in products:
        product.feedback = producer_feedback(product)
    producers = list(Producer.objects.filter(members=request.user).prefetch_related("changes"))
    errors = []
    if request.method == "POST":
        try:
            _producer_action(request, producers, products, today)
        except DomainError as exc:
            errors.append(exc.message())
        else:
            return redirect("ocop-producer")
    return render(
        request,
        "ocop/producer.html",
        {
            "on": on, "products": products, "notices": notices.notices_for(products, on), "errors": errors,
            "producers": producers, "lang_en": active_lang() == "en", "years": [today.year, today.year + 1],
            "open_statuses": services.OPEN_REGISTRATION,
        },
    )  # fmt: skip


def _producer_action(request, producers: list[Producer], products: list[Product], today: dt.date) -> None:
    """One of the producer page's forms: contacts, a product page, a registration, a withdrawal."""
    action, post = request.POST.get("action", "contact"), request.POST
    if action == "contact":
        producer = next((p for p in producers if str(p.pk) == post.get("producer")), None)
        if producer is None:
            raise PermissionDeniedError(_("This account does not belong to it."))
        services.change_request(producer=producer, actor=request.user, values=post)
        return
    if action == "publish_contact":
        producer = next((p for p in producers if str(p.pk) == post.get("producer")), None)
        if producer is None:
            raise PermissionDeniedError(_("This account does not belong to it."))
        services.producer_contact_publish(
            producer=producer, actor=request.user, publishes=post.get("publishes") == "yes", on=today
        )
        return
    product = next((p for p in products if str(p.pk) == post.get("product")), None)
    if product is None:
        raise PermissionDeniedError(_("This product is not this account's."))
    if action == "product":
        values = {k: post[k] for k in ("description", "packaging", "price_vnd", "price_unit") if k in post}
        if "sales_links" in post:
            values["sales_links"] = _rows(post["sales_links"], ("label", "url"))
        if "points_of_sale" in post:
            values["points_of_sale"] = _rows(post["points_of_sale"], ("name", "address", "phone"))
        services.change_request(
            producer=product.producer,
            product=product,
            actor=request.user,
            values=values,
            photo=request.FILES.get("photo"),
            photos_removed=[whole_number(pk, services.PHOTOS_REMOVED) for pk in post.getlist(services.PHOTOS_REMOVED)],
        )
    elif action == "register":
        services.registration_create(
            actor=request.user, product=product, year=whole_number(post.get("year"), "year"), on=today,
            target_stars=whole_number(post.get("target_stars"), "target_stars") if post.get("target_stars") else None,
        )  # fmt: skip
    elif action == "withdraw":
        registration = product.registrations.filter(pk=whole_number(post.get("registration"), "registration")).first()
        if registration is None:
            raise NotFoundError(_("No such registration."))
        services.registration_withdraw(
            registration=registration, actor=request.user, on=today, reason=post.get("note", "")
        )
    else:
        raise DomainError(_("No action “%(action)s”."), {"action": action}, field="action")


def _rows(text: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """Lines typed as "a | b | c" into rows of `fields` (a missing part is empty)."""
    rows = []
    for line in text.splitlines():
        if line.strip():
            parts = [p.strip() for p in line.split("|")]
            rows.append({f: parts[i] if i < len(parts) else "" for i, f in enumerate(fields)})
    return rows


@login_required
def registrations(request):
    """An office's registrations of a year in its scope; from Decision 1489/2025 the commune pre-checks
    each dossier here and proposes it to the province, or returns it saying why."""
    today = clock.today()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    # The registrations of the year the office keeps: where the table lets it register a product that year.
    scope = authority.where(request.user, "ocop.registration.create", on=min(today, dt.date(year, 12, 31)))
    errors = []
    if request.method == "POST":
        registration = get_object_or_404(Registration, pk=request.POST.get("registration"))
        try:
            services.registration_precheck(
                registration=registration, actor=request.user, on=today, items=request.POST.getlist("items"),
                propose=request.POST.get("action") == "propose", note=request.POST.get("note", ""),
            )  # fmt: skip
        except PermissionDeniedError as exc:
            return render(request, "ntm/import_forbidden.html", {"message": exc.message()}, status=403)
        except DomainError as exc:
            errors.append(exc.message())
        else:
            name = registration.product.name
            proposed = request.POST.get("action") == "propose"
            if active_lang() == "en":
                said = f"“{name}” is proposed to the province." if proposed else f"“{name}” is returned to its producer."
            else:
                said = f"Đã đề xuất «{name}» lên tỉnh." if proposed else f"Đã trả lại hồ sơ «{name}» cho chủ thể."
            messages.success(request, said)
            return redirect(f"{request.path}?year={registration.year}")
    rows = scope.filter(
        Registration.objects.filter(year=year).select_related("product__producer", "product__commune", "prechecked_by")
        .prefetch_related("prechecked_by__roles__unit"),
        prefix="product__commune__",
    ).order_by("product__commune__name", "product__name")
    rule = services.precheck_rule(today)
    lang = active_lang()
    rows = list(rows)
    places = commune_texts((r.product.commune for r in rows), min(today, dt.date(year, 12, 31)), lang)
    for r in rows:  # the commune as the year knows it: a dissolved one with the commune it now belongs to
        r.commune_text = places[r.product.commune_id]
        r.precheck_text = _precheck_sentence(r, lang) if r.prechecked_on else ""
    return render(
        request,
        "ocop/registrations.html",
        {"year": year, "rows": rows, "rule": rule, "errors": errors, "lang_en": lang == "en"},
    )


def _precheck_sentence(registration: Registration, lang: str) -> str:
    """ "Ngày 02/03/2026, cán bộ xa.namthuong (xã Nam Thượng) sơ loại và đề xuất lên tỉnh: …" """
    en = lang == "en"
    if registration.status == "returned":
        phrase = "returned the dossier to its producer" if en else "trả lại hồ sơ cho chủ thể"
    else:
        phrase = "pre-checked the dossier and proposed it to the province" if en else "sơ loại hồ sơ và đề xuất lên tỉnh"
    checked = history.value_text(list(registration.precheck), lang) if registration.precheck else ""
    details = [f"{'checked' if en else 'đã kiểm tra'}: {checked}"] if checked else []
    if registration.note:
        details.append(f"{'note' if en else 'ghi chú'}: {registration.note}")
    who = history.actor_text(registration.prechecked_by, lang)
    return history.sentence(registration.prechecked_on, who, phrase, lang, "; ".join(details))


@login_required
def moderation(request):
    """An office's queue of changes producers asked for, where the table lets it review them today."""
    scope = authority.where(request.user, "ocop.producer.change_review", on=clock.today())
    errors = []
    if request.method == "POST":
        change = get_object_or_404(ProducerChange, pk=request.POST.get("change"))
        try:
            services.producer_change_review(
                change=change, actor=request.user, approve=request.POST.get("action") == "approve",
                note=request.POST.get("note", ""),
            )  # fmt: skip
        except PermissionDeniedError as exc:
            return render(request, "ntm/import_forbidden.html", {"message": exc.message()}, status=403)
        except DomainError as exc:
            errors.append(exc.message())
        else:
            approved = request.POST.get("action") == "approve"
            if active_lang() == "en":
                said = "The change is approved and shown." if approved else "The change is rejected."
            else:
                said = "Đã duyệt và áp dụng thay đổi." if approved else "Đã từ chối thay đổi."
            messages.success(request, said)
            return redirect("ocop-moderation")
    pending = scope.filter(
        ProducerChange.objects.filter(status="pending")
        .select_related("producer", "product", "submitted_by")
        .prefetch_related("product__photos"),
        prefix="producer__commune__",
    )
    return render(request, "ocop/moderation.html", {"pending": pending, "errors": errors})


@login_required
def reevaluation_queue(request):
    on = _on(request)
    scope = authority.where(request.user, "ocop.registration.create", on=on)  # who registers them again
    products = scope.filter(Product.objects.select_related("producer", "commune"), prefix="commune__")
    queue = notices.reevaluation_queue(products, on)
    places = commune_texts((n.certificate.product.commune for n in queue), on, active_lang())
    return render(
        request,
        "ocop/queue.html",
        {"on": on, "queue": [(n, places[n.certificate.product.commune_id]) for n in queue],
         "lang_en": active_lang() == "en"},
    )  # fmt: skip


@login_required
def products_import_page(request):
    """Upload an existing list of certified products for a unit; a dry run first by default."""
    context = {"unit_text": request.POST.get("unit", request.GET.get("unit", "")), "report": None, "errors": []}
    if request.method == "POST":
        try:
            unit = unit_get_by_key(context["unit_text"])
            authority.authorize(request.user, "ocop.products.import", unit=unit, on=clock.today())  # early refusal
            started = jobs.import_upload(
                kind=imports.KIND, actor=request.user, unit_key=unit.key, request=request,
                run=lambda content, dry_run: imports.products_import(
                    content=content, unit=unit, actor=request.user, dry_run=dry_run),
            )  # fmt: skip
            if isinstance(started, BackgroundImport):
                return redirect("background-import", pk=started.pk)
            context["report"] = started
        except FileUnreadable as exc:
            context["report"] = ImportReport(problems=exc.problems)
        except PermissionDeniedError as exc:
            return render(request, "ntm/import_forbidden.html", {"message": exc.message()}, status=403)
        except DomainError as exc:
            context["errors"].append(exc.message())
    context["lang_en"] = active_lang() == "en"
    return render(request, "ocop/import.html", context)


def products_import_template(request):
    response = HttpResponse(imports.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-san-pham-ocop.xlsx"'
    return response
