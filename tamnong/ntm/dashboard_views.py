"""NTM pages: unit dashboards (public figures), the commune page and the data-entry form (scoped)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tamnong import rules
from tamnong.accounts.selectors import actor_roles, actor_scope
from tamnong.core import clock
from tamnong.core.dates import end_of_previous_month, parse_date
from tamnong.core.errors import DomainError, NotFoundError
from tamnong.core.i18n import active_lang
from tamnong.ntm import latest_text, selectors
from tamnong.ntm.editions import edition_get, edition_list
from tamnong.ntm.entry import entry_form_bind, entry_form_build, entry_form_files
from tamnong.ntm.latest import RANKINGS, commune_latest_list, province_ranking
from tamnong.ntm.models import SelfAssessment
from tamnong.ntm.rollups import edition_in_force, ntm_children, ntm_summary, ntm_time_series, rural_communes
from tamnong.ntm.services import self_assessment_save
from tamnong.places.models import AdminUnit, Level, Scheme
from tamnong.places.schemes import scheme_info, scheme_on, schemes
from tamnong.places.selectors import boundaries_for, unit_ancestors, unit_full_name, unit_get


def _date_param(request, default: dt.date) -> dt.date:
    return parse_date(request.GET.get("on")) or default


def _latest_data_date(communes) -> dt.date | None:
    return SelfAssessment.objects.filter(commune__in=communes).aggregate(Max("on"))["on__max"]


def _default_date(unit: AdminUnit | None, scheme: str) -> dt.date:
    """Today on the list in force today; on an older list the latest date with data in the unit, else the
    end of last month (a page default only)."""
    today = clock.today()
    in_force = scheme_on(today)
    if in_force is not None and in_force.scheme == scheme:
        return today
    return _latest_data_date(rural_communes(unit, scheme)) or end_of_previous_month(today)


def _unit_or_404(scheme: str, code: str) -> AdminUnit:
    try:
        return unit_get(scheme=scheme, code=code)
    except NotFoundError as exc:
        raise Http404(exc.message()) from None


def ntm_home(request):
    """The nation on a list (the list in force today unless another is chosen): provinces with their figures."""
    in_force = scheme_on(clock.today())
    default = in_force.scheme if in_force else Scheme.Y2025_07
    scheme = request.GET.get("scheme") or default
    if scheme not in Scheme.values:
        scheme = default
    on = _date_param(request, _default_date(None, scheme))
    provinces = AdminUnit.objects.filter(scheme=scheme, level=Level.PROVINCE).order_by("name_folded")
    return _dashboard(request, None, scheme, on, provinces)


def ntm_unit(request, scheme: str, code: str):
    unit = _unit_or_404(scheme, code)
    if unit.level == Level.COMMUNE:
        return commune_page(request, unit)
    on = _date_param(request, _default_date(unit, unit.scheme))
    return _dashboard(request, unit, unit.scheme, on, unit.children.order_by("name_folded"))


def _dashboard(request, unit, scheme, on, children):
    lang = active_lang()
    try:
        summary = ntm_summary(unit=unit, scheme=scheme, on=on)
    except rules.RulesError as exc:  # e.g. no criteria set in force on that date
        message = exc.message_en if lang == "en" else exc.message_vi
        return render(request, "ntm/dashboard.html", {"error": message, "unit": unit}, status=400)
    children = list(children)
    latest = commune_latest_list(unit=unit, scheme=scheme, on=on)
    figures = {
        f.unit.pk: f for f in ntm_children(summary=summary, children=[c for c in children if c.level != Level.COMMUNE])
    }
    editions = {e.id: e for e in edition_list()}
    groups = {g.unit.pk: latest_text.group_row(g, editions, lang, latest.cycle) for g in latest.provinces}
    rows = []
    for child in children:
        if child.level != Level.COMMUNE:  # communes are listed with their latest data
            rows.append(
                {
                    "unit": child,
                    "summary": figures[child.pk],
                    "group": groups.get(child.pk),
                }
            )
    rank_by = request.GET.get("rank") if request.GET.get("rank") in RANKINGS else "recognised"
    total = len(summary.edition.tiers[0].criteria)
    context = {
        "unit": unit, "scheme": scheme_info(scheme), "on": on, "summary": summary, "rows": rows,
        "ancestors": list(reversed(unit_ancestors(unit))) if unit else [],
        "full_name": unit_full_name(unit) if unit else "",
        "text": summary.text_en if lang == "en" else summary.text_vi,
        "warnings": [w[1] if lang == "en" else w[0] for w in summary.warnings],
        "attribution": (summary.attribution[1] if lang == "en" else summary.attribution[0]) if summary.attribution else "",
        "distribution": [
            {"label": b.key.replace("-", " – "), "count": b.count,
             "pct": round(100 * b.count / summary.communes_assessed) if summary.communes_assessed else 0}
            for b in summary.distribution
        ],  # fmt: skip
        "shares": [
            {"number": c.number, "name": c.name_en if lang == "en" else c.name_vi, "pct": summary.criteria_share[c.number]}
            for c in summary.edition.tiers[0].criteria
        ],
        "tier_names": {t.id: (t.name_en if lang == "en" else t.name_vi) for t in summary.edition.tiers},
        "markers": latest_text.latest_markers(latest, editions, lang),
        "total": total,
        "boundaries_url": reverse("ntm-boundaries", args=[unit.scheme, unit.code]) if unit else "",
        "series": [
            {"on": p.on, "n": p.communes_assessed, "average": p.average_criteria, "tiers": p.tiers,
             "pct": float(100 * p.average_criteria / total) if p.average_criteria is not None else 0}
            for p in ntm_time_series(unit=unit, scheme=scheme, until=on, edition_id=summary.edition.id)
        ],
        "roles": actor_roles(request.user), "schemes": schemes(),
        "edition_name": summary.edition.name_en if lang == "en" else summary.edition.name_vi,
        "latest": latest, "cycle": latest.cycle, "rank_by": rank_by,
        "latest_rows": [latest_text.latest_row(c, editions, lang)
                        for c in sorted(latest.communes, key=lambda c: not c.figures)] if unit else [],
        "groups": list(groups.values()),
        "ranking": [groups[g.unit.pk] for g in province_ranking(latest, by=rank_by)],
        "whole": latest_text.group_row(latest.whole, editions, lang, latest.cycle),
        "editions_used": latest_text.editions_used(latest, editions, lang),
    }  # fmt: skip
    return render(request, "ntm/dashboard.html", context)


def _require_read(request, commune: AdminUnit) -> None:
    if not actor_scope(request.user).covers(commune):
        raise PermissionDenied(
            f"Tài khoản không có quyền xem số liệu của {unit_full_name(commune)}."
            if active_lang() == "vi"
            else f"This account may not see the data of {unit_full_name(commune)}."
        )


@login_required
def commune_page(request, commune: AdminUnit):
    _require_read(request, commune)
    lang = active_lang()
    assessments = list(
        SelfAssessment.objects.filter(commune=commune).select_related("evaluation", "updated_by").order_by("-on")
    )
    on = _date_param(request, assessments[0].on) if assessments else None
    current = next((a for a in assessments if on and a.on <= on), None)
    evaluation = (
        selectors.snapshot_evaluation(current.evaluation) if current and hasattr(current, "evaluation") else None
    )
    result = evaluation.to_dict() if evaluation else None
    changes = selectors.commune_changes(commune, lang=lang)
    standing = commune_latest_list(unit=commune, on=on or clock.today()).communes
    editions = {e.id: e for e in edition_list()}
    context = {
        "unit": commune, "full_name": unit_full_name(commune), "assessments": assessments, "current": current,
        "result": result, "lang": lang, "changes": changes,
        "can_write": actor_scope(request.user, write=True).covers(commune),
        "tier_names": {t["id"]: t[f"name_{lang}"] for t in (result or {}).get("tiers", [])},
        "standing": latest_text.latest_row(standing[0], editions, lang) if standing else None,
    }  # fmt: skip
    return render(request, "ntm/commune.html", context)


def _entry_context(request, commune: AdminUnit):
    if not actor_scope(request.user, write=True).covers(commune):
        raise PermissionDenied(
            f"Tài khoản không có quyền nhập số liệu cho {unit_full_name(commune)}."
            if active_lang() == "vi"
            else f"This account may not enter data for {unit_full_name(commune)}."
        )
    source = request.POST if request.method == "POST" else request.GET
    on = _date_param_from(source, commune)
    edition = edition_get(source.get("edition") or edition_in_force(on).id)
    sa = SelfAssessment.objects.filter(commune=commune, edition_id=edition.id, on=on).first()
    facts = selectors.self_assessment_facts(sa) if sa else {"values": {}, "assessments": {}}
    comments = {v.code: v.comment for v in sa.values.all()} if sa else {}
    form = entry_form_files(entry_form_build(edition, facts, comments, active_lang()), sa)
    return edition, on, sa, form


def _date_param_from(source, commune) -> dt.date:
    """The date asked for, else the commune's latest data, else today (a page default only)."""
    return parse_date(source.get("on")) or _latest_data_date([commune]) or clock.today()


@login_required
def entry(request, scheme: str, code: str):
    commune = _unit_or_404(scheme, code)
    if commune.level != Level.COMMUNE:
        raise Http404()
    edition, on, sa, form = _entry_context(request, commune)
    lang = active_lang()
    if request.method == "POST":
        entry_form_bind(form, request.POST, edition, lang)
        if not form.has_errors:
            try:
                version = request.POST.get("version")
                saved = self_assessment_save(
                    commune=commune, edition_id=edition.id, on=on, values=form.values(), comments=form.comments(),
                    assessments=form.assessments(), period=request.POST.get("period", "quarter"),
                    expected_version=int(version) if version else None, evidence_files=_evidence_files(request),
                    actor=request.user,
                )  # fmt: skip
                messages.success(request, _saved_message(commune, on, saved, lang))
                return redirect(f"{reverse('ntm-entry', args=[scheme, code])}?on={on:%Y-%m-%d}&edition={edition.id}")
            except DomainError as exc:
                form.errors.append(exc.message())
    preview = _preview(commune, edition, on, form)
    return render(request, "ntm/entry.html", {
        "unit": commune, "full_name": unit_full_name(commune), "edition": edition, "on": on, "sa": sa,
        "form": form, "preview": preview, "lang": lang,
    })  # fmt: skip


MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _evidence_files(request) -> dict:
    """The uploaded evidence files by indicator code or "criterion:<key>" (form fields f:… and g:…);
    one over the size limit is left out, and the officer is told."""
    files = {}
    for key, upload in request.FILES.items():
        if upload.size > MAX_EVIDENCE_BYTES:
            messages.error(
                request,
                f"Tệp «{upload.name}» lớn hơn 20 MB nên không được lưu; hãy nén hoặc chia nhỏ tệp."
                if active_lang() == "vi"
                else f"File “{upload.name}” is larger than 20 MB and was not stored; compress or split it.",
            )
            continue
        if key.startswith("f:"):
            files[key[2:]] = upload
        elif key.startswith("g:"):
            files[f"criterion:{key[2:]}"] = upload
    return files


def _saved_message(commune, on, saved, lang) -> str:
    ev = saved.evaluation
    if lang == "en":
        return f"Saved {commune.title}, {on:%d/%m/%Y}: {ev.criteria_met}/{ev.criteria_total} criteria met."
    return f"Đã lưu số liệu {commune.title} ngày {on:%d/%m/%Y}: đạt {ev.criteria_met}/{ev.criteria_total} tiêu chí."


def _preview(commune, edition, on, form):
    """The evaluation of what the form holds now, nothing saved."""
    if form.has_errors:
        return None
    try:
        return selectors.evaluation_compute(edition=edition, unit=commune, on=on, facts=form.facts()).to_dict()
    except DomainError as exc:
        form.errors.append(exc.message())
        return None


@login_required
@require_POST
def entry_preview(request, scheme: str, code: str):
    """htmx: re-evaluate as values are typed."""
    commune = _unit_or_404(scheme, code)
    edition, on, sa, form = _entry_context(request, commune)
    entry_form_bind(form, request.POST, edition, active_lang())
    return render(request, "ntm/_evaluation.html", {"preview": _preview(commune, edition, on, form), "form": form,
                                                    "lang": active_lang()})  # fmt: skip


def boundaries(request, scheme: str, code: str):
    """The uploaded commune polygons inside a unit (GeoJSON), for the dashboard map."""
    unit = _unit_or_404(scheme, code)
    return JsonResponse(boundaries_for(unit, scheme=unit.scheme, level=Level.COMMUNE))
