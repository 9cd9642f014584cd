"""Pages of the commune data import: choose a unit, a date and a criteria set; download the XLSX or
CSV template; upload it; follow the job and read its report."""

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from tamnong import rules
from tamnong.accounts import authority
from tamnong.accounts.selectors import actor_roles
from tamnong.core import clock
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.i18n import active_lang, bilingual
from tamnong.core.imports import LIMITS
from tamnong.criteria.editions import edition_get, edition_in_force, edition_list
from tamnong.ntm import import_jobs, import_templates, imports, tasks
from tamnong.ntm.models import ImportStatus
from tamnong.places.selectors import unit_full_name, unit_get_by_key

MAX_UPLOAD_BYTES = LIMITS.file_bytes


def _forbidden(request, exc: DomainError):
    return render(request, "imports/forbidden.html", {"message": exc.message()}, status=403)


def _in_force_id(on: dt.date | None) -> str:
    """The id of the set in force on the date (today without one): what the form proposes."""
    try:
        return edition_in_force(on or clock.today()).id
    except rules.NotInForce:
        return edition_list()[0].id


def _not_in_force(edition: rules.Edition, on: dt.date) -> str:
    """Why a set is not the one for the date ("" when it is): the data of a date follow the set in force on it."""
    try:
        in_force = edition_in_force(on)
    except rules.NotInForce as exc:
        return bilingual(exc.message_vi, exc.message_en)
    if in_force.id == edition.id:
        return ""
    if active_lang() == "en":
        return (f"“{edition.name_en}” does not apply on {on:%d/%m/%Y}; on that date “{in_force.name_en}” applies "
                f"({in_force.legal_basis}, in force from {in_force.valid_from:%d/%m/%Y}): choose it.")  # fmt: skip
    return (f"«{edition.name_vi}» không áp dụng ngày {on:%d/%m/%Y}; ngày này áp dụng «{in_force.name_vi}» "
            f"({in_force.legal_basis}, hiệu lực từ {in_force.valid_from:%d/%m/%Y}): hãy chọn bộ này.")  # fmt: skip


def _choice(request, data) -> tuple[dict, list[str]]:
    """The unit, date and criteria set chosen in the form, and what is wrong with them."""
    editions = edition_list()
    choice = {
        "unit_text": (data.get("unit") or "").strip(),
        "on_text": (data.get("on") or "").strip(),
        "edition_id": data.get("edition") or "",
        "editions": editions,
    }
    errors = []
    if not choice["unit_text"]:
        errors.append(gettext("Choose a unit by its key, e.g. 2020:153."))
    else:
        try:
            choice["unit"] = unit_get_by_key(choice["unit_text"])
        except DomainError as exc:
            errors.append(exc.message())
    on = parse_date(choice["on_text"]) if choice["on_text"] else None
    if on is None:
        errors.append(
            gettext("Date “%(text)s” is not valid: write it as dd/mm/yyyy, e.g. 31/12/2024.")
            % {"text": choice["on_text"]}
        )
    choice["on"] = on
    choice["edition_id"] = choice["edition_id"] or _in_force_id(on)
    try:
        choice["edition"] = edition_get(choice["edition_id"])
    except DomainError as exc:
        errors.append(exc.message())
    else:
        if on is not None and (problem := _not_in_force(choice["edition"], on)):
            errors.append(problem)
    return choice, errors


def _page(request, choice: dict, errors: list[str], status: int = 200):
    default_unit = next(
        (r.unit.key for r in actor_roles(request.user) if r.unit_id
         and authority.may(request.user, import_jobs.IMPORT, unit=r.unit, on=authority.records_on(r.unit))),
        "",
    )  # fmt: skip
    context = {
        **choice,
        "unit_text": choice.get("unit_text") or default_unit,
        "unit_name": unit_full_name(choice["unit"]) if choice.get("unit") else "",
        "errors": errors,
        "jobs": import_jobs.import_job_list(actor=request.user),
        "lang_en": active_lang() == "en",
    }
    return render(request, "ntm/import.html", context, status=status)


def _may_import_something(actor) -> None:
    if actor is None or not actor.is_authenticated:
        raise PermissionDeniedError(_("Log in to import data."))
    if not authority.may_somewhere(actor, import_jobs.IMPORT):
        raise PermissionDeniedError(_("This account may not import data for any unit."))


@require_http_methods(["GET", "POST"])
def import_start(request):
    """The form: GET shows it, POST uploads a file and starts the job."""
    try:
        _may_import_something(request.user)
    except PermissionDeniedError as exc:
        return _forbidden(request, exc)
    if request.method == "GET":
        # by default today, and the set in force on the date written (which the template and upload follow)
        choice = {
            "unit_text": request.GET.get("unit", ""),
            "on_text": request.GET.get("on", "") or f"{clock.today():%d/%m/%Y}",
            "edition_id": request.GET.get("edition", ""),
            "editions": edition_list(),
        }
        if choice["unit_text"]:
            try:
                choice["unit"] = unit_get_by_key(choice["unit_text"])
                import_jobs.import_permission_check(
                    actor=request.user, unit=choice["unit"], on=parse_date(choice["on_text"]) if choice["on_text"] else None
                )
            except PermissionDeniedError as exc:
                return _forbidden(request, exc)
            except DomainError as exc:
                return _page(request, choice, [exc.message()], status=400)
        return _page(request, choice, [])
    choice, errors = _choice(request, request.POST)
    upload = request.FILES.get("file")
    if upload is None:
        errors.append(gettext("Choose the file to upload."))
    elif upload.size > MAX_UPLOAD_BYTES:
        errors.append(gettext("The file is larger than 20 MB."))
    if errors:
        return _page(request, choice, errors, status=400)
    try:
        job = import_jobs.import_job_create(
            actor=request.user,
            unit=choice["unit"],
            edition_id=choice["edition"].id,
            on=choice["on"],
            filename=upload.name,
            content=upload.read(),
            dry_run=bool(request.POST.get("dry_run")),
        )
    except PermissionDeniedError as exc:
        return _forbidden(request, exc)
    tasks.import_job_dispatch(job)
    return redirect("ntm-import-job", pk=job.pk)


def import_template(request, fmt: str):
    """The XLSX or CSV template of the chosen unit, date and criteria set."""
    if fmt not in ("xlsx", "csv"):
        raise Http404(fmt)
    try:
        _may_import_something(request.user)
    except PermissionDeniedError as exc:
        return _forbidden(request, exc)
    choice, errors = _choice(request, request.GET)
    if errors:
        return _page(request, choice, errors, status=400)
    try:
        import_jobs.import_permission_check(actor=request.user, unit=choice["unit"], on=choice["on"])
    except PermissionDeniedError as exc:
        return _forbidden(request, exc)
    args = {"unit": choice["unit"], "edition_id": choice["edition"].id, "on": choice["on"], "lang": active_lang()}
    if fmt == "xlsx":
        content, content_type = import_templates.template_xlsx(**args), imports.XLSX_CONTENT_TYPE
    else:
        content, content_type = import_templates.template_csv(**args), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    name = import_templates.template_filename(unit=choice["unit"], on=choice["on"], extension=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _job_context(request, pk: int) -> dict:
    job = import_jobs.import_job_get(pk=pk, actor=request.user)
    return {
        "job": job,
        "unit_name": unit_full_name(job.unit),
        "title": gettext("Import commune data"),
        "back_url": reverse("ntm-import"),
        "status_url": reverse("ntm-import-job", args=[job.pk]),
        "apply_url": reverse("ntm-import-job-apply", args=[job.pk]),
        "by_record": True,
        "facts": [(pgettext("import", "Unit"), unit_full_name(job.unit), job.unit.key),
                  (pgettext("import", "Date"), f"{job.on:%d/%m/%Y}", ""),
                  (pgettext("import", "Criteria set"), job.edition_id, "")],
        "running": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "progress": import_jobs.import_job_progress(job),
        "report": import_jobs.report_display(job.report, active_lang()),
        "lang_en": active_lang() == "en",
    }


def import_job(request, pk: int):
    try:
        context = _job_context(request, pk)
    except NotFoundError as exc:
        return render(request, "imports/forbidden.html", {"message": exc.message()}, status=404)
    except PermissionDeniedError as exc:
        return _forbidden(request, exc)
    template = "imports/_job_status.html" if request.htmx else "imports/job.html"
    return render(request, template, context)


@require_POST
def import_job_apply(request, pk: int):
    """Save for real a dry run that found no error."""
    try:
        dry = import_jobs.import_job_get(pk=pk, actor=request.user)
        job = import_jobs.import_job_apply(job=dry, actor=request.user)
    except NotFoundError as exc:
        return render(request, "imports/forbidden.html", {"message": exc.message()}, status=404)
    except PermissionDeniedError as exc:
        return _forbidden(request, exc)
    except DomainError as exc:
        return render(request, "imports/forbidden.html", {"message": exc.message()}, status=400)
    tasks.import_job_dispatch(job)
    return redirect("ntm-import-job", pk=job.pk)
