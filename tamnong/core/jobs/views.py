"""The page of a background import: its progress while it runs, then its report."""

from django.shortcuts import render

from tamnong.core.errors import NotFoundError, PermissionDeniedError
from tamnong.core.i18n import active_lang
from tamnong.core.jobs import services
from tamnong.core.jobs.models import JobStatus


def background_import_page(request, pk: int):
    try:
        job = services.background_import_get(pk=pk, actor=request.user)
    except NotFoundError as exc:
        return render(request, "ntm/import_forbidden.html", {"message": exc.message()}, status=404)
    except PermissionDeniedError as exc:
        return render(request, "ntm/import_forbidden.html", {"message": exc.message()}, status=403)
    kind = services.KINDS[job.kind]
    lang_en = active_lang() == "en"
    context = {
        "job": job,
        "title": kind.title_en if lang_en else kind.title_vi,
        "page": kind.page,
        "running": job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "progress": services.job_progress(job),
        "report": services.background_import_report(job),
        "lang_en": lang_en,
    }
    template = "jobs/background_import_status.html" if request.htmx else "jobs/background_import.html"
    return render(request, template, context)
