"""The data-entry form of a commune (scoped to those who may write its data) and its live preview.

The date chosen decides everything the form shows: the criteria set in force on it, the commune as it
stood on it (a commune that had ended by then takes no data; its successors are named and linked) and
the thresholds that apply to it. The preview re-evaluates what is typed, without the attached files.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tamnong import rules
from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError, NotFoundError
from tamnong.core.i18n import active_lang
from tamnong.criteria.editions import edition_get, edition_in_force
from tamnong.criteria.selectors import evaluation_compute, thresholds_for_unit
from tamnong.ntm import forms, selectors
from tamnong.ntm.entry import (
    entry_form_bind,
    entry_form_build,
    entry_form_files,
    entry_form_results,
    entry_form_thresholds,
    evidence_list,
)
from tamnong.ntm.services import WRITE, self_assessment_save
from tamnong.places.models import AdminUnit, Level
from tamnong.places.selectors import (
    unit_full_name,
    unit_get,
    unit_on_date_error,
    unit_on_date_holders,
    unit_place,
)

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _commune_or_404(scheme: str, code: str) -> AdminUnit:
    unit = unit_get(scheme=scheme, code=code)
    if unit.level != Level.COMMUNE:
        raise Http404()
    return unit


def _require_write(request, commune: AdminUnit) -> None:
    """The form is for those the table lets write the commune's values on the form's default date
    (today, or the commune's last day); the date chosen is checked again below, and by the service."""
    if refused := authority.refusal(request.user, WRITE, unit=commune, on=authority.records_on(commune)):
        raise PermissionDenied(refused.message())


def _date_from(source, commune) -> dt.date:
    """The date asked for, else the commune's latest data, else today (a page default only)."""
    latest = selectors.latest_entry_date(commune)
    return parse_date(source.get("on")) or latest or clock.today()


def _edition_on(asked: str, on: dt.date, lang: str) -> tuple[rules.Edition | None, str, str]:
    """(the set in force on the date, a note when another set was asked for, why there is none)."""
    vi = lang == "vi"
    try:
        in_force = edition_in_force(on)
    except rules.NotInForce as exc:
        return None, "", exc.message_vi if vi else exc.message_en
    if not asked or asked == in_force.id:
        return in_force, "", ""
    try:
        other = edition_get(asked)
    except NotFoundError:
        other = None
    in_force_name = in_force.name_vi if vi else in_force.name_en
    if other is None:
        note = (
            f"Không có bộ tiêu chí đã chọn; ngày {on:%d/%m/%Y} áp dụng «{in_force_name}»."
            if vi
            else f"The chosen criteria set does not exist; on {on:%d/%m/%Y} “{in_force_name}” applies."
        )
    else:
        other_name = other.name_vi if vi else other.name_en
        note = (
            f"«{other_name}» không áp dụng ngày {on:%d/%m/%Y}; ngày này áp dụng «{in_force_name}» "
            f"({in_force.legal_basis}, hiệu lực từ {in_force.valid_from:%d/%m/%Y})."
            if vi
            else f"“{other_name}” does not apply on {on:%d/%m/%Y}; on that date “{in_force_name}” applies "
            f"({in_force.legal_basis}, in force from {in_force.valid_from:%d/%m/%Y})."
        )
    return in_force, note, ""


def _place_problem(commune: AdminUnit, edition: rules.Edition, on: dt.date, lang: str) -> str:
    """Why the commune cannot be evaluated against the set: the attribute its thresholds depend on is
    not set on the date (the approved commune group of 51/2025, the region of 318/2022)."""
    place = unit_place(commune, on=on)
    if getattr(place, edition.place_key) is not None:
        return ""
    vi = lang == "vi"
    name = edition.name_vi if vi else edition.name_en
    if edition.place_key == "commune_group":
        return (
            f"Chưa thể đánh giá {commune.title} theo «{name}»: xã chưa được xếp nhóm xã (nhóm 1, 2 hoặc 3 theo "
            f"{edition.legal_basis}). Văn phòng điều phối nông thôn mới cấp tỉnh xếp nhóm cho các xã của tỉnh."
            if vi
            else f"{commune.title} cannot be evaluated against “{name}” yet: the commune has no commune group "
            f"(group 1, 2 or 3 of {edition.legal_basis}). The provincial coordination office assigns the groups."
        )
    return (
        f"Chưa thể đánh giá {commune.title} theo «{name}»: xã chưa có vùng kinh tế - xã hội mà ngưỡng của bộ "
        "tiêu chí phụ thuộc. Văn phòng điều phối nông thôn mới cấp tỉnh ghi vùng của tỉnh."
        if vi
        else f"{commune.title} cannot be evaluated against “{name}” yet: it has no socio-economic region, on "
        "which the thresholds depend. The provincial coordination office records the province's region."
    )


def _entry_page(request, commune: AdminUnit) -> dict:
    """Everything the form shows for the date asked: the set, the commune's state on it, the form."""
    _require_write(request, commune)
    lang = active_lang()
    source = request.POST if request.method == "POST" else request.GET
    on = _date_from(source, commune)
    page = {
        "unit": commune, "full_name": unit_full_name(commune), "on": on, "lang": lang, "form": None,
        "notes": [], "blocked": "", "successors": [], "edition": None, "sa": None, "preview": None,
    }  # fmt: skip
    edition, note, missing = _edition_on(source.get("edition", "").strip(), on, lang)
    if note:
        page["notes" if request.method == "GET" else "blocked_post"] = [note]
    if problem := unit_on_date_error(commune, on):
        page["blocked"] = problem.message()
        page["successors"] = [
            {"name": unit_full_name(u), "url": f"{reverse('ntm-entry', args=[u.scheme, u.code])}?on={on:%Y-%m-%d}"}
            for u in unit_on_date_holders(commune, on)
            if u.level == Level.COMMUNE
        ]
        return page
    if edition is None:
        page["blocked"] = missing
        return page
    if refused := authority.refusal(request.user, WRITE, unit=commune, on=on):  # a date the actor may not write
        page["blocked"] = refused.message()
        return page
    sa = selectors.self_assessment_on(commune, edition_id=edition.id, on=on)
    facts = selectors.self_assessment_facts(sa) if sa else {"values": {}, "assessments": {}}
    comments = selectors.self_assessment_comments(sa) if sa else {}
    form = entry_form_files(entry_form_build(edition, facts, comments, lang), sa)
    form.place_problem = _place_problem(commune, edition, on, lang)
    if not form.place_problem:
        try:
            thresholds = thresholds_for_unit(edition_id=edition.id, unit=commune, on=on)
        except DomainError as exc:
            form.place_problem = exc.message()
        else:
            entry_form_thresholds(form, edition, thresholds, on, lang)
    page.update(edition=edition, sa=sa, form=form, evidence=evidence_list(sa, actor=request.user, edition=edition,
                                                                          lang=lang))  # fmt: skip
    return page


def _preview(page) -> dict | None:
    """The evaluation of what the form holds now (nothing saved), also put beside each field; a field
    refused as typed counts as not entered until it is corrected."""
    form = page["form"]
    if form is None or form.place_problem:
        return None
    try:
        evaluation = evaluation_compute(
            edition=page["edition"], unit=page["unit"], on=page["on"], facts=form.facts()
        ).to_dict()
    except DomainError as exc:
        form.errors.append(exc.message())
        return None
    entry_form_results(form, evaluation, page["lang"])
    return evaluation


@login_required
def entry(request, scheme: str, code: str):
    commune = _commune_or_404(scheme, code)
    page = _entry_page(request, commune)
    form, edition, on, lang = page["form"], page["edition"], page["on"], page["lang"]
    status = 200
    if request.method == "POST":
        if page.get("blocked_post"):
            page["blocked"] = page["blocked_post"][0]
        if page["blocked"] or form is None:
            return render(request, "ntm/entry.html", page, status=400)
        entry_form_bind(form, request.POST, edition, lang)
        if not form.has_errors:
            try:
                save = forms.EntrySaveForm(request.POST).parsed()
                saved = self_assessment_save(
                    commune=commune, edition_id=edition.id, on=on, values=form.values(), comments=form.comments(),
                    assessments=form.assessments(), period=save["period"],
                    expected_version=save["version"], evidence_files=_evidence_files(request),
                    actor=request.user,
                )  # fmt: skip
                messages.success(request, _saved_message(commune, on, saved, lang))
                return redirect(f"{reverse('ntm-entry', args=[scheme, code])}?on={on:%Y-%m-%d}&edition={edition.id}")
            except DomainError as exc:
                form.errors.append(exc.message())
        status = 400
    page["preview"] = _preview(page)
    return render(request, "ntm/entry.html", page, status=status)


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


@login_required
@require_POST
def entry_preview(request, scheme: str, code: str):
    """htmx: re-evaluate as values are typed; the panel, and each field's result swapped in beside it."""
    commune = _commune_or_404(scheme, code)
    page = _entry_page(request, commune)
    if page.get("blocked_post"):
        page["blocked"] = page["blocked_post"][0]
    if page["form"] is not None and not page["blocked"]:
        entry_form_bind(page["form"], request.POST, page["edition"], page["lang"])
        page["preview"] = _preview(page)
    page["oob"] = True
    return render(request, "ntm/_evaluation.html", page)
