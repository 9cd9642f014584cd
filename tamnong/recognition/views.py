"""Recognition pages: the dossiers of one's area (and a new dossier), a dossier with its frozen values,
completeness, the actions one may take and its history (exportable by province officers), the register
with its sustainability watch, and one's notices. Views parse input and call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from tamnong.accounts import authority
from tamnong.accounts import history as words
from tamnong.accounts.selectors import actor_roles
from tamnong.core import clock
from tamnong.core.dates import parse_date
from tamnong.core.downloads import table_download
from tamnong.core.errors import DomainError, PermissionDeniedError, StaleError
from tamnong.core.i18n import active_lang
from tamnong.ntm.models import Tier
from tamnong.places.selectors import unit_full_name, unit_get, unit_get_by_key
from tamnong.recognition import forms, history, selectors, services, workflow
from tamnong.recognition.models import State


def _status(exc: DomainError) -> int:
    if isinstance(exc, StaleError):
        return 409
    if isinstance(exc, PermissionDeniedError):
        return 403
    return 400


@login_required
def dossier_list_page(request):
    errors = []
    form = forms.DossierCreateForm(request.POST)
    if request.method == "POST":
        try:
            posted = form.parsed()
            dossier = services.dossier_create(
                commune=posted["unit"], tier=posted["tier"], on=posted["on"], actor=request.user
            )
            messages.success(request, (
                f"The dossier is opened for “{history.tier_name(dossier, 'en')}”: complete its documents, then submit it."
                if active_lang() == "en" else
                f"Đã lập hồ sơ đề nghị công nhận «{history.tier_name(dossier)}»: hãy bổ sung tài liệu rồi nộp."))  # fmt: skip
            return redirect("recognition-dossier", pk=dossier.pk)
        except DomainError as exc:
            errors.append(exc.message())
    unit = None
    if key := request.GET.get("unit"):
        try:
            unit = unit_get_by_key(key)
        except DomainError as exc:
            errors.append(exc.message())
    state = request.GET.get("state") or None
    rows = selectors.dossier_list(actor=request.user, unit=unit, state=state)
    my_units = [(r.unit.key, unit_full_name(r.unit)) for r in actor_roles(request.user) if r.unit is not None]
    my_communes = [  # the units of the user's roles where the table lets it open a dossier (the form's default date)
        (r.unit.key, unit_full_name(r.unit)) for r in actor_roles(request.user)
        if r.unit is not None and authority.may(request.user, services.CREATE, unit=r.unit, on=authority.records_on(r.unit))
    ]  # fmt: skip
    context = {
        "rows": rows, "errors": errors, "states": State.choices, "state": state, "unit": unit,
        "tiers": Tier.choices, "today": clock.today(), "my_communes": my_communes, "my_units": my_units,
        "posted_unit": form["unit"].value() or "",
    }  # fmt: skip
    return render(request, "recognition/list.html", context, status=400 if errors else 200)


def _dossier_or_error(request, pk: int):
    return selectors.dossier_get(pk=pk, actor=request.user)


def _post(request, dossier, form: forms.DossierActForm):
    posted = form.parsed()
    op, on, version = posted["op"], posted["on"], posted["version"]
    if op == "transition":
        return services.dossier_transition(
            dossier=dossier, action=posted["action"], actor=request.user, on=on,
            expected_version=version, reasons=form.reasons(), decision_number=posted["decision_number"],
            decision_date=posted["decision_date"], note=posted["note"],
        )  # fmt: skip
    if op == "items":
        return services.dossier_items_update(
            dossier=dossier, changes=form.item_changes(), actor=request.user, on=on, expected_version=version
        )
    if op == "document":
        return services.dossier_document_record(
            dossier=dossier, code=posted["code"], reference=posted["reference"],
            file=posted["file"], actor=request.user, on=on, expected_version=version,
        )  # fmt: skip
    return services.dossier_condition_record(
        dossier=dossier, key=posted["key"], met=posted["met"],
        evidence=posted["evidence"], actor=request.user, on=on, expected_version=version,
    )  # fmt: skip


@login_required
def dossier_page(request, pk: int):
    dossier = _dossier_or_error(request, pk)
    errors, status = [], 200
    form = forms.DossierActForm(request.POST, request.FILES)
    posted_on = form["on"].value() or ""
    if request.method == "POST":
        try:
            saved = _post(request, dossier, form)
            messages.success(request, _saved_message(form.cleaned_data, saved))
            url = reverse("recognition-dossier", args=[dossier.pk])
            return redirect(f"{url}?on={posted_on.strip()}")
        except DomainError as exc:
            errors.append(exc.message())
            status = _status(exc)
            dossier = selectors.dossier_get(pk=pk, actor=request.user)
    lang = active_lang()
    # the date of the act: the page lists the actions of the procedure in force on it (?on=, else today)
    today = parse_date(request.GET.get("on") or posted_on) or clock.today()
    actions = selectors.actions_for(dossier=dossier, actor=request.user, on=today)
    check = services.dossier_hash_check(dossier)
    context = {
        "dossier": dossier, "full_name": unit_full_name(dossier.commune), "errors": errors, "lang": lang,
        "state_name": workflow.STATE_NAMES[dossier.state][1 if lang == "en" else 0],
        "criteria": selectors.dossier_items_view(dossier, lang),
        "completeness": services.dossier_completeness(dossier),
        "editable": services.editable_keys(dossier),
        "can_edit": selectors.can_edit(actor=request.user, dossier=dossier, on=today)
        and dossier.state in (State.DRAFT, State.RETURNED),
        "actions": [(a, workflow.ACTION_NAMES[a][1 if lang == "en" else 0]) for a in actions],
        "can_return": "return" in actions,
        "needs_decision": bool({"recognise", "revoke"} & set(actions)),
        "reasons": [
            {"round": r.round, "target": r.target, "target_name": history.item_name(dossier, r.target, lang),
             "reason": r.reason, "by": r.by, "on": r.on}
            for r in selectors.dossier_reasons(dossier)
        ],
        "history": history.history_lines(dossier, selectors.dossier_history(dossier), lang),
        "tier_name": history.tier_name(dossier, lang),
        "edition_name": selectors.edition_name(dossier.edition_id, lang),
        "procedure_levels": [words.value_text(level, lang) for level in workflow.procedure_on(today).levels],
        "can_export": selectors.can_export(actor=request.user, dossier=dossier),
        "hash": check, "today": today, "conditions_declared": dossier.conditions,
        "procedure": workflow.procedure_on(today),
        "deadline_caveat": _deadline_caveat(dossier, lang),
        "no_actions_reason": "" if actions else selectors.actions_absent_reason(
            dossier=dossier, actor=request.user, on=today)[1 if lang == "en" else 0],
    }  # fmt: skip
    return render(request, "recognition/dossier.html", context, status=status)


def _deadline_caveat(dossier, lang: str) -> str:
    """What the holiday calendar does not cover of the step's working deadline ("may be later"), or ""."""
    if dossier.due_on is None or dossier.state_since is None:
        return ""
    found = workflow.deadline(dossier.state, dossier.state_since)
    return (found.caveat_en if lang == "en" else found.caveat_vi) if found and found.on == dossier.due_on else ""


def _saved_message(post, dossier) -> str:
    """What the save did, said plainly (the action and the dossier's new state, or what was recorded)."""
    lang = active_lang()
    en = lang == "en"
    op = post.get("op")
    if op == "transition":
        action = workflow.ACTION_NAMES.get(post.get("action", ""), ("", ""))[1 if en else 0]
        state = history.state_name(dossier.state, lang)
        return (f"Done: {action}. The dossier is now “{state}”." if en
                else f"Đã {action}: hồ sơ chuyển sang «{state}».")  # fmt: skip
    if op == "document":
        name = history.item_name(dossier, f"document:{post.get('code', '')}", lang)
        return f"Recorded {name}." if en else f"Đã ghi {name}."
    if op == "condition":
        name = history.item_name(dossier, f"condition:{post.get('key', '')}", lang)
        return f"Declared {name}." if en else f"Đã khai {name}."
    return "The dossier's values are saved." if en else "Đã lưu các giá trị của hồ sơ."


@login_required
def history_export(request, pk: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404(fmt)
    dossier = _dossier_or_error(request, pk)
    if not selectors.can_export(actor=request.user, dossier=dossier):
        raise PermissionDenied("Chỉ văn phòng điều phối cấp tỉnh được xuất nhật ký hồ sơ.")
    rows = selectors.history_rows(dossier)
    name = f"ho-so-{dossier.pk}-nhat-ky"
    return table_download(fmt, selectors.HISTORY_HEADERS, rows, title="Nhật ký", filename=name)


def register_page(request, scheme: str, code: str):
    unit = unit_get(scheme=scheme, code=code)
    on = parse_date(request.GET.get("on")) or clock.today()
    rows = selectors.register_list(unit=unit, on=on, lang=active_lang())
    context = {"unit": unit, "full_name": unit_full_name(unit), "on": on, "rows": rows,
               "flagged": sum(1 for r in rows if r["watch"] and r["watch"]["flag"])}  # fmt: skip
    return render(request, "recognition/register.html", context)


@login_required
def notices_page(request):
    if request.method == "POST":
        services.notices_read(actor=request.user)
        return redirect(reverse("recognition-notices"))
    return render(request, "recognition/notices.html", {"notices": selectors.notices_for(actor=request.user)})
