"""Working days are Monday to Friday minus the public holidays of the calendar in data; a count over a
year whose yearly holidays (Tết, Hùng Kings' day, compensatory days) are not entered says so."""

from datetime import date

import pytest

from tamnong.rules.errors import RulesDataError
from tamnong.rules.loader.calendar import HOLIDAYS_PATH, calendar_from_text, load_calendar
from tamnong.rules.working_days import add_working_days, is_working_day, year_covered

TEXT = HOLIDAYS_PATH.read_text(encoding="utf-8")

# A calendar with the year 2030 entered (a test year: invented days, to exercise a covered year).
COVERED = calendar_from_text(
    TEXT.replace(
        "    years: []\n",
        "    years:\n"
        "      - year: 2030\n"
        '        reference: "test"\n'
        "        days:\n"
        '          - {on: 2030-02-04, name_vi: "Tết", name_en: "Tết"}\n'
        '          - {on: 2030-02-05, name_vi: "Tết", name_en: "Tết"}\n',
    )
)


def test_weekends_and_fixed_holidays_are_not_working_days():
    assert is_working_day(date(2024, 4, 1))  # a Monday
    assert not is_working_day(date(2024, 4, 6)) and not is_working_day(date(2024, 4, 7))  # Saturday, Sunday
    for holiday in (date(2024, 1, 1), date(2024, 4, 30), date(2024, 5, 1), date(2024, 9, 2)):
        assert holiday.weekday() < 5 and not is_working_day(holiday)  # Labour Code 2019, art. 112


def test_fifteen_working_days_skip_weekends_and_holidays():
    assert add_working_days(date(2024, 4, 1), 15).on == date(2024, 4, 22)  # three weeks of weekdays
    # From Friday 26/04/2024: 29/04 is a working day, 30/04 and 01/05 are holidays.
    assert add_working_days(date(2024, 4, 26), 2).on == date(2024, 5, 2)
    assert add_working_days(date(2024, 4, 5), 0).on == date(2024, 4, 5)
    with pytest.raises(ValueError):
        add_working_days(date(2024, 4, 5), -1)


def test_a_year_without_its_yearly_holidays_is_uncovered_and_the_count_says_so():
    counted = add_working_days(date(2024, 12, 20), 15)
    assert counted.uncovered == (2024, 2025) and not counted.complete
    assert "2024, 2025" in counted.caveat_vi and "muộn hơn" in counted.caveat_vi and "later" in counted.caveat_en
    assert not year_covered(2026)
    before = add_working_days(date(2020, 12, 1), 5)  # before the Labour Code 2019: not covered either
    assert before.uncovered == (2020,)


def test_a_covered_year_counts_its_yearly_holidays_and_is_complete():
    assert year_covered(2030, COVERED) and not year_covered(2029, COVERED)
    counted = add_working_days(date(2030, 2, 1), 1, COVERED)  # Friday; Mon 04 and Tue 05 are Tết
    assert counted.on == date(2030, 2, 6) and counted.complete and counted.caveat_vi == ""
    assert add_working_days(date(2030, 2, 1), 1).on == date(2030, 2, 4)  # the shipped calendar lacks 2030


def test_the_shipped_calendar_cites_each_holiday():
    calendar = load_calendar()
    assert all("Điều 112" in h.reference for f in calendar.fixed for h in f.days)
    assert "45/2019/QH14" in calendar.fixed[0].cited.reference
    assert calendar.weekly_rest[0].cited.basis == "sourced" and "188/1999/QĐ-TTg" in calendar.weekly_rest[0].cited.reference
    assert calendar.decided_yearly[0].years == {} and "chưa năm nào" in calendar.decided_yearly[0].reason_vi


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("{month: 4, day: 30,", "{month: 4, day: 31,", "fixed.0.days.1", "không có ngày 31/4"),
        ("days: [saturday, sunday]", "days: [saturday, sunnday]", "weekly_rest.0.days.1", "phải là một trong"),
        ("    years: []\n    unknown: true\n", "    years: []\n", "decided_yearly.0", "cần 'unknown: true'"),
        ("    years: []\n", "    years:\n      - {year: 2030, reference: x, days: [{on: 2031-01-02, name_vi: a, name_en: b}]}\n",
         "decided_yearly.0.years.0.days.0.on", "không thuộc năm 2030"),
    ],
)  # fmt: skip
def test_a_malformed_calendar_names_the_file_the_path_and_the_reason(old, new, path, words):
    assert old in TEXT
    with pytest.raises(RulesDataError) as info:
        calendar_from_text(TEXT.replace(old, new, 1))
    assert (info.value.file, info.value.path) == ("calendar/holidays.yaml", path) and words in info.value.reason_vi
