import pytest

from tamnong.rules import load_edition
from tamnong.rules.validation import check_value, measures, parse_value

EDITION = load_edition("ntm/commune-2021-2025")
M = measures(EDITION)


@pytest.mark.parametrize(
    ("text", "value"),
    [("76,5", 76.5), ("76.5", 76.5), ("80", 80), ("80%", 80), ("1.234,5", 1234.5), (" 62 ", 62), (82, 82), ("", None)],
)
def test_numbers_as_people_write_them(text, value):
    assert parse_value(M["3.1"], text) == value


@pytest.mark.parametrize(("text", "value"), [("có", True), ("Không", False), ("x", True), (True, True), ("", None)])
def test_yes_no_words(text, value):
    assert parse_value(M["8.1"], text) == value


@pytest.mark.parametrize("text", ["tám mươi", "7,6,5", "1.2.3", "abc"])
def test_not_a_number_is_refused_in_vietnamese(text):
    with pytest.raises(ValueError, match="không phải là số"):
        parse_value(M["3.1"], text)


def test_ranges_by_kind():
    assert check_value(M["3.1"], 100) is None
    assert check_value(M["3.1"], 100.5).reason_vi == "tỷ lệ phải từ 0 đến 100"
    assert check_value(M["3.1"], -1).reason_vi == "tỷ lệ phải từ 0 đến 100"
    assert check_value(M["3.2.score"], -5).reason_vi == "không được là số âm"
    assert check_value(M["8.1"], 1).reason_vi == "cần có hoặc không"


def test_measures_cover_every_tier_once():
    assert {"3.1", "3.2.items", "3.2.score", "8.1", "household_power_pct", "income_per_capita_mvnd"} <= set(M)
