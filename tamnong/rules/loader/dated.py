"""The dated entries every parameter file shares with the criteria editions: a period (`from`, and
`until` when it ended), the citation (`reference`, optional `source`, `note` and `basis`) and
`unknown: true` with `reason` / `reason_en`; checked with the file/path/reason of ``_Ctx``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tamnong.rules.loader.schema import _Ctx, _date, _opt_text, _text

BASES = ("sourced", "inferred", "tamnong")
PERIOD_KEYS = frozenset({"from", "until"})
CITATION_KEYS = frozenset({"reference", "source", "note", "basis"})


@dataclass(frozen=True)
class Citation:
    """Where a value comes from: the legal text (`reference`), where it was read (`source`) and
    whether it is sourced, inferred from sourced facts, or Tamnông's own choice (`basis`)."""

    reference: str
    source: str | None = None
    note: str | None = None
    basis: str = "sourced"


def _citation(d: dict[str, Any], ctx: _Ctx) -> Citation:
    if "reference" not in d:
        raise ctx.fail("thiếu khóa bắt buộc 'reference'", "missing required key 'reference'")
    basis = d.get("basis", "sourced")
    if basis not in BASES:
        raise ctx.at("basis").fail(f"phải là một trong: {', '.join(BASES)}", f"must be one of: {', '.join(BASES)}")
    return Citation(
        _text(d["reference"], ctx.at("reference")), _opt_text(d, "source", ctx), _opt_text(d, "note", ctx), basis
    )


def _period(d: dict[str, Any], ctx: _Ctx) -> tuple[date, date | None]:
    if "from" not in d:
        raise ctx.fail("thiếu khóa bắt buộc 'from'", "missing required key 'from'")
    start = _date(d["from"], ctx.at("from"))
    end = _date(d["until"], ctx.at("until")) if d.get("until") is not None else None
    if end is not None and end < start:
        raise ctx.at("until").fail("'until' phải không trước 'from'", "'until' must not be before 'from'")
    return start, end


def _no_overlap(periods: Sequence[tuple[date, date | None]], ctx: _Ctx) -> None:
    """Periods in date order that do not overlap (only the last may be open)."""
    for i in range(1, len(periods)):
        (_, prev_end), (start, _) = periods[i - 1], periods[i]
        if prev_end is None or start <= prev_end:
            raise (
                ctx.at(i)
                .at("from")
                .fail(
                    "các giai đoạn phải theo thứ tự ngày và không chồng lên nhau",
                    "periods must be in date order and must not overlap",
                )
            )


def _unknown(d: dict[str, Any], ctx: _Ctx) -> tuple[str, str]:
    """`unknown: true` with its `reason` / `reason_en`."""
    if d.get("unknown") is not True:
        raise ctx.at("unknown").fail("chỉ được ghi 'unknown: true'", "must be 'unknown: true'")
    for k in ("reason", "reason_en"):
        if k not in d:
            raise ctx.fail(f"'unknown: true' cần '{k}'", f"'unknown: true' needs '{k}'")
    return _text(d["reason"], ctx.at("reason")), _text(d["reason_en"], ctx.at("reason_en"))


def _whole(obj: Any, ctx: _Ctx, minimum: int = 0) -> int:
    if isinstance(obj, bool) or not isinstance(obj, int) or obj < minimum:
        raise ctx.fail(
            f"phải là số nguyên từ {minimum} trở lên, không phải {obj!r}",
            f"must be a whole number of at least {minimum}, not {obj!r}",
        )
    return obj


def _list(obj: Any, ctx: _Ctx, *, empty: bool = True) -> list[Any]:
    if not isinstance(obj, list) or (not empty and not obj):
        raise ctx.fail(
            "phải là một danh sách" + ("" if empty else " không rỗng"),
            "must be a " + ("" if empty else "non-empty ") + "list",
        )
    return obj


def in_period(start: date, end: date | None, on: date) -> bool:
    return start <= on and (end is None or on <= end)
