"""Background work of the orders app. The outbox's task lives in tamnong.core.outbox (the core app has
no tasks module of its own); importing it here lets Celery's autodiscovery register it on workers."""

from tamnong.core.outbox import email_send_task

__all__ = ["email_send_task"]
