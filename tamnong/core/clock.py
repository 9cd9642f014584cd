"""The one clock: what "now" and "today" are for Tamnông.

Nothing else reads the system date (ruff's banned-api rule enforces it). Tests move this clock with
time-machine; the demo places its present-tense records relative to `today()`.
"""

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """This instant, aware, in UTC."""
    return timezone.now()  # noqa: TID251 — the one place that reads the system clock


def today() -> dt.date:
    """Today's date in Vietnam (the site's time zone)."""
    return local_date(now())


def local_date(instant: dt.datetime) -> dt.date:
    """The date an instant falls on in Vietnam."""
    return timezone.localdate(instant)  # noqa: TID251
