"""Dates as users type them: 31/03/2024 (as Vietnamese officers write it) or 2024-03-31 (ISO)."""

import datetime as dt


def parse_date(text: str | None) -> dt.date | None:
    """The date written, or None when the text is empty or not a date."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


def end_of_previous_month(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)
