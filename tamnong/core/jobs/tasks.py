"""The worker's task of the background imports."""

from celery import shared_task

from tamnong.core.jobs import services


@shared_task(name="jobs.background_import_run")
def background_import_run_task(job_id: int) -> str:
    return services.background_import_run(job_id=job_id).status
