"""Imports too large for a request, run by a worker with their progress shown; one machinery for the NTM
commune data jobs (ntm.ImportJob) and the other lists (BackgroundImport: OCOP products, works).

A file up to INLINE_MAX_BYTES is checked and saved inside the request. A larger one is recorded as a
job and sent to the Celery worker through the broker (Redis). When the broker cannot be reached, a
file up to FALLBACK_MAX_BYTES is run in the request all the same (slower, but done), and a larger one
is marked failed at once with the reason, so nothing is left "queued". A job still queued after
STALE_AFTER (the worker never took it) is shown as failed, with that reason, the next time it is seen.
The bounds are Tamnông's own choice (gunicorn's 30 s request limit; see bench/bench_spreadsheet.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from tamnong.core import clock
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.imports import ImportReport, Problem, Progress, upload_content
from tamnong.core.jobs.models import BackgroundImport, JobStatus

logger = logging.getLogger(__name__)

INLINE_MAX_BYTES = 200_000
FALLBACK_MAX_BYTES = 1_000_000
STALE_AFTER = dt.timedelta(minutes=30)
BROKER_ERRORS = (BrokerError, OSError)

CRASH = (
    "lỗi hệ thống khi nhập số liệu; không có gì được lưu. Hãy báo cho quản trị hệ thống.",
    "a system error stopped the import; nothing was saved. Tell the system administrator.",
)
NO_WORKER = (
    "không liên lạc được với tiến trình chạy nền (hàng đợi Redis) nên tệp lớn này chưa được kiểm tra; không có "
    "gì được lưu. Hãy thử lại sau, chia tệp thành các tệp dưới "
    f"{FALLBACK_MAX_BYTES // 1000} KB, hoặc báo cho quản trị hệ thống.",
    "the background worker (the Redis queue) cannot be reached, so this large file was not checked; nothing was "
    f"saved. Try again later, split the file into files under {FALLBACK_MAX_BYTES // 1000} KB, or tell the "
    "system administrator.",
)
NEVER_STARTED = (
    f"tiến trình chạy nền không bắt đầu lần nhập này trong {STALE_AFTER.seconds // 60} phút; không có gì được "
    "lưu. Hãy tải tệp lên lần nữa hoặc báo cho quản trị hệ thống.",
    f"the background worker did not start this import within {STALE_AFTER.seconds // 60} minutes; nothing was "
    "saved. Upload the file again or tell the system administrator.",
)

Failure = Callable[[models.Model, tuple[str, str]], dict]  # (job, (reason_vi, reason_en)) -> the job's report


# --------------------------------------------------------------------------- any job model


def _progress_key(job_or_model, pk: int | None = None) -> str:
    model = job_or_model if pk is not None else type(job_or_model)
    return f"{model._meta.app_label}-import-job:{pk if pk is not None else job_or_model.pk}:progress"


def job_run(model, job_id: int, *, work: Callable[[models.Model, Progress], dict], failure: Failure):
    """Claim a queued job (a redelivered task finds it taken and does nothing), run `work` with a
    progress callback, and keep its report; a crash fails the job with a plain message."""
    claimed = model.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING, progress=1)
    job = model.objects.get(pk=job_id)
    if not claimed:
        return job
    key = _progress_key(model, job_id)

    def step(pct: int) -> None:
        # The row update is inside the import's transaction, invisible to other connections until the
        # end; the shared cache (Redis when deployed) lets the page see the progress meanwhile.
        try:
            cache.set(key, pct, 3600)
        except Exception:  # noqa: BLE001 - a cache outage must not stop the import
            logger.warning("import job %s: progress not cached", job_id)
        model.objects.filter(pk=job_id).update(progress=max(1, min(pct, 99)))

    try:
        report = work(job, step)
    except Exception:
        logger.exception("import job %s failed", job_id)
        report = failure(job, CRASH)
    job.report = report
    job.status = JobStatus.DONE if report["ok"] else JobStatus.FAILED
    job.progress = 100
    job.finished_at = clock.now()
    job.save(update_fields=["report", "status", "progress", "finished_at"])
    try:
        cache.delete(key)
    except Exception:  # noqa: BLE001
        pass
    return job


def job_fail(job, *, failure: Failure, reason: tuple[str, str]) -> bool:
    """Mark a job that never started as failed, with the reason; False if a worker took it meanwhile."""
    done = type(job).objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.FAILED, progress=100, finished_at=clock.now(), report=failure(job, reason)
    )
    job.refresh_from_db()
    return bool(done)


def job_dispatch(job, *, task, run: Callable[..., object], failure: Failure, inline_max: int | None = None,
                 fallback_max: int | None = None) -> None:  # fmt: skip
    """Run a job now if its file is small, else send it to the worker; when the broker cannot be
    reached, run it now if it is small enough, else fail it with the reason."""
    inline_max = INLINE_MAX_BYTES if inline_max is None else inline_max
    fallback_max = FALLBACK_MAX_BYTES if fallback_max is None else fallback_max
    size = job.file.size
    if size <= inline_max:
        run(job_id=job.pk)
        return
    try:
        task.delay(job.pk)
    except BROKER_ERRORS as exc:
        logger.warning("import job %s: the broker cannot be reached (%s)", job.pk, exc)
        if size <= fallback_max:
            run(job_id=job.pk)
        else:
            job_fail(job, failure=failure, reason=NO_WORKER)


def job_seen(job, *, failure: Failure):
    """The job as a page shows it: one still queued after STALE_AFTER is failed, with the reason."""
    if job.status == JobStatus.QUEUED and job.created_at < clock.now() - STALE_AFTER:
        job_fail(job, failure=failure, reason=NEVER_STARTED)
    return job


def job_progress(job) -> int:
    """How far a job is, in percent, as the worker last said."""
    if job.status in (JobStatus.DONE, JobStatus.FAILED):
        return 100
    try:
        cached = cache.get(_progress_key(job)) or 0
    except Exception:  # noqa: BLE001
        cached = 0
    return max(job.progress, min(cached, 99))


# --------------------------------------------------------------------------- the lists of the other apps


@dataclass(frozen=True)
class Kind:
    """A list an app imports: `run(job, content, progress)` checks the job's actor and unit and returns
    the report; `page` is the URL name of the app's import page."""

    code: str
    title_vi: str
    title_en: str
    page: str
    run: Callable[[BackgroundImport, bytes, Progress], ImportReport]


KINDS: dict[str, Kind] = {}


def kind_register(kind: Kind) -> None:
    KINDS[kind.code] = kind


def _failure(job, reason: tuple[str, str]) -> dict:
    return ImportReport(problems=[Problem(None, "", "", "", *reason)], dry_run=job.dry_run).as_dict()


def background_import_run(*, job_id: int) -> BackgroundImport:
    def work(job: BackgroundImport, progress: Progress) -> dict:
        with job.file.open("rb") as f:
            content = f.read()
        return KINDS[job.kind].run(job, content, progress).as_dict()

    return job_run(BackgroundImport, job_id, work=work, failure=_failure)


def background_import_dispatch(job: BackgroundImport) -> None:
    from tamnong.core.jobs.tasks import background_import_run_task

    job_dispatch(job, task=background_import_run_task, run=background_import_run, failure=_failure)


def import_upload(*, kind: str, actor, unit_key: str, request,
                  run: Callable[[bytes, bool], ImportReport]) -> ImportReport | BackgroundImport:  # fmt: skip
    """The file of an import form (its `file` and `dry_run` fields), bounded by the one reader's size
    limit. A small file: `run(content, dry_run)`'s report, at once. A larger one: a job, sent to the
    worker (its page shows the progress and the report)."""
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(_("Choose a file."), field="file")
    content, dry_run = upload_content(upload), bool(request.POST.get("dry_run"))
    if len(content) <= INLINE_MAX_BYTES:
        return run(content, dry_run)
    filename = upload.name
    job = BackgroundImport(kind=KINDS[kind].code, actor=actor, unit_key=unit_key, filename=filename[:255],
                           dry_run=dry_run)  # fmt: skip
    job.file.save(filename, ContentFile(content), save=False)
    job.save()
    background_import_dispatch(job)
    return job


def background_import_get(*, pk: int, actor) -> BackgroundImport:
    """A job its uploader (or an administrator) may see, as it stands now."""
    job = BackgroundImport.objects.filter(pk=pk).first()
    if job is None or actor is None or not actor.is_authenticated:
        raise NotFoundError(_("There is no import number %(pk)s."), {"pk": pk}, field="job")
    if job.actor_id != actor.pk and not actor.is_superuser:
        raise PermissionDeniedError(_("This import belongs to someone else."), field="job")
    return job_seen(job, failure=_failure)


def background_import_report(job: BackgroundImport) -> ImportReport | None:
    return ImportReport.from_dict(job.report) if job.report else None
