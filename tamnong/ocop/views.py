"""OCOP pages: a unit's products and figures (public), a council member's score sheet, a producer's
products and notices, an office's re-evaluation queue, and the certificate as a PDF (public)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from tamnong.accounts import authority, history
from tamnong.core import clock
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.i18n import active_lang, bilingual
from tamnong.core.imports import FileUnreadable, ImportReport
from tamnong.core.jobs import services as jobs
from tamnong.core.jobs.models import BackgroundImport
from tamnong.ocop import exports, forms, imports, notices, selectors, services
from tamnong.ocop.certificates import certificate_pdf
from tamnong.ocop.models import CouncilLevel
from tamnong.ocop.selectors import commune_texts, ocop_summary, producer_feedback
from tamnong.ocop.workflows import REGISTRATION
from tamnong.places.models import Scheme
from tamnong.places.schemes import scheme_on
from tamnong.places.selectors import provinces, unit_get, unit_get_by_key
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
    user = request.user
    return render(
        request,
        "ocop/home.html",
        {
            "scheme": scheme, "schemes": Scheme.choices, "provinces": provinces(scheme),
            "is_producer": selectors.is_producer_member(user),
            "is_member": selectors.is_council_member(user),
            "is_office": authority.may_somewhere(user, *OFFICE_CARDS),
            "rounds": selectors.member_rounds(user),
        },
    )  # fmt: skip


def unit_page(request, scheme: str, code: str):
    try:
        unit = unit_get(scheme=scheme, code=code)
    except NotFoundError as exc:
        raise Http404(exc.message()) from None
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
    try:
        unit = unit_get(scheme=scheme, code=code)
    except NotFoundError as exc:
        raise Http404(exc.message()) from None
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
        return render(request, "imports/forbidden.html", {"message": exc.message()}, status=status)
    sheet = ocop.sheet_get(entry.round.sheet_id)
    errors = []
    if request.method == "POST":
        try:
            parts = forms.ScoreForm(request.POST, sheet=sheet).parsed()
            services.score_submit(entry=entry, member=request.user, parts=parts)
        except DomainError as exc:
            errors.append(exc.message())
        else:
            return redirect("ocop-entry-score", pk=entry.pk)
    mine = selectors.member_score(entry, request.user)
    scores = selectors.entry_scores(entry)
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
            "result": result, "lost": result.lost() if result else {}, "members_scored": len(scores),
            "council_rule": ocop.council(sheet, [s.parts for s in scores]) if entry.total is not None else None,
            "certificate": getattr(entry, "certificate", None),
            "forward_label": CouncilLevel(result.forward_to).label if result and result.forward_to else "",
            # the product's commune as the round's date knows it (a dissolved one with the commune it now belongs to)
            "commune_text": commune_texts([entry.product.commune], entry.round.held_on, lang)[entry.product.commune_id],
        },
    )  # fmt: skip


def certificate_download(request, pk: int):
    certificate = selectors.certificate_get(pk)
    if certificate is None:
        raise Http404
    response = HttpResponse(certificate_pdf(certificate, today=clock.today()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chung-nhan-ocop-{certificate.pk}.pdf"'
    return response


@login_required
def producer_home(request):
    """A producer's products, the notices of its certificates, its registrations, and its contacts and
    product pages, which it may ask to change (an office approves)."""
    on = _on(request)
    today = clock.today()
    products = selectors.member_products(request.user)
    for product in products:
        product.feedback = producer_feedback(product)
    producers = selectors.member_producers(request.user)
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
            "open_statuses": REGISTRATION.sources("withdraw"),
        },
    )  # fmt: skip


def _producer_action(request, producers: list, products: list, today: dt.date) -> None:
    """One of the producer page's forms: contacts, a product page, a registration, a withdrawal."""
    form = forms.producer_form(request.POST, request.FILES, producers=producers, products=products)
    posted = form.parsed()
    if isinstance(form, forms.ContactChangeForm):
        services.change_request(producer=posted["producer"], actor=request.user, values=form.values())
    elif isinstance(form, forms.ContactPublishForm):
        services.producer_contact_publish(
            producer=posted["producer"], actor=request.user, publishes=posted["publishes"], on=today
        )
    elif isinstance(form, forms.ProductPageForm):
        product = posted["product"]
        services.change_request(
            producer=product.producer, product=product, actor=request.user, values=form.values(),
            photo=posted["photo"], photos_removed=posted[services.PHOTOS_REMOVED],
        )  # fmt: skip
    elif isinstance(form, forms.RegisterForm):
        services.registration_create(
            actor=request.user, product=posted["product"], year=posted["year"], on=today,
            target_stars=posted["target_stars"],
        )  # fmt: skip
    else:
        services.registration_withdraw(
            registration=posted["registration"], actor=request.user, on=today, reason=posted["note"]
        )


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
        form = forms.PrecheckForm(request.POST)
        registration = selectors.registration_get(form.cleaned_data["registration"]) if form.is_valid() else None
        if registration is None:
            raise Http404
        proposed = form.decides("propose")
        try:
            services.registration_precheck(
                registration=registration, actor=request.user, on=today, items=form.items(),
                propose=proposed, note=form.cleaned_data["note"],
            )  # fmt: skip
        except PermissionDeniedError as exc:
            return render(request, "imports/forbidden.html", {"message": exc.message()}, status=403)
        except DomainError as exc:
            errors.append(exc.message())
        else:
            name = registration.product.name
            if active_lang() == "en":
                said = f"“{name}” is proposed to the province." if proposed else f"“{name}” is returned to its producer."
            else:
                said = f"Đã đề xuất «{name}» lên tỉnh." if proposed else f"Đã trả lại hồ sơ «{name}» cho chủ thể."
            messages.success(request, said)
            return redirect(f"{request.path}?year={registration.year}")
    rows = selectors.registrations_in(scope, year=year)
    rule = services.precheck_rule(today)
    lang = active_lang()
    places = commune_texts((r.product.commune for r in rows), min(today, dt.date(year, 12, 31)), lang)
    for r in rows:  # the commune as the year knows it: a dissolved one with the commune it now belongs to
        r.commune_text = places[r.product.commune_id]
        r.precheck_text = _precheck_sentence(r, lang) if r.prechecked_on else ""
    return render(
        request,
        "ocop/registrations.html",
        {"year": year, "rows": rows, "rule": rule, "errors": errors, "lang_en": lang == "en"},
    )


def _precheck_sentence(registration, lang: str) -> str:
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
        form = forms.ChangeReviewForm(request.POST)
        change = selectors.producer_change_get(form.cleaned_data["change"]) if form.is_valid() else None
        if change is None:
            raise Http404
        approved = form.decides("approve")
        try:
            services.producer_change_review(
                change=change, actor=request.user, approve=approved, note=form.cleaned_data["note"]
            )
        except PermissionDeniedError as exc:
            return render(request, "imports/forbidden.html", {"message": exc.message()}, status=403)
        except DomainError as exc:
            errors.append(exc.message())
        else:
            if active_lang() == "en":
                said = "The change is approved and shown." if approved else "The change is rejected."
            else:
                said = "Đã duyệt và áp dụng thay đổi." if approved else "Đã từ chối thay đổi."
            messages.success(request, said)
            return redirect("ocop-moderation")
    pending = selectors.pending_changes_in(scope)
    return render(request, "ocop/moderation.html", {"pending": pending, "errors": errors})


@login_required
def reevaluation_queue(request):
    on = _on(request)
    scope = authority.where(request.user, "ocop.registration.create", on=on)  # who registers them again
    products = selectors.products_in(scope)
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
            return render(request, "imports/forbidden.html", {"message": exc.message()}, status=403)
        except DomainError as exc:
            context["errors"].append(exc.message())
    context["lang_en"] = active_lang() == "en"
    return render(request, "ocop/import.html", context)


def products_import_template(request):
    response = HttpResponse(imports.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-san-pham-ocop.xlsx"'
    return response
