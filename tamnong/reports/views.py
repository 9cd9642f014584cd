"""Report pages and downloads. Public: they show aggregated, published figures only.

`on` defaults to the last day of the previous month: district reports are written "as of the end
of month M" once the month is over, so the latest complete month is the report an officer expects.
The view chooses it explicitly (and redirects to the dated address); domain code never guesses a
date.
"""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tamnong import rules
from tamnong.core import clock
from tamnong.core.dates import end_of_previous_month, parse_date
from tamnong.core.errors import NotFoundError
from tamnong.core.i18n import active_lang, bilingual
from tamnong.ntm.rollups import ntm_summary
from tamnong.places.selectors import unit_get
from tamnong.reports.ntm import ntm_report_content, ntm_report_filename, ntm_report_pdf, ntm_report_xlsx

DOWNLOADS = {
    "xlsx": (ntm_report_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (ntm_report_pdf, "application/pdf"),
}


def ntm_report(request, scheme: str, code: str):
    """The NTM report of a unit as of `on` (YYYY-MM-DD or dd/mm/yyyy): the page, or with
    `format=xlsx` / `format=pdf` the file."""
    lang = active_lang()
    on_text = request.GET.get("on", "").strip()
    if not on_text:
        query = request.GET.copy()
        query["on"] = end_of_previous_month(clock.today()).isoformat()
        return redirect(f"{request.path}?{urlencode(query)}")
    on = parse_date(on_text)
    if on is None:
        message = _(
            "Date “%(text)s” is not valid: write it as yyyy-mm-dd or dd/mm/yyyy, e.g. 2024-03-31 or 31/03/2024."
        )
        return _error(request, message % {"text": on_text}, 400)
    fmt = request.GET.get("format", "html")
    if fmt != "html" and fmt not in DOWNLOADS:
        return _error(request, _("Unknown format “%(format)s”: use xlsx or pdf.") % {"format": fmt}, 400)
    try:
        unit = unit_get(scheme=scheme, code=code)
    except NotFoundError as exc:
        return _error(request, exc.message(), 404)
    try:
        summary = ntm_summary(unit=unit, on=on)
    except rules.RulesError as exc:
        return _error(request, bilingual(exc.message_vi, exc.message_en), 400)
    if fmt in DOWNLOADS:
        build, content_type = DOWNLOADS[fmt]
        response = HttpResponse(build(summary, lang=lang), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{ntm_report_filename(summary, fmt, lang=lang)}"'
        return response
    context = {"report": ntm_report_content(summary, lang=lang), "on_iso": on.isoformat()}
    return render(request, "reports/ntm_report_page.html", context)


def _error(request, message: str, status: int):
    return render(request, "reports/error.html", {"message": message}, status=status)
