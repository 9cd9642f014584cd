"""``calendar/holidays.yaml``: the weekly rest days, the fixed public holidays and the holidays decided
year by year (each entered year with its decision), by period; every break a RulesDataError naming
the file, the path inside it and the reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tamnong.rules.loader.dated import CITATION_KEYS, Citation, _citation, _list, _no_overlap, _period, _unknown, _whole
from tamnong.rules.loader.reading import parse_yaml, read_yaml
from tamnong.rules.loader.schema import _Ctx, _date, _mapping, _text

HOLIDAYS_FILE = "calendar/holidays.yaml"
HOLIDAYS_PATH = Path(__file__).parents[1] / "data" / "calendar" / "holidays.yaml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CITED = CITATION_KEYS - {"reference"}


@dataclass(frozen=True)
class Holiday:
    on: date
    name_vi: str
    name_en: str
    reference: str


@dataclass(frozen=True)
class FixedHoliday:
    month: int
    day: int
    name_vi: str
    name_en: str
    reference: str


@dataclass(frozen=True)
class Rest:
    valid_from: date
    valid_until: date | None
    weekdays: frozenset[int]  # date.weekday() numbers
    cited: Citation


@dataclass(frozen=True)
class Fixed:
    valid_from: date
    valid_until: date | None
    days: tuple[FixedHoliday, ...]
    cited: Citation


@dataclass(frozen=True)
class Yearly:
    valid_from: date
    valid_until: date | None
    holidays: tuple[tuple[str, str], ...]  # what is decided each year (name_vi, name_en)
    years: dict[int, tuple[Holiday, ...]]  # the years entered, with every day off they give
    cited: Citation
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class HolidayCalendar:
    weekly_rest: tuple[Rest, ...]
    fixed: tuple[Fixed, ...]
    decided_yearly: tuple[Yearly, ...]


def _periods(raw: Any, ctx: _Ctx, read) -> tuple:
    items = tuple(read(item, ctx.at(i)) for i, item in enumerate(_list(raw, ctx, empty=False)))
    _no_overlap([(x.valid_from, x.valid_until) for x in items], ctx)
    return items


def _rest(raw: Any, ctx: _Ctx) -> Rest:
    d = _mapping(raw, ctx, {"from", "days", "reference"}, {"until", *_CITED})
    start, end = _period(d, ctx)
    days = set()
    for i, day in enumerate(_list(d["days"], ctx.at("days"))):
        if day not in WEEKDAYS:
            raise (
                ctx.at("days")
                .at(i)
                .fail(f"phải là một trong: {', '.join(WEEKDAYS)}", f"must be one of: {', '.join(WEEKDAYS)}")
            )
        days.add(WEEKDAYS.index(day))
    return Rest(start, end, frozenset(days), _citation(d, ctx))


def _fixed(raw: Any, ctx: _Ctx) -> Fixed:
    d = _mapping(raw, ctx, {"from", "days", "reference"}, {"until", *_CITED})
    start, end = _period(d, ctx)
    days = []
    for i, item in enumerate(_list(d["days"], ctx.at("days"), empty=False)):
        c = ctx.at("days").at(i)
        h = _mapping(item, c, {"month", "day", "name_vi", "name_en", "reference"})
        month, day = _whole(h["month"], c.at("month"), 1), _whole(h["day"], c.at("day"), 1)
        if month > 12 or day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            raise c.fail(f"không có ngày {day}/{month}", f"no day {day}/{month}")
        days.append(FixedHoliday(month, day, _text(h["name_vi"], c.at("name_vi")), _text(h["name_en"], c.at("name_en")),
                                 _text(h["reference"], c.at("reference"))))  # fmt: skip
    return Fixed(start, end, tuple(days), _citation(d, ctx))


def _yearly(raw: Any, ctx: _Ctx) -> Yearly:
    d = _mapping(
        raw, ctx, {"from", "holidays", "years", "reference"}, {"until", "unknown", "reason", "reason_en", *_CITED}
    )
    start, end = _period(d, ctx)
    names = []
    for i, item in enumerate(_list(d["holidays"], ctx.at("holidays"), empty=False)):
        c = ctx.at("holidays").at(i)
        h = _mapping(item, c, {"name_vi", "name_en"})
        names.append((_text(h["name_vi"], c.at("name_vi")), _text(h["name_en"], c.at("name_en"))))
    years: dict[int, tuple[Holiday, ...]] = {}
    for i, item in enumerate(_list(d["years"], ctx.at("years"))):
        c = ctx.at("years").at(i)
        y = _mapping(item, c, {"year", "reference", "days"}, {"source", "note"})
        year = _whole(y["year"], c.at("year"), start.year)
        if year in years:
            raise c.at("year").fail(f"năm {year} bị trùng", f"year {year} appears twice")
        reference = _citation(y, c).reference
        days = []
        for j, day in enumerate(_list(y["days"], c.at("days"), empty=False)):
            dc = c.at("days").at(j)
            h = _mapping(day, dc, {"on", "name_vi", "name_en"})
            on = _date(h["on"], dc.at("on"))
            if on.year != year:
                raise dc.at("on").fail(f"ngày không thuộc năm {year}", f"the day is not in {year}")
            days.append(
                Holiday(on, _text(h["name_vi"], dc.at("name_vi")), _text(h["name_en"], dc.at("name_en")), reference)
            )
        years[year] = tuple(days)
    if not years and "unknown" not in d:
        raise ctx.fail(
            "chưa nhập năm nào: cần 'unknown: true' và lý do", "no year entered: needs 'unknown: true' and a reason"
        )
    reason_vi, reason_en = _unknown(d, ctx) if "unknown" in d else ("", "")
    return Yearly(start, end, tuple(names), years, _citation(d, ctx), reason_vi, reason_en)


def calendar_from_text(text: str, name: str = HOLIDAYS_FILE) -> HolidayCalendar:
    """Read a holiday calendar from its YAML text (`name` is how errors name the file)."""
    return _calendar(parse_yaml(text, name), _Ctx(name))


def load_calendar(path: Path | None = None) -> HolidayCalendar:
    name = HOLIDAYS_FILE if path is None else path.name
    return _calendar(read_yaml(path or HOLIDAYS_PATH, name), _Ctx(name))


def _calendar(raw: Any, ctx: _Ctx) -> HolidayCalendar:
    d = _mapping(raw, ctx, {"weekly_rest", "fixed", "decided_yearly"})
    return HolidayCalendar(
        _periods(d["weekly_rest"], ctx.at("weekly_rest"), _rest),
        _periods(d["fixed"], ctx.at("fixed"), _fixed),
        _periods(d["decided_yearly"], ctx.at("decided_yearly"), _yearly),
    )
