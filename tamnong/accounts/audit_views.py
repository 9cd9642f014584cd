"""The audit log's page for the offices: their territory's events, filtered by action, dates and user,
and the same as CSV. Read only: no page, API or admin changes or deletes an event."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tamnong.accounts import audit_log
from tamnong.core.downloads import table_download
from tamnong.core.errors import DomainError
from tamnong.core.fields import date_field
from tamnong.core.i18n import active_lang

PAGE = 200


def _filters(request) -> tuple[audit_log.LogFilters, list[str]]:
    errors = []
    dates = {}
    for name in ("date_from", "date_to"):
        try:
            dates[name] = date_field(request.GET.get(name, ""), name, required=False)
        except DomainError as exc:
            errors.append(exc.message())
            dates[name] = None
    if dates["date_from"] and dates["date_to"] and dates["date_from"] > dates["date_to"]:
        errors.append(_("The start date is after the end date."))
    filters = audit_log.LogFilters(
        action=request.GET.get("action", "").strip(), user=request.GET.get("user", "").strip(), **dates
    )
    return filters, errors


def _office_only(request) -> None:
    if not audit_log.holds_office(request.user):
        raise PermissionDenied(_("Only the coordination offices read the audit log."))


@require_safe
@login_required
def audit_log_page(request):
    _office_only(request)
    filters, errors = _filters(request)
    lang = active_lang()
    rows = audit_log.events(actor=request.user, filters=filters)
    context = {
        "rows": audit_log.rows_for_page(rows[:PAGE], lang), "total": rows.count(), "page_size": PAGE,
        "filters": filters, "errors": errors, "query": request.GET.urlencode(),
        "actions": [(code, audit_log.action_name(code, lang)) for code in audit_log.actions_seen(actor=request.user)],
    }  # fmt: skip
    return render(request, "accounts/audit_log.html", context, status=400 if errors else 200)


@require_safe
@login_required
def audit_log_csv(request):
    _office_only(request)
    filters, errors = _filters(request)
    if errors:
        return HttpResponse("; ".join(errors), status=400, content_type="text/plain; charset=utf-8")
    rows = audit_log.csv_rows(audit_log.events(actor=request.user, filters=filters).iterator(chunk_size=500))
    return table_download("csv", audit_log.CSV_HEADERS, rows, title="", filename="nhat-ky-thao-tac")
