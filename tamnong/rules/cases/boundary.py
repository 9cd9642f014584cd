"""Boundary cases of a criteria version: for each threshold it changes (a cell of the thresholds
table: indicator, place, year), a commune exactly at the new threshold, just above and just below,
each with the status the comparison gives and the threshold the engine must use.

"Just" is one unit of the next decimal the thresholds are written with (45 → 44,9 and 45,1;
80,5 → 80,49 and 80,51; a count: one less and one more), so the step is always smaller than the
change and at least one case tells the new threshold from the old. A value a measure cannot take (a
percentage above 100 or below 0, a negative count) is left out. Yes/no and score-band indicators
are not authored in the table, so a version cannot change them.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Any

from tamnong.rules import authoring
from tamnong.rules.evaluate import meets
from tamnong.rules.formatting import COMPARATOR_SYMBOLS, format_number
from tamnong.rules.model import Edition, Unit

NATIONAL_PROVINCE = "01"  # a province for a national version's cases (any without an overlay of its own)


def _decimals(x: int | float) -> int:
    exponent = Decimal(str(x)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _possible(kind: str, value: Decimal) -> bool:
    if kind == "percent":
        return Decimal(0) <= value <= Decimal(100)
    if kind == "count":
        return value >= 0
    return True


def _place(new: Edition, province_code: str | None) -> dict[str, str]:
    """The province (and list of units) of the cases: the version's province, or for a national
    version one whose communes no overlay covers."""
    if province_code is not None:
        overlay = next((o for o in new.overlays if o.province_code == province_code), None)
        scheme = overlay.schemes[0] if overlay else "2008-2025"
        return {"province": province_code, "scheme": scheme}
    covered = {(o.province_code, s) for o in new.overlays for s in o.schemes}
    for n in range(int(NATIONAL_PROVINCE), 100):
        code = f"{n:02d}"
        if (code, "2008-2025") not in covered:
            return {"province": code, "scheme": "2008-2025"}
    return {"province": NATIONAL_PROVINCE, "scheme": "2008-2025"}  # pragma: no cover - every code overlaid


def _amount(x: Decimal, unit: Unit | None, lang: str) -> str:
    """ "84,9%", "44,9 triệu đồng/người/năm": the number with its unit, as the explanations write it."""
    text = format_number(_number(x), lang)
    if unit is None:
        return text
    word = unit.label_en if lang == "en" else unit.label_vi
    return f"{text}{word}" if unit.joined else f"{text} {word}".rstrip()


def boundary_cases(
    old: Edition, new: Edition, province_code: str | None = None, places: Collection[str] | None = None
) -> list[dict[str, Any]]:
    """The cases (plain data, as a case file writes them) of every threshold `new` changes from
    `old`, for the national texts or, with `province_code`, that province's overlay; only in
    `places` when given (a province's own regions or groups)."""
    before = authoring.table(old, province_code)
    after = authoring.table(new, province_code)
    rows = {r.key: r for r in authoring.rows(new)}
    where = _place(new, province_code)
    out: list[dict[str, Any]] = []
    for (key, place, year), value in after.items():
        was = before.get((key, place, year))
        if value is None or value == was or (places is not None and place not in places):
            continue
        row = rows[key]
        label = new.places[place]
        on = authoring.year_start(new, year)
        decimals = max(_decimals(value), _decimals(was) if was is not None else 0)
        step = Decimal(1) if row.kind == "count" and decimals == 0 else Decimal(1).scaleb(-(decimals + 1))
        at = Decimal(str(value))
        sign = COMPARATOR_SYMBOLS.get(row.comparator, row.comparator)
        unit = new.units.get(row.unit)
        for what_vi, what_en, fact in (
            ("đúng ngưỡng", "at the threshold", at),
            ("vừa trên ngưỡng", "just above the threshold", at + step),
            ("vừa dưới ngưỡng", "just below the threshold", at - step),
        ):
            if not _possible(row.kind, fact):
                continue
            status = "met" if meets(float(fact), row.comparator, float(at)) else "not_met"
            words = {"met": ("đạt", "met"), "not_met": ("chưa đạt", "not met")}[status]
            out.append({
                "edition": new.id,
                "name": (f"{authoring._named(row, 'en')}, {label.name_en}, {on:%d/%m/%Y}: {_amount(fact, unit, 'en')} is "
                         f"{what_en} {sign} {_amount(at, unit, 'en')}, {words[1]}"),
                "name_vi": (f"{authoring._named(row, 'vi')}, {label.name_vi}, {on:%d/%m/%Y}: {_amount(fact, unit, 'vi')} "
                            f"{what_vi} {sign} {_amount(at, unit, 'vi')}, {words[0]}"),
                "on": on.isoformat(),
                "place": {**where, new.place_key: place},
                "facts": {row.code: _number(fact)},
                "expect": {key: status, "threshold": {key: _number(at)}},
            })  # fmt: skip
    return out
