"""Working days: Monday to Friday minus the public holidays, from the holiday calendar in data
(`data/calendar/holidays.yaml`, each holiday with its legal source).

Pure. A year is *covered* when the calendar holds its holidays decided year by year (the Lunar New
Year, the Hùng Kings' day, the day next to National Day, the compensatory days). Over an uncovered
year a count knows only the weekends and the fixed holidays: the result says so (`uncovered`, and a
sentence in both languages), since the true working day can only fall later, never earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from tamnong.rules.loader.calendar import HolidayCalendar, load_calendar
from tamnong.rules.loader.dated import in_period

__all__ = ["WorkingDay", "add_working_days", "holiday_calendar", "is_working_day", "year_covered"]


@dataclass(frozen=True)
class WorkingDay:
    """The day `days` working days after `start`, and the years of the count the calendar does not
    cover (then the day is the earliest it can be: it may be later)."""

    on: date
    start: date
    days: int
    uncovered: tuple[int, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.uncovered

    @property
    def caveat_vi(self) -> str:
        if self.complete:
            return ""
        years = ", ".join(str(y) for y in self.uncovered)
        return (
            f"Lịch ngày nghỉ chưa có các ngày nghỉ quyết định hằng năm (Tết Âm lịch, Giỗ Tổ Hùng Vương, nghỉ bù…) "
            f"của năm {years}: hạn có thể muộn hơn {self.on:%d/%m/%Y}."
        )

    @property
    def caveat_en(self) -> str:
        if self.complete:
            return ""
        years = ", ".join(str(y) for y in self.uncovered)
        return (
            f"The holiday calendar does not hold the holidays decided each year (Lunar New Year, Hùng Kings' day, "
            f"compensatory days…) of {years}: the deadline may be later than {self.on:%d/%m/%Y}."
        )


@cache
def holiday_calendar() -> HolidayCalendar:
    return load_calendar()


def _rest_weekdays(day: date, cal: HolidayCalendar) -> frozenset[int] | None:
    for rest in cal.weekly_rest:
        if in_period(rest.valid_from, rest.valid_until, day):
            return rest.weekdays
    return None


def _fixed_holiday(day: date, cal: HolidayCalendar) -> bool:
    for fixed in cal.fixed:
        if in_period(fixed.valid_from, fixed.valid_until, day):
            return any((h.month, h.day) == (day.month, day.day) for h in fixed.days)
    return False


def _yearly_days(year: int, cal: HolidayCalendar) -> frozenset[date] | None:
    """The days off decided for a year, or None when the calendar does not hold that year."""
    for yearly in cal.decided_yearly:
        if in_period(yearly.valid_from, yearly.valid_until, date(year, 1, 1)) and year in yearly.years:
            return frozenset(h.on for h in yearly.years[year])
    return None


def year_covered(year: int, cal: HolidayCalendar | None = None) -> bool:
    """Whether the calendar holds every day off of `year` (its weekly rest, fixed and yearly holidays)."""
    cal = cal or holiday_calendar()
    first, last = date(year, 1, 1), date(year, 12, 31)
    return (
        _rest_weekdays(first, cal) is not None
        and _rest_weekdays(last, cal) is not None
        and any(in_period(f.valid_from, f.valid_until, first) for f in cal.fixed)
        and _yearly_days(year, cal) is not None
    )


def is_working_day(day: date, cal: HolidayCalendar | None = None) -> bool:
    """Monday to Friday and no holiday the calendar knows (over an uncovered year: see `year_covered`)."""
    cal = cal or holiday_calendar()
    rest = _rest_weekdays(day, cal)
    if rest is None:  # outside the calendar's periods (the year is uncovered): the nearest period's rest days
        rest = (cal.weekly_rest[0] if day < cal.weekly_rest[0].valid_from else cal.weekly_rest[-1]).weekdays
    return day.weekday() not in rest and not _fixed_holiday(day, cal) and day not in (_yearly_days(day.year, cal) or ())


def add_working_days(start: date, days: int, cal: HolidayCalendar | None = None) -> WorkingDay:
    """The day `days` working days after `start` (the start itself not counted): 15 working days from
    a Monday without holidays is the Monday three weeks later."""
    if days < 0:
        raise ValueError("days must not be negative")
    cal = cal or holiday_calendar()
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, cal):
            counted += 1
    uncovered = tuple(y for y in range(start.year, day.year + 1) if not year_covered(y, cal))
    return WorkingDay(day, start, days, uncovered)
