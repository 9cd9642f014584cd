"""Checks and parsing of indicator values as people type them ("76,5", "có"), before evaluation."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from tamnong.rules.errors import InputError
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


def parse_decimal(text: str | float | int | Decimal) -> Decimal:
    """The one reader of numbers people type or spreadsheets hold, exactly. Vietnamese: "1.500" (1500:
    a dot groups thousands), "1,5", "1.234,5", "1 500", "76,5%" (the percentage, 76.5); English:
    "1.5", "1234.5"; a minus sign (-3 or −3); a number cell as it is (1500.0 is 1500). Raises
    InputError (a ValueError) with a Vietnamese and an English reason otherwise: two decimal marks,
    letters, an exponent, an empty text, yes/no."""
    if isinstance(text, bool):
        raise _not_a_number(text)
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise _not_a_number(text)
        return Decimal(repr(text))
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise _not_a_number(text)
        return text
    raw = str(text).strip().replace("\u2212", "-")
    raw = re.sub(r"[ \u00a0\u202f]", "", raw.removesuffix("%"))
    if not _NUMBER.match(raw):
        raise _not_a_number(text)
    if "," in raw or re.match(r"^-?\d{1,3}(\.\d{3})+$", raw):
        raw = raw.replace(".", "").replace(",", ".")
    return Decimal(raw)


def parse_number(text: str | float | int | Decimal) -> int | float:
    """`parse_decimal` as a Python number: an int when nothing is written after a decimal mark
    ("1.500", 1500.0), else a float ("1,5", "1,0")."""
    number = parse_decimal(text)
    if isinstance(text, float) and text.is_integer():
        return int(text)
    return int(number) if number.as_tuple().exponent >= 0 else float(number)


def _not_a_number(text) -> InputError:
    return InputError(
        f"«{text}» không phải là số (viết ví dụ 1.500, 1,5 hoặc 76,5%)",
        f"“{text}” is not a number (write e.g. 1.500, 1,5 or 76,5%)",
        field="number",
    )


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
