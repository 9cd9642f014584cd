"""Background work of the NTM app: imports of commune data."""

from celery import shared_task

from tamnong.ntm import imports
from tamnong.ntm.models import ImportJob

# Files up to this size are checked and saved inside the request; larger ones go to a worker
# (which, without REDIS_URL, runs at once in the same process).
INLINE_MAX_BYTES = 200_000


@shared_task(name="ntm.import_job_run")
def import_job_run_task(job_id: int) -> str:
    return imports.import_job_run(job_id=job_id).status


def import_job_dispatch(job: ImportJob) -> None:
    """Run an import job now if its file is small, else in the background."""
    if job.file.size <= INLINE_MAX_BYTES:
        imports.import_job_run(job_id=job.pk)
    else:
        import_job_run_task.delay(job.pk)
