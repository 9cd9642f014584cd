"""The Celery app. With REDIS_URL, tasks go to workers through Redis
(`celery -A config worker`); without it (the embedded set-up, the tests) they run eagerly,
in the process that sends them."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("tamnong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
