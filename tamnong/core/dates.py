"""Dates as users type them: 31/03/2024 (as Vietnamese officers write it) or 2024-03-31 (ISO), and
Excel date cells. The one date reader of forms and imports."""

import datetime as dt


def parse_date(text: str | dt.date | None) -> dt.date | None:
    """The date written (or held by an Excel date cell), or None when it is empty or not a date."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str):
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def end_of_previous_month(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)
