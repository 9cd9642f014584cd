"""The value in force on a date: the only way the engine reads a dated parameter."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from typing import TypeVar

T = TypeVar("T")


def in_force(values: Mapping[date, T], on: date) -> tuple[date, T] | None:
    """Return ``(effective_date, entry)`` of the latest entry dated on or before ``on``.

    ``None`` when every entry is dated after ``on``. The caller decides what that means
    (usually a :class:`~tamnong.rules.errors.NotInForce`).
    """
    dates = sorted(values)
    i = bisect_right(dates, on)
    if i == 0:
        return None
    effective = dates[i - 1]
    return effective, values[effective]


def change_dates(*series: Mapping[date, object]) -> list[date]:
    """All dates at which any of the given dated series changes, ascending."""
    out: set[date] = set()
    for s in series:
        out.update(s)
    return sorted(out)
