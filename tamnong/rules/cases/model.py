"""A legal case, what a run of it found, and how both read in Vietnamese and English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tamnong.rules.authority import LEVEL_NAMES, ROLE_NAMES
from tamnong.rules.explain import STATUS_EN, STATUS_VI
from tamnong.rules.formatting import format_number

# What OCOP's functions answer, in words (the codes never reach a reader).
OCOP_WORDS = {
    "recognise": ("công nhận", "recognises"),
    "forward": ("chuyển lên cấp trên", "forwards to the next level"),
    "not_certified": ("không đủ điểm chứng nhận", "not certified"),
    "precheck": ("sơ loại và đề xuất lên cấp trên", "pre-checks and proposes to the next level"),
    "below_authority": ("dưới số sao cấp này công nhận", "below the stars this level recognises"),
    "valid": ("còn hiệu lực", "valid"),
    "expiring": ("sắp hết hạn", "expiring"),
    "expired": ("hết hạn", "expired"),
    "revoked": ("đã thu hồi", "revoked"),
    "superseded": ("đã được thay bằng kết quả đánh giá lại", "superseded by a re-evaluation"),
    "not_in_force": (
        "không có quy định nào có hiệu lực cho việc này vào ngày này",
        "nothing in force for this on that date",
    ),
}


@dataclass(frozen=True)
class Case:
    """One case: where it comes from (`source`, `index`), its names and its plain data."""

    source: str  # "ntm/commune-2021-2025/c03.yaml", or how a stored set is named
    index: int
    name: str
    name_vi: str
    data: Mapping[str, Any]
    edition_id: str | None = None  # for a case of an NTM edition
    overlay_dir: str | None = None  # where its `overlays` are read from

    def title(self, lang: str = "vi") -> str:
        return self.name if lang == "en" or not self.name_vi else self.name_vi


@dataclass(frozen=True)
class Mismatch:
    """One expectation the run did not meet: what was checked, what the case expected, what came out."""

    what_vi: str
    what_en: str
    expected_vi: str
    expected_en: str
    got_vi: str
    got_en: str

    def lines(self, lang: str = "vi") -> list[str]:
        if lang == "en":
            return [f"{self.what_en}:", f"  expected: {self.expected_en}", f"  came out: {self.got_en}"]
        return [f"{self.what_vi}:", f"  cần: {self.expected_vi}", f"  kết quả: {self.got_vi}"]


@dataclass(frozen=True)
class Outcome:
    case: Case
    mismatches: tuple[Mismatch, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return not self.mismatches

    def lines(self, lang: str = "vi") -> list[str]:
        """ "✓ name" for a passing case; "✗ name" and each mismatch, indented, for a failing one."""
        head = f"{'✓' if self.passed else '✗'} {self.case.title(lang)}"
        out = [head]
        for m in self.mismatches:
            out.extend(f"    {line}" for line in m.lines(lang))
        return out

    def message(self, lang: str = "vi") -> str:
        return "\n".join([f"{self.case.source} #{self.case.index + 1}", *self.lines(lang)])


def show(value: Any, lang: str = "vi") -> str:
    """A value as a reader writes it: statuses and OCOP answers in words, 14,9, dd/mm/yyyy, có/không."""
    en = lang == "en"
    if value is None:
        return "none" if en else "không có"
    if isinstance(value, bool):
        return ("yes" if value else "no") if en else ("có" if value else "không")
    if isinstance(value, int | float | Decimal):
        return format_number(value, lang)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, list | tuple):
        return ", ".join(show(v, lang) for v in value) if value else ("none" if en else "không có")
    if isinstance(value, str):
        words = STATUS_EN if en else STATUS_VI
        if value in words:
            return words[value]
        for table in (OCOP_WORDS, ROLE_NAMES, LEVEL_NAMES):
            if value in table:
                return table[value][1 if en else 0]
    return str(value)
