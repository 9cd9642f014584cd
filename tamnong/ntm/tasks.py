"""Background work of the NTM app: imports of commune data (run by core.jobs)."""

from celery import shared_task

from tamnong.core.jobs import services as jobs
from tamnong.ntm import import_jobs
from tamnong.ntm.models import ImportJob

# Files up to this size are checked and saved inside the request; larger ones go to a worker
# (which, without REDIS_URL, runs at once in the same process).
INLINE_MAX_BYTES = jobs.INLINE_MAX_BYTES


@shared_task(name="ntm.import_job_run")
def import_job_run_task(job_id: int) -> str:
    return import_jobs.import_job_run(job_id=job_id).status


def import_job_dispatch(job: ImportJob) -> None:
    """Run an import job now if its file is small, else in the background; when the broker cannot be
    reached, now if it is small enough, else the job fails at once with the reason."""
    jobs.job_dispatch(job, task=import_job_run_task, run=import_jobs.import_job_run, failure=import_jobs.job_failure,
                      inline_max=INLINE_MAX_BYTES)  # fmt: skip
