"""A work's status, from its dates, and the alerts of slow disbursement. Pure: no Django.

Statuses (docs/legal/glossary.md#investment-funds-and-works): ``planned`` (chuẩn bị đầu tư: not started),
``new`` (khởi công mới: started in the year of its plan), ``continuing`` (chuyển tiếp: started in an
earlier year and not finished), ``completed`` (hoàn thành). The status an officer records is the
work's status in its plan year and must agree with its dates; a roll-up over any span of dates
derives each work's status in that span from the dates alone (`status_between`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tamnong.resources.reference import LagRule

PLANNED, NEW, CONTINUING, COMPLETED = "planned", "new", "continuing", "completed"
STATUSES = (CONTINUING, NEW, COMPLETED, PLANNED)  # the order reports use
# How reports name each status (the interface shows these, Vietnamese first).
STATUS_NAMES = {
    PLANNED: ("chuẩn bị đầu tư", "planned"),
    NEW: ("khởi công mới", "new"),
    CONTINUING: ("chuyển tiếp", "continuing"),
    COMPLETED: ("hoàn thành", "completed"),
}
# The next statuses a work may take (a work carried over a new year turns from new to continuing).
TRANSITIONS = {
    PLANNED: (NEW, CONTINUING, COMPLETED),
    NEW: (CONTINUING, COMPLETED),
    CONTINUING: (COMPLETED,),
    COMPLETED: (),
}


@dataclass(frozen=True)
class Problem:
    field: str
    message_vi: str
    message_en: str


def dates_check(
    *, status: str, plan_year: int, started_on: dt.date | None, planned_end_on: dt.date | None,
    completed_on: dt.date | None,
) -> Problem | None:  # fmt: skip
    """The first disagreement between a work's status, plan year and dates, or None."""
    if status not in TRANSITIONS:
        return Problem("status", f"Trạng thái «{status}» không có.", f"No status “{status}”.")
    if started_on and completed_on and completed_on < started_on:
        return Problem(
            "completed_on",
            f"Ngày hoàn thành {completed_on:%d/%m/%Y} trước ngày khởi công {started_on:%d/%m/%Y}.",
            f"The completion date {completed_on:%d/%m/%Y} is before the start date {started_on:%d/%m/%Y}.",
        )
    if started_on and planned_end_on and planned_end_on < started_on:
        return Problem(
            "planned_end_on",
            f"Ngày dự kiến hoàn thành {planned_end_on:%d/%m/%Y} trước ngày khởi công {started_on:%d/%m/%Y}.",
            f"The planned end {planned_end_on:%d/%m/%Y} is before the start date {started_on:%d/%m/%Y}.",
        )
    if status == PLANNED:
        if started_on or completed_on:
            return Problem(
                "started_on",
                "Công trình chuẩn bị đầu tư chưa khởi công: để trống ngày khởi công và ngày hoàn thành.",
                "A planned work has not started: leave the start and completion dates empty.",
            )
        return None
    if started_on is None:
        return Problem("started_on", "Cần ngày khởi công.", "The start date is needed.")
    if status == COMPLETED:
        if completed_on is None:
            return Problem("completed_on", "Công trình hoàn thành cần ngày hoàn thành.", "A completed work needs its completion date.")  # fmt: skip
        return None
    if completed_on is not None:
        return Problem(
            "completed_on",
            "Công trình có ngày hoàn thành thì trạng thái là «hoàn thành».",
            "A work with a completion date is “completed”.",
        )
    if status == CONTINUING and started_on.year >= plan_year:
        return Problem(
            "status",
            f"Công trình chuyển tiếp phải khởi công trước năm kế hoạch {plan_year} (khởi công {started_on:%d/%m/%Y}); "
            "công trình khởi công trong năm là «khởi công mới».",
            f"A continuing work started before its plan year {plan_year} (it started {started_on:%d/%m/%Y}); "
            "one started in the year is “new”.",
        )
    if status == NEW and started_on.year != plan_year:
        return Problem(
            "status",
            f"Công trình khởi công mới phải khởi công trong năm kế hoạch {plan_year} (khởi công {started_on:%d/%m/%Y}).",
            f"A new work starts in its plan year {plan_year} (it started {started_on:%d/%m/%Y}).",
        )
    return None


def status_between(
    *, starts_on: dt.date, ends_on: dt.date, plan_year: int, started_on: dt.date | None,
    completed_on: dt.date | None,
) -> str | None:  # fmt: skip
    """A work's status in the span [starts_on, ends_on], from its dates; None when the work has no
    place in a report of that span (finished before it, or planned for other years).

    completed: completed within the span; continuing: started before 1 January of the year the span
    starts in and not completed before the span; new: started from that 1 January to the end of the
    span; planned: not started by the end of the span, in a plan of one of the span's years."""
    if completed_on is not None and completed_on < starts_on:
        return None
    if completed_on is not None and completed_on <= ends_on:
        return COMPLETED
    if started_on is not None and started_on <= ends_on:
        return CONTINUING if started_on < dt.date(starts_on.year, 1, 1) else NEW
    if starts_on.year <= plan_year <= ends_on.year:
        return PLANNED
    return None


def rate_pct(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, two decimals; None when the whole is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def expected_rate_pct(rule: LagRule, *, started_on: dt.date, planned_end_on: dt.date, on: dt.date) -> Decimal:
    """The disbursement rate the rule expects on a date: 0 % at the start, 100 % at the planned end,
    in a straight line between."""
    if on <= started_on:
        return Decimal(0)
    if on >= planned_end_on:
        return Decimal(100)
    share = Decimal((on - started_on).days) * 100 / Decimal((planned_end_on - started_on).days)
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Alert:
    kind: str  # "lagging" | "overdue"
    message_vi: str
    message_en: str
    expected_pct: Decimal | None = None
    actual_pct: Decimal | None = None


def _pct(value: Decimal, lang: str) -> str:
    text = f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP).normalize():f}"
    return (text.replace(".", ",") if lang == "vi" else text) + "%"


def work_alerts(
    rule: LagRule, *, on: dt.date, started_on: dt.date | None, planned_end_on: dt.date | None,
    completed_on: dt.date | None, budget_vnd: int, disbursed_vnd: int,
) -> list[Alert]:  # fmt: skip
    """What the rule flags on a date for a work under way: an overdue work (past its planned end,
    not completed), a disbursement rate below the expected rate by more than the tolerance."""
    if started_on is None or started_on > on or (completed_on is not None and completed_on <= on):
        return []
    alerts = []
    if rule.overdue_after_planned_end and planned_end_on is not None and planned_end_on < on:
        alerts.append(Alert(
            "overdue",
            f"Quá ngày dự kiến hoàn thành {planned_end_on:%d/%m/%Y} mà chưa hoàn thành (ngày {on:%d/%m/%Y}).",
            f"Past its planned end {planned_end_on:%d/%m/%Y} and not completed (on {on:%d/%m/%Y}).",
        ))  # fmt: skip
    actual = rate_pct(disbursed_vnd, budget_vnd)
    if planned_end_on is not None and actual is not None:
        expected = expected_rate_pct(rule, started_on=started_on, planned_end_on=planned_end_on, on=on)
        if actual < expected - rule.tolerance_pct:
            tolerance = f"{rule.tolerance_pct.normalize():f}"
            alerts.append(Alert(
                "lagging",
                f"Giải ngân {_pct(actual, 'vi')} thấp hơn mức dự kiến {_pct(expected, 'vi')} ngày {on:%d/%m/%Y} "
                f"(quy tắc của Tamnông, không phải quy định pháp luật: tăng đều từ ngày khởi công đến ngày dự kiến "
                f"hoàn thành, cho phép chậm {tolerance.replace('.', ',')} điểm phần trăm).",
                f"Disbursed {_pct(actual, 'en')}, below the {_pct(expected, 'en')} expected on {on:%d/%m/%Y} "
                f"(Tamnông's rule, not a legal one: a straight line from the start to the planned end, "
                f"{tolerance} percentage points of tolerance).",
                expected, actual,
            ))  # fmt: skip
    return alerts
