"""Numbers written the Vietnamese way (``14,9``; ``1.234,5``) and the English way; dates dd/mm/yyyy. Pure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

COMPARATOR_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
NEGATED_SYMBOLS = {">=": "<", ">": "≤", "<=": ">", "<": "≥", "==": "≠"}


def _plain_digits(x: float | int | Decimal) -> str:
    """Shortest exact decimal text, without exponent and without trailing zeros."""
    if isinstance(x, bool):
        raise TypeError("a boolean is not a number")
    d = Decimal(str(x)) if isinstance(x, float) else Decimal(x)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def _group(int_part: str, sep: str) -> str:
    sign = "-" if int_part.startswith("-") else ""
    digits = int_part.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + sep.join(groups)


def format_number(x: float | int | Decimal, lang: str = "vi") -> str:
    """``format_number(1234.5) == "1.234,5"``; ``format_number(1234.5, "en") == "1,234.5"``."""
    text = _plain_digits(x)
    int_part, _, frac = text.partition(".")
    if lang == "vi":
        thousands, decimal_sep = ".", ","
    else:
        thousands, decimal_sep = ",", "."
    out = _group(int_part, thousands)
    return f"{out}{decimal_sep}{frac}" if frac else out


def format_number_vi(x: float | int | Decimal) -> str:
    """Vietnamese number text: decimal comma, thousands dot."""
    return format_number(x, "vi")


def dmy(d: date) -> str:
    """A date as Vietnamese write it: ``31/12/2024``."""
    return d.strftime("%d/%m/%Y")
