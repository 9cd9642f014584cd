"""NTM pages: unit dashboards (public figures) and the commune page (scoped); the data-entry form is in
entry_views."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from tamnong import rules
from tamnong.accounts import authority
from tamnong.accounts.selectors import actor_roles, actor_scope
from tamnong.core import clock
from tamnong.core.dates import end_of_previous_month, parse_date
from tamnong.core.i18n import active_lang, bilingual
from tamnong.criteria.editions import edition_get, edition_list
from tamnong.ntm import latest_text, selectors
from tamnong.ntm.entry import evaluation_named, evidence_list, indicator_titles
from tamnong.ntm.latest import RANKINGS, commune_latest_list, province_ranking
from tamnong.ntm.rollups import ntm_children, ntm_summary, ntm_time_series, rural_communes
from tamnong.places.models import Level, Scheme
from tamnong.places.schemes import scheme_info, scheme_on, schemes
from tamnong.places.selectors import boundaries_for, provinces, unit_ancestors, unit_children, unit_full_name, unit_get

if TYPE_CHECKING:
    from tamnong.places.models import AdminUnit


def _date_param(request, default: dt.date) -> dt.date:
    return parse_date(request.GET.get("on")) or default


def _latest_data_date(communes) -> dt.date | None:
    return selectors.latest_data_date(communes)


def _default_date(unit: AdminUnit | None, scheme: str) -> dt.date:
    """Today on the list in force today; on an older list the latest date with data in the unit, else the
    end of last month (a page default only)."""
    today = clock.today()
    in_force = scheme_on(today)
    if in_force is not None and in_force.scheme == scheme:
        return today
    return _latest_data_date(rural_communes(unit, scheme)) or end_of_previous_month(today)


def _unit_or_404(scheme: str, code: str) -> AdminUnit:
    return unit_get(scheme=scheme, code=code)


def ntm_home(request):
    """The nation on a list (the list in force today unless another is chosen): provinces with their figures."""
    in_force = scheme_on(clock.today())
    default = in_force.scheme if in_force else Scheme.Y2025_07
    scheme = request.GET.get("scheme") or default
    if scheme not in Scheme.values:
        scheme = default
    on = _date_param(request, _default_date(None, scheme))
    return _dashboard(request, None, scheme, on, provinces(scheme))


def ntm_unit(request, scheme: str, code: str):
    unit = _unit_or_404(scheme, code)
    if unit.level == Level.COMMUNE:
        return commune_page(request, unit)
    on = _date_param(request, _default_date(unit, unit.scheme))
    return _dashboard(request, unit, unit.scheme, on, unit_children(unit, order=("name_folded",)))


def _dashboard(request, unit, scheme, on, children):
    lang = active_lang()
    try:
        summary = ntm_summary(unit=unit, scheme=scheme, on=on)
    except rules.RulesError as exc:  # e.g. no criteria set in force on that date
        message = bilingual(exc.message_vi, exc.message_en)
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
        "text": bilingual(summary.text_vi, summary.text_en),
        "warnings": [bilingual(w[0], w[1]) for w in summary.warnings],
        "attribution": (bilingual(summary.attribution[0], summary.attribution[1])) if summary.attribution else "",
        "distribution": [
            {"label": b.key.replace("-", " – "), "count": b.count,
             "pct": round(100 * b.count / summary.communes_assessed) if summary.communes_assessed else 0}
            for b in summary.distribution
        ],  # fmt: skip
        "shares": [
            {"number": c.number, "name": bilingual(c.name_vi, c.name_en), "pct": summary.criteria_share[c.number]}
            for c in summary.edition.tiers[0].criteria
        ],
        "tier_names": {t.id: (bilingual(t.name_vi, t.name_en)) for t in summary.edition.tiers},
        "markers": latest_text.latest_markers(latest, editions, lang),
        "total": total,
        "boundaries_url": reverse("ntm-boundaries", args=[unit.scheme, unit.code]) if unit else "",
        "series": [
            {"on": p.on, "n": p.communes_assessed, "average": p.average_criteria, "tiers": p.tiers,
             "pct": float(100 * p.average_criteria / total) if p.average_criteria is not None else 0}
            for p in ntm_time_series(unit=unit, scheme=scheme, until=on, edition_id=summary.edition.id)
        ],
        "roles": actor_roles(request.user), "schemes": schemes(),
        "edition_name": bilingual(summary.edition.name_vi, summary.edition.name_en),
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
    assessments = selectors.commune_self_assessments(commune)
    on = _date_param(request, assessments[0].on) if assessments else None
    current = next((a for a in assessments if on and a.on <= on), None)
    evaluation = (
        selectors.snapshot_evaluation(current.evaluation) if current and hasattr(current, "evaluation") else None
    )
    result = evaluation_named(evaluation.to_dict(), edition_get(current.edition_id)) if evaluation else None
    changes = selectors.commune_changes(commune, lang=lang)
    standing = commune_latest_list(unit=commune, on=on or clock.today()).communes
    editions = {e.id: e for e in edition_list()}
    titles = indicator_titles(edition_list(), lang)
    for change in changes:
        change["what"] = titles.get(change["what"], change["what"])
    context = {
        "unit": commune, "full_name": unit_full_name(commune), "assessments": assessments, "current": current,
        "result": result, "lang": lang, "changes": changes,
        "can_write": authority.may(  # the link opens the form on the shown date (else its default)
            request.user, "ntm.values.write", unit=commune, on=current.on if current else authority.records_on(commune)
        ),
        "tier_names": {t["id"]: t[f"name_{lang}"] for t in (result or {}).get("tiers", [])},
        "standing": latest_text.latest_row(standing[0], editions, lang) if standing else None,
        "evidence": evidence_list(current, actor=request.user, edition=edition_get(current.edition_id) if current else None,
                                  lang=lang),
    }  # fmt: skip
    return render(request, "ntm/commune.html", context)


def boundaries(request, scheme: str, code: str):
    """The uploaded commune polygons inside a unit (GeoJSON), for the dashboard map."""
    unit = _unit_or_404(scheme, code)
    return JsonResponse(boundaries_for(unit, scheme=unit.scheme, level=Level.COMMUNE))
