"""The page of a background import: its progress while it runs, then its report."""

from urllib.parse import quote

from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import pgettext

from tamnong.core.errors import NotFoundError, PermissionDeniedError
from tamnong.core.i18n import active_lang
from tamnong.core.jobs import services
from tamnong.core.jobs.models import JobStatus


def background_import_page(request, pk: int):
    try:
        job = services.background_import_get(pk=pk, actor=request.user)
    except NotFoundError as exc:
        return render(request, "imports/forbidden.html", {"message": exc.message()}, status=404)
    except PermissionDeniedError as exc:
        return render(request, "imports/forbidden.html", {"message": exc.message()}, status=403)
    kind = services.KINDS[job.kind]
    lang_en = active_lang() == "en"
    context = {
        "job": job,
        "title": kind.title_en if lang_en else kind.title_vi,
        "back_url": f"{reverse(kind.page)}?unit={quote(job.unit_key)}",
        "status_url": reverse("background-import", args=[job.pk]),
        "facts": [
            (pgettext("import", "Unit"), job.unit_key, ""),
            (pgettext("import job", "created at"), date_format(localtime(job.created_at), "d/m/Y H:i"), ""),
        ],
        "running": job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "progress": services.job_progress(job),
        "report": services.background_import_report(job),
        "lang_en": lang_en,
    }
    template = "imports/_job_status.html" if request.htmx else "imports/job.html"
    return render(request, template, context)
