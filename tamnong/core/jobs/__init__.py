"""Background imports: a large upload is checked and saved by a Celery worker, with its progress on a
page, and a job the worker never started is never left waiting (tamnong.core.jobs.services)."""
