"""Checks and parsing of indicator values as people type them ("76,5", "có"), before evaluation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tamnong.rules.model import Edition, FactValue, Indicator

_YES = {"có", "co", "yes", "true", "đạt", "dat", "x", "1"}
_NO = {"không", "khong", "no", "false", "chưa đạt", "chua dat", "0"}
_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+(,\d+)?$|^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class ValueProblem:
    reason_vi: str
    reason_en: str


def measures(edition: Edition) -> dict[str, Indicator]:
    """Every indicator code of the edition (one code is one measure across tiers), first tier first."""
    out: dict[str, Indicator] = {}
    for tier in edition.tiers:
        for criterion in tier.criteria:
            for indicator in criterion.indicators:
                out.setdefault(indicator.code, indicator)
    return out


def parse_value(indicator: Indicator, text: str | float | int | bool | None) -> FactValue | None:
    """A typed value from what a form or a spreadsheet cell holds; None for an empty cell.

    Numbers may be written the Vietnamese way ("76,5", "1.234,5") or the English way ("76.5").
    Raises ValueError with a Vietnamese message when the text is not a value of the indicator's kind.
    """
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if indicator.kind == "yes_no":
        if isinstance(text, bool):
            return text
        word = str(text).strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise ValueError(f"«{text}» không phải có/không")
    return parse_number(text)


def parse_number(text: str | float | int) -> int | float:
    """A number written the Vietnamese way ("76,5", "1.234,5") or the English way ("76.5");
    ValueError with a Vietnamese message otherwise."""
    if isinstance(text, bool):
        raise ValueError(f"«{text}» không phải là số")
    if isinstance(text, (int, float)):
        return text
    raw = str(text).strip().replace(" ", "").rstrip("%")
    if not _NUMBER.match(raw):
        raise ValueError(f"«{text}» không phải là số")
    if "," in raw or re.match(r"^-?\d{1,3}(\.\d{3})+$", raw):
        raw = raw.replace(".", "").replace(",", ".")
    number = float(raw)
    return int(number) if number.is_integer() and "." not in raw else number


def check_value(indicator: Indicator, value: FactValue) -> ValueProblem | None:
    """The range a value of this kind must lie in: percentages 0–100, counts whole and not negative."""
    if indicator.kind == "yes_no":
        return None if isinstance(value, bool) else ValueProblem("cần có hoặc không", "needs yes or no")
    if isinstance(value, bool):
        return ValueProblem("cần một số", "needs a number")
    if indicator.kind == "percent" and not 0 <= value <= 100:
        return ValueProblem("tỷ lệ phải từ 0 đến 100", "a percentage must be between 0 and 100")
    if indicator.kind == "count" and (value < 0 or int(value) != value):
        return ValueProblem("số đếm phải là số nguyên không âm", "a count must be a whole number, not negative")
    if value < 0:
        return ValueProblem("không được là số âm", "must not be negative")
    return None
