"""Resources and works pages: a unit's capital, works and report paragraph over a span of dates (the
htmx panel of the NTM dashboards is public like them; the works table, the work pages and the
commune's criterion pages are for the users whose roles cover the unit), the work form, the import
and the XLSX export."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tamnong.accounts import authority
from tamnong.accounts.selectors import actor_scope
from tamnong.core import clock
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.core.i18n import active_lang, bilingual
from tamnong.core.imports import FileUnreadable, ImportReport
from tamnong.core.jobs import services as jobs
from tamnong.core.jobs.models import BackgroundImport
from tamnong.criteria.editions import edition_get, edition_in_force
from tamnong.ntm import selectors as ntm_selectors
from tamnong.places.models import Level
from tamnong.places.schemes import scheme_info
from tamnong.places.selectors import unit_ancestors, unit_full_name, unit_get, unit_get_by_key, units_below
from tamnong.resources import exports, forms, imports, selectors, services
from tamnong.resources.reference import funding_sources, lag_rule, work_types
from tamnong.resources.workflow import STATUS_NAMES, STATUSES, rate_pct, work_alerts
from tamnong.rules.money import format_ha, format_pct, format_vnd, format_vnd_over

if TYPE_CHECKING:
    from tamnong.places.models import AdminUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unit_or_404(scheme: str, code: str) -> AdminUnit:
    return unit_get(scheme=scheme, code=code)


def _forbidden(request, message: str):
    return render(request, "resources/forbidden.html", {"message": message}, status=403)


def _require_read(request, unit: AdminUnit):
    if actor_scope(request.user).covers(unit):
        return None
    if active_lang() == "en":
        return _forbidden(request, f"This account may not see the resources and works of {unit.title}.")
    return _forbidden(request, f"Tài khoản không có quyền xem nguồn lực, công trình của {unit_full_name(unit)}.")


def _span(request, unit: AdminUnit) -> tuple[dt.date, dt.date]:
    """?from= and ?to= (dd/mm/yyyy or yyyy-mm-dd), else from 1 January to the latest date of the unit's
    records (today without records: a page default only); ?on= alone is the end of the span."""
    ends_on = parse_date(request.GET.get("to")) or parse_date(request.GET.get("on"))
    if ends_on is None:
        ends_on = selectors.latest_data_date(unit) or clock.today()
    starts_on = parse_date(request.GET.get("from")) or dt.date(ends_on.year, 1, 1)
    if starts_on > ends_on:
        starts_on = dt.date(ends_on.year, 1, 1)
    return starts_on, ends_on


def _names(lang: str) -> dict[str, Any]:
    return {
        "type_names": {code: t.name(lang) for code, t in work_types().items()},
        "type_units": {code: t.unit_label(lang) for code, t in work_types().items()},
        "status_names": {s: STATUS_NAMES[s][1 if lang == "en" else 0] for s in STATUSES},
        "source_names": {code: s.name(lang) for code, s in funding_sources().items()},
    }


def _summary_context(summary: selectors.ResourcesSummary, lang: str) -> dict[str, Any]:
    names = _names(lang)
    rate = summary.disbursement_rate
    return {
        "summary": summary,
        "paragraphs": summary.paragraphs_en if lang == "en" else summary.paragraphs_vi,
        "capital_total_text": format_vnd_over(summary.capital_total, lang),
        "capital_rows": [
            {"code": code, "name": names["source_names"][code], "amount": amount, "text": format_vnd(amount, lang)}
            for code, amount in summary.capital_by_source.items()
        ],
        "community": {
            "cash": format_vnd(summary.community.get("cash_vnd", 0), lang),
            "in_kind": format_vnd(summary.community.get("in_kind_vnd", 0), lang),
            "land_m2": summary.community.get("land_m2", 0), "working_days": summary.community.get("working_days", 0),
        },
        "type_rows": [
            {"code": code, "name": names["type_names"].get(code, code), "counts": [counts[s] for s in STATUSES],
             "total": sum(counts.values())}
            for code, counts in summary.works_by_type_and_status.items()
        ],
        "status_headers": [names["status_names"][s] for s in STATUSES],
        "rate_text": format_pct(rate, lang), "rate": rate,
        "budget_text": format_vnd(summary.budget_vnd, lang), "disbursed_text": format_vnd(summary.disbursed_vnd, lang),
        "alerts": [
            {"work": row.work, "kind": a.kind, "message": a.message_en if lang == "en" else a.message_vi}
            for row, a in summary.alerts
        ],
        "areas": [
            {"standard": a.standard, "area": format_ha(a.area_ha, lang),
             "change": _signed_ha(a.change_ha, lang), "year": a.year}
            for a in summary.areas
        ],
        "warnings": [en if lang == "en" else vi for vi, en in summary.warnings],
        **names,
    }  # fmt: skip


def _signed_ha(change, lang: str) -> str:
    """A year-on-year change with its sign: "+23", "−4,5", "±0"; empty when there is nothing to compare."""
    if change is None:
        return ""
    return ("+" if change > 0 else "−" if change < 0 else "±") + format_ha(abs(change), lang)


def panel(request, scheme: str, code: str):
    """htmx: the capital and works panel of an NTM district or province dashboard (public figures)."""
    unit = _unit_or_404(scheme, code)
    starts_on, ends_on = _span(request, unit)
    summary = selectors.resources_summary(unit=unit, starts_on=starts_on, ends_on=ends_on)
    context = {"unit": unit, **_summary_context(summary, active_lang()),
               "can_read": actor_scope(request.user).covers(unit)}  # fmt: skip
    return render(request, "resources/_panel.html", context)


@login_required
def unit_page(request, scheme: str, code: str):
    """A unit's resources and works over a span of dates, and its works table (filtered by kind and status)."""
    unit = _unit_or_404(scheme, code)
    if (refused := _require_read(request, unit)) is not None:
        return refused
    lang = active_lang()
    starts_on, ends_on = _span(request, unit)
    summary = selectors.resources_summary(unit=unit, starts_on=starts_on, ends_on=ends_on)
    type_filter = request.GET.get("type", "") if request.GET.get("type", "") in work_types() else ""
    status_filter = request.GET.get("status", "") if request.GET.get("status", "") in STATUSES else ""
    works = selectors.works_list(
        actor=request.user, unit=unit, type=type_filter, status=status_filter, order=("commune__code", "type", "name")
    )
    disbursed = selectors.disbursed_by_work([w.pk for w in works])
    names = _names(lang)
    rows = [
        {"work": w, "type": names["type_names"].get(w.type, w.type), "status": names["status_names"].get(w.status, w.status),
         "quantity": format_ha(w.quantity, lang), "unit": names["type_units"].get(w.type, ""),
         "budget": format_vnd(w.budget_vnd or 0, lang), "rate": format_pct(rate_pct(disbursed.get(w.pk, 0), w.budget_vnd or 0), lang)}
        for w in works
    ]  # fmt: skip
    on = authority.records_on(unit)  # the forms' default date: today, or the last day of a unit that has ended
    can_write = authority.may(request.user, "resources.work.create", unit=unit, on=on)
    deletable = _deciding(request.user, "resources.contribution.delete")
    context = {
        "unit": unit, "full_name": unit_full_name(unit), "ancestors": list(reversed(unit_ancestors(unit))),
        "starts_on": starts_on, "ends_on": ends_on, "rows": rows, "type_filter": type_filter, "status_filter": status_filter,
        "can_write": can_write, "is_commune": unit.level == Level.COMMUNE,
        "contributions": [
            {"c": c, "source": names["source_names"][c.source], "amount": format_vnd(c.total_vnd, lang),
             "can_delete": deletable(c.unit, c.starts_on)}
            for c in summary.contributions if actor_scope(request.user).covers(c.unit)
        ],
        "writable_units": _writable_units(request.user, unit, starts_on),
        **_summary_context(summary, lang),
    }  # fmt: skip
    context["can_delete_any"] = any(row["can_delete"] for row in context["contributions"])
    return render(request, "resources/unit.html", context)


def _writable_units(actor, unit: AdminUnit, on: dt.date) -> list[AdminUnit]:
    """The unit and its communes (on its list), where the actor may record capital on the form's date."""
    inside = [unit]
    if unit.level != Level.COMMUNE:
        inside += units_below(unit, order=("level", "name_folded"))
    where = authority.where(actor, "resources.contribution.create", on=on)
    return [u for u in inside if where.covers(u)]


def _deciding(actor, action: str):
    """(unit, date) → whether the table grants the action there on that date (one answer per date)."""
    answers: dict[dt.date, authority.Where] = {}

    def may(unit: AdminUnit, on: dt.date) -> bool:
        if on not in answers:
            answers[on] = authority.where(actor, action, on=on)
        return answers[on].covers(unit)

    return may


@login_required
def unit_xlsx(request, scheme: str, code: str):
    unit = _unit_or_404(scheme, code)
    if (refused := _require_read(request, unit)) is not None:
        return refused
    starts_on, ends_on = _span(request, unit)
    summary = selectors.resources_summary(unit=unit, starts_on=starts_on, ends_on=ends_on)
    content = exports.summary_xlsx(summary, f"Nguồn lực và công trình — {selectors.report_title(unit)}")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="nguon-luc-{unit.scheme}-{unit.code}-{starts_on:%Y%m%d}-{ends_on:%Y%m%d}.xlsx"'
    )
    return response


def _may_record_work(actor, commune: AdminUnit) -> bool:
    """Whether to offer "Record a work" on a commune's pages: the table grants it on the form's default date."""
    return authority.may(actor, "resources.work.create", unit=commune, on=authority.records_on(commune))


def _commune_edition(commune: AdminUnit, requested: str = ""):
    """The criteria edition a commune's pages use: the one asked for, else that of its latest
    self-assessment, else the one in force at the end of its list (today for the list in force)."""
    if requested:
        return edition_get(requested), None
    latest = ntm_selectors.latest_self_assessment(commune)
    if latest is not None:
        return edition_get(latest.edition_id), latest
    info = scheme_info(commune.scheme)
    today = clock.today()
    return edition_in_force(min(today, info.valid_to) if info.valid_to else today), None


def _commune_or_404(scheme: str, code: str) -> AdminUnit:
    commune = _unit_or_404(scheme, code)
    if commune.level != Level.COMMUNE:
        raise Http404()
    return commune


@login_required
def commune_works(request, scheme: str, code: str):
    """htmx: a commune's works grouped by the criterion each serves (the commune page's panel)."""
    commune = _commune_or_404(scheme, code)
    if (refused := _require_read(request, commune)) is not None:
        return refused
    lang = active_lang()
    try:
        edition, _ = _commune_edition(commune, request.GET.get("edition", ""))
    except DomainError as exc:
        raise Http404(exc.message()) from None
    groups = selectors.works_by_criterion(actor=request.user, commune=commune, edition=edition)
    criteria = [
        {"number": c.number, "name": bilingual(c.name_vi, c.name_en)} for c in edition.tiers[0].criteria
    ]
    context = {
        "unit": commune, "edition": edition, "groups": groups, "criteria": criteria, "lang": lang,
        "can_write": _may_record_work(request.user, commune), **_names(lang),
    }  # fmt: skip
    return render(request, "resources/_commune_works.html", context)


@login_required
def criterion_page(request, scheme: str, code: str, number: str):
    """One criterion of a commune: its evaluation in the commune's latest self-assessment (through
    `tamnong.ntm.selectors`), and the commune's works that serve it."""
    commune = _commune_or_404(scheme, code)
    if (refused := _require_read(request, commune)) is not None:
        return refused
    lang = active_lang()
    try:
        edition, latest = _commune_edition(commune, request.GET.get("edition", ""))
    except DomainError as exc:
        raise Http404(exc.message()) from None
    if latest is None:
        latest = ntm_selectors.latest_self_assessment(commune, edition_id=edition.id)
    try:
        criterion = edition.tiers[0].criterion(number)
    except KeyError:
        raise Http404(f"No criterion {number} in {edition.id}") from None
    results = []
    if latest is not None and hasattr(latest, "evaluation"):
        evaluation = ntm_selectors.snapshot_evaluation(latest.evaluation)
        if evaluation is not None:
            for tier in evaluation.tiers:
                try:
                    c = tier.criterion(number)
                except KeyError:
                    continue
                results.append({
                    "tier": bilingual(tier.name_vi, tier.name_en), "status": c.status,
                    "explanation": bilingual(c.explanation_vi, c.explanation_en),
                    "indicators": [bilingual(i.explanation_vi, i.explanation_en) for i in c.indicators],
                })  # fmt: skip
    works = selectors.works_for_criterion(actor=request.user, commune=commune, edition_id=edition.id, number=number)
    disbursed = selectors.disbursed_by_work([w.pk for w in works])
    names = _names(lang)
    kinds = [t for t in work_types().values() if t.criterion(edition.id).number == number]
    context = {
        "unit": commune, "full_name": unit_full_name(commune), "edition": edition, "criterion": criterion,
        "name": bilingual(criterion.name_vi, criterion.name_en), "latest": latest, "results": results,
        "works": [
            {"work": w, "type": names["type_names"].get(w.type, w.type), "status": names["status_names"].get(w.status, w.status),
             "quantity": format_ha(w.quantity, lang), "unit": names["type_units"].get(w.type, ""),
             "budget": format_vnd(w.budget_vnd or 0, lang),
             "rate": format_pct(rate_pct(disbursed.get(w.pk, 0), w.budget_vnd or 0), lang)}
            for w in works
        ],
        "kinds": [t.name(lang) for t in kinds], "first_kind": kinds[0].code if kinds else "",
        "can_write": _may_record_work(request.user, commune), "lang": lang,
    }  # fmt: skip
    return render(request, "resources/criterion.html", context)


# The work form ---------------------------------------------------------------------------------------

DATE_FIELDS = forms.DATE_FIELDS


def _form_context(request, *, work, commune: AdminUnit | None, communes, post=None, errors=None):
    lang = active_lang()
    if post is None:
        if work is not None:
            post = {
                "name": work.name, "type": work.type, "quantity": f"{work.quantity.normalize():f}".replace(".", ","),
                "plan_year": work.plan_year, "status": work.status, "investor": work.investor, "note": work.note,
                "village": str(work.village_id or ""),
                **{k: f"{getattr(work, k):%d/%m/%Y}" if getattr(work, k) else "" for k in DATE_FIELDS},
                **{f"funding_{f.source}": str(f.amount_vnd) for f in selectors.work_funding(work)},
            }  # fmt: skip
        else:
            post = {"plan_year": request.GET.get("plan_year") or _default_plan_year(commune),
                    "type": request.GET.get("type", ""), "status": request.GET.get("status", "")}  # fmt: skip
    names = _names(lang)
    return {
        "work": work, "commune": commune, "communes": communes, "post": post, "errors": errors or {},
        "types": [(code, t.name(lang), t.unit_label(lang)) for code, t in work_types().items()],
        "statuses": [(s, names["status_names"][s]) for s in ("planned", "new", "continuing", "completed")],
        "sources": [(code, f"funding_{code}", s.name(lang)) for code, s in funding_sources().items()],
        "villages": selectors.villages_in_force(commune) if commune else [],
    }  # fmt: skip


def _default_plan_year(commune: AdminUnit | None) -> int:
    """This year, or the last year of the commune's list when that list is no longer in force (a page default)."""
    today = clock.today()
    info = scheme_info(commune.scheme) if commune is not None else None
    return info.valid_to.year if info and info.valid_to and info.valid_to < today else today.year


def _domain_error_field(exc: DomainError) -> str:
    field = exc.field or "form"
    return f"funding_{field.split('.', 1)[1]}" if field.startswith("funding.") else field


@login_required
def work_new(request):
    """Record a work: in the commune given (?commune=2020:04990), or one of a unit's communes (?unit=…)."""
    key = forms.WorkCommuneForm(request.POST).parsed()["commune"] or request.GET.get("commune", "")
    commune = None
    communes = []
    try:
        if key:
            commune = unit_get_by_key(key)
        elif request.GET.get("unit"):
            parent = unit_get_by_key(request.GET["unit"])
            where = authority.where(request.user, "resources.work.create", on=authority.records_on(parent))
            communes = [u for u in units_below(parent, level=Level.COMMUNE) if where.covers(u)]
    except DomainError as exc:
        raise Http404(exc.message()) from None
    if commune is not None and (refused := authority.refusal(
        request.user, "resources.work.create", unit=commune, on=authority.records_on(commune)
    )):  # fmt: skip
        return _forbidden(request, refused.message())
    if request.method == "POST":
        values, funding, errors = forms.WorkForm(request.POST, commune=commune).work_values()
        if not errors:
            try:
                work = services.work_create(actor=request.user, funding=funding, **values)
            except DomainError as exc:
                errors[_domain_error_field(exc)] = exc.message()
            else:
                messages.success(request, f"Đã ghi công trình «{work.name}»." if active_lang() == "vi"
                                 else f"Recorded the work “{work.name}”.")  # fmt: skip
                return redirect("resources-work", pk=work.pk)
        context = _form_context(
            request, work=None, commune=commune, communes=communes, post=request.POST, errors=errors
        )
        return render(request, "resources/work_form.html", context, status=400)
    return render(
        request, "resources/work_form.html", _form_context(request, work=None, commune=commune, communes=communes)
    )


def _work_or_error(request, pk: int):
    try:
        return selectors.work_get(actor=request.user, pk=pk), None
    except PermissionDeniedError as exc:
        return None, _forbidden(request, exc.message())


@login_required
def work_edit(request, pk: int):
    work, refused = _work_or_error(request, pk)
    if refused is not None:
        return refused
    if refused := authority.refusal(request.user, "resources.work.update", unit=work.commune,
                                    on=services.work_date(work)):  # fmt: skip
        return _forbidden(request, refused.message())
    if request.method == "POST":
        values, funding, errors = forms.WorkForm(request.POST, commune=work.commune).work_values()
        values.pop("commune")
        if not errors:
            try:
                services.work_update(actor=request.user, work=work, funding=funding, **values)
            except DomainError as exc:
                errors[_domain_error_field(exc)] = exc.message()
                work.refresh_from_db()
            else:
                return redirect("resources-work", pk=work.pk)
        context = _form_context(request, work=work, commune=work.commune, communes=[], post=request.POST, errors=errors)
        return render(request, "resources/work_form.html", context, status=400)
    return render(
        request, "resources/work_form.html", _form_context(request, work=work, commune=work.commune, communes=[])
    )


@login_required
def work_page(request, pk: int):
    """A work: its values, budget by source, disbursements and rate, alerts on a date, photos; the
    forms of those who may change it (a disbursement, a photo, deletion)."""
    work, refused = _work_or_error(request, pk)
    if refused is not None:
        return refused
    lang = active_lang()
    can_write = authority.may(request.user, "resources.work.update", unit=work.commune, on=services.work_date(work))
    errors = []
    if request.method == "POST":
        try:  # each form's service decides (the table, on the act's date); a refusal is the page's answer
            if (done := _work_action(request, work)) is not None:
                return done
        except PermissionDeniedError as exc:
            return _forbidden(request, exc.message())
        except DomainError as exc:
            errors.append(exc.message())
        else:
            return redirect("resources-work", pk=work.pk)
    on = parse_date(request.GET.get("on", "")) or clock.today()
    names = _names(lang)
    funding = {f.source: f.amount_vnd for f in selectors.work_funding(work)}
    budget = sum(funding.values())
    disbursements = selectors.work_disbursements(work)
    running, rows = 0, []
    for d in disbursements:
        running += d.amount_vnd
        rows.append({"d": d, "amount": format_vnd(d.amount_vnd, lang), "total": format_vnd(running, lang),
                     "rate": format_pct(rate_pct(running, budget), lang)})  # fmt: skip
    disbursed_on = sum(d.amount_vnd for d in disbursements if d.on <= on)
    alerts = work_alerts(lag_rule(), on=on, started_on=work.started_on, planned_end_on=work.planned_end_on,
                         completed_on=work.completed_on, budget_vnd=budget, disbursed_vnd=disbursed_on)  # fmt: skip
    kind = work_types().get(work.type)
    criteria = []
    if kind is not None:
        for edition_id, link in kind.criteria.items():
            name = ""
            if link.number:
                c = edition_get(edition_id).tiers[0].criterion(link.number)
                name = bilingual(c.name_vi, c.name_en)
            criteria.append({"edition": edition_id, "number": link.number, "name": name,
                             "reason": bilingual(link.reason_vi, link.reason_en)})  # fmt: skip
    context = {
        "work": work, "full_name": unit_full_name(work.commune), "can_write": can_write, "errors": errors, "on": on,
        "type": names["type_names"].get(work.type, work.type), "unit_label": names["type_units"].get(work.type, ""),
        "status": names["status_names"].get(work.status, work.status), "quantity": format_ha(work.quantity, lang),
        "funding": [{"name": names["source_names"][code], "amount": format_vnd(amount, lang)} for code, amount in funding.items()],
        "budget": format_vnd(budget, lang), "disbursements": rows, "disbursed": format_vnd(disbursed_on, lang),
        "rate": format_pct(rate_pct(disbursed_on, budget), lang),
        "alerts": [bilingual(a.message_vi, a.message_en) for a in alerts],
        "criteria": criteria, "photos": selectors.work_photos(work), "district": work.commune.parent,
    }  # fmt: skip
    return render(request, "resources/work.html", context)


def _work_action(request, work):
    """One of the work page's forms; returns a response to send instead of the page, or None."""
    form = forms.WorkActForm(request.POST, request.FILES, work=work)
    posted = form.parsed()
    action = posted["action"]
    if action == "disburse":
        services.disbursement_record(actor=request.user, work=work, on=posted["on"],
                                     amount_vnd=posted["amount_vnd"], note=posted["note"])  # fmt: skip
    elif action == "undisburse":
        row = form.disbursement_chosen()
        if row is not None:
            services.disbursement_delete(actor=request.user, disbursement=row)
    elif action == "photo":
        services.work_photo_add(actor=request.user, work=work, photo=form.photo_file(),
                                caption=posted["caption"], taken_on=posted["taken_on"])  # fmt: skip
    elif action == "unphoto":
        photo = form.photo_chosen()
        if photo is not None:
            services.work_photo_delete(actor=request.user, photo=photo)
    else:
        commune = work.commune
        services.work_delete(actor=request.user, work=work)
        return redirect("resources-unit", scheme=commune.scheme, code=commune.code)
    return None


@login_required
@require_POST
def contribution_new(request):
    """Record capital mobilised (from a unit page's form); back to that page with the result."""
    form = forms.ContributionForm(request.POST)
    back = form.back(reverse("ntm-home"))
    if not back.startswith("/"):
        back = reverse("ntm-home")
    try:
        posted = form.parsed()
        services.contribution_create(
            actor=request.user, unit=posted["unit"], starts_on=posted["starts_on"],
            ends_on=posted["ends_on"], source=posted["source"],
            amount_vnd=posted["amount_vnd"] or 0, in_kind_vnd=posted["in_kind_vnd"] or 0,
            land_m2=posted["land_m2"] or 0, working_days=posted["working_days"] or 0,
            note=posted["note"],
        )  # fmt: skip
    except PermissionDeniedError as exc:
        return _forbidden(request, exc.message())
    except DomainError as exc:
        messages.error(request, exc.message())
    else:
        messages.success(request, "Đã ghi vốn huy động." if active_lang() == "vi" else "Capital recorded.")
    return redirect(back)


@login_required
@require_POST
def contribution_delete(request, pk: int):
    row = selectors.contribution_find(pk)
    if row is None:
        raise Http404()
    try:
        services.contribution_delete(actor=request.user, contribution=row)
    except PermissionDeniedError as exc:
        return _forbidden(request, exc.message())
    back = forms.BackForm(request.POST).parsed()["next"]
    return redirect(back if back.startswith("/") else reverse("ntm-home"))


@login_required
def works_import_page(request):
    """Upload a list of works for a unit; a dry run first by default."""
    context = {"unit_text": request.POST.get("unit", request.GET.get("unit", "")), "report": None, "errors": []}
    if request.method == "POST":
        try:
            unit = unit_get_by_key(context["unit_text"])
            imports.import_authorize(request.user, unit)  # early refusal; works_import checks again
            started = jobs.import_upload(
                kind=imports.KIND, actor=request.user, unit_key=unit.key, request=request,
                run=lambda content, dry_run: imports.works_import(
                    content=content, unit=unit, actor=request.user, dry_run=dry_run),
            )  # fmt: skip
            if isinstance(started, BackgroundImport):
                return redirect("background-import", pk=started.pk)
            context["report"] = started
        except FileUnreadable as exc:
            context["report"] = ImportReport(problems=exc.problems)
        except PermissionDeniedError as exc:
            return _forbidden(request, exc.message())
        except DomainError as exc:
            context["errors"].append(exc.message())
    context["lang_en"] = active_lang() == "en"
    return render(request, "resources/import.html", context)


def works_import_template(request):
    response = HttpResponse(imports.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-cong-trinh.xlsx"'
    return response
