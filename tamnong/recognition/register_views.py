"""The offices' pages of the recognition register: the decisions of one's territory (filters, CSV and
XLSX), a form recording one decision with the commune picked by name, and the import of a workbook
of decisions (template, check, all or nothing). Views parse input and call tamnong.recognition.register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tamnong.core.downloads import XLSX, table_download
from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.core.i18n import active_lang
from tamnong.ntm.models import Tier
from tamnong.recognition import forms, register


def _filters(request) -> tuple[dict, list[str]]:
    errors = []
    tier = request.GET.get("tier", "")
    if tier and tier not in Tier.values:
        errors.append(_("No such tier."))
        tier = ""
    year = request.GET.get("year", "").strip()
    if year and not (year.isdigit() and len(year) == 4):
        errors.append(_("The year is written with four digits, e.g. 2024."))
        year = ""
    unit = None
    if key := request.GET.get("unit", "").strip():
        try:
            unit = register.unit_pick(actor=request.user, text=key)
        except DomainError as exc:
            errors.append(exc.message())
    return {"tier": tier, "year": int(year) if year else None, "unit": unit}, errors


@login_required
def decisions_page(request):
    filters, errors = _filters(request)
    rows = register.register_rows(actor=request.user, **filters)
    context = {
        "rows": rows[:500], "total": rows.count(), "errors": errors, "tiers": Tier.choices, "filters": filters,
        "query": request.GET.urlencode(), "may_record": register.may_record(request.user),
        "unit_text": request.GET.get("unit", "").strip(),
    }  # fmt: skip
    return render(request, "recognition/decisions.html", context, status=400 if errors else 200)


@login_required
def decisions_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404(fmt)
    filters, errors = _filters(request)
    if errors:
        return HttpResponse("; ".join(errors), status=400, content_type="text/plain; charset=utf-8")
    rows = register.export_rows(register.register_rows(actor=request.user, **filters))
    return table_download(fmt, register.EXPORT_HEADERS, rows, title="Sổ công nhận", filename="so-cong-nhan-ntm")


def _require_recorder(request) -> None:
    if not register.may_record(request.user):
        raise PermissionDenied(_("Only the provincial office records recognition decisions in the register."))


@login_required
def communes_suggest(request):
    """The communes of one's territory matching what is typed, as options of the form's list."""
    _require_recorder(request)
    text = request.GET.get("commune", "").strip()
    found = register.commune_candidates(actor=request.user, text=text)[:20] if len(text) >= 2 else []
    return render(request, "recognition/_commune_options.html", {"communes": found})


@login_required
def decision_new(request):
    _require_recorder(request)
    errors, status, candidates = [], 200, []
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            form = forms.DecisionForm(request.POST)
            posted = form.parsed()
            commune = register.commune_pick(actor=request.user, text=form.commune_text(), on=posted["decision_date"])
            recognition = register.recognition_register_add(
                actor=request.user,
                decision=register.DecisionInput(
                    commune=commune, tier=posted["tier"], decision_number=posted["decision_number"],
                    decision_date=posted["decision_date"], revoked_on=posted["revoked_on"],
                    revocation_decision=posted["revocation_decision"],
                ),
            )  # fmt: skip
            messages.success(
                request,
                _("Recorded: %(commune)s, decision %(number)s of %(date)s.")
                % {"commune": recognition.commune.title, "number": recognition.decision_number,
                   "date": recognition.decision_date.strftime("%d/%m/%Y")},
            )  # fmt: skip
            return redirect("recognition-decisions")
        except register.CommuneAmbiguous as exc:
            errors.append(exc.message())
            candidates = exc.candidates
            status = 400
        except DomainError as exc:
            errors.append(exc.message())
            status = 403 if isinstance(exc, PermissionDeniedError) else 400
    context = {
        "errors": errors, "data": data, "tiers": Tier.choices, "candidates": candidates,
        "candidate_labels": [(f"{u.scheme}:{u.code}", register.commune_label(u)) for u in candidates],
    }  # fmt: skip
    return render(request, "recognition/decision_form.html", context, status=status)


@login_required
def decisions_import(request):
    _require_recorder(request)
    report, status = None, 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            return render(request, "recognition/decisions_import.html",
                          {"missing_file": True, "lang": active_lang()}, status=400)  # fmt: skip
        report = register.recognitions_import(
            content=upload.read(), actor=request.user, dry_run=request.POST.get("dry_run") == "1"
        )
        status = 200 if report.ok else 400
    return render(request, "recognition/decisions_import.html", {"report": report, "lang": active_lang()},
                  status=status)  # fmt: skip


@login_required
def decisions_import_template(request):
    _require_recorder(request)
    response = HttpResponse(register.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-quyet-dinh-cong-nhan.xlsx"'
    return response
