"""Authoring criteria versions: the thresholds table of an edition, changes written back into its
YAML texts (comments and layout kept), the difference between two versions, and the checks an
office sees before a version takes effect.

The table has one row per tier and indicator that takes a numeric threshold, and one column per
place (region, or commune group) and year. A year's column holds the threshold in force on the
first day of that year (on the edition's first day for its first year). A change of a cell becomes
a dated entry of the indicator on that day, in the national files or, for a province, in its
overlay file `provinces/<code>.yaml`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

from tamnong.rules.errors import RulesDataError
from tamnong.rules.formatting import COMPARATOR_SYMBOLS, format_number
from tamnong.rules.in_force import in_force
from tamnong.rules.loader import PROVINCES_DIR, load_edition_texts
from tamnong.rules.model import Edition, Indicator, ValueEntry

# Kinds whose threshold is one number per place (yes/no and score bands are not authored in the table).
NUMERIC_KINDS = ("number", "percent", "count")

# Words of an indicator's name that say the measure is bad when high (a rate of poor households, of
# malnourished children…): its threshold is a ceiling, written with ≤ or <, never ≥ or >.
CEILING_WORDS = ("nghèo", "suy dinh dưỡng", "thấp còi", "ô nhiễm", "tử vong", "tai nạn", "vi phạm", "bỏ học")


@dataclass(frozen=True)
class Row:
    """One row of the thresholds table: an indicator of a tier."""

    tier: str
    criterion: str
    code: str
    name_vi: str
    name_en: str
    kind: str
    unit: str
    comparator: str
    file: str  # the criterion's file inside the edition folder

    @property
    def key(self) -> str:
        return f"{self.tier}/{self.code}"


@dataclass(frozen=True)
class Change:
    """New thresholds of one row from a year on, for every place, with their legal reference."""

    tier: str
    code: str
    year: int
    values: Mapping[str, int | float]  # place → threshold
    reference: str
    source: str | None = None


@dataclass(frozen=True)
class IndicatorSpec:
    """A new indicator of a criterion, as the decision states it; its thresholds start unknown and
    are filled in the table."""

    tier: str
    criterion: str
    code: str
    name_vi: str
    name_en: str
    kind: str
    unit: str
    comparator: str
    reference: str


@dataclass(frozen=True)
class DiffItem:
    tier: str
    code: str
    name_vi: str
    name_en: str
    place: str
    year: int
    old: str  # "" when unknown
    new: str


@dataclass(frozen=True)
class Finding:
    """What a check found: an error stops the version, a warning is shown to the reviewer."""

    severity: str  # "error" | "warning"
    where: str
    message_vi: str
    message_en: str


def years(edition: Edition) -> list[int]:
    """The years the table shows: from the edition's first year to the year it is superseded (or
    five years)."""
    last = edition.superseded_by.on.year if edition.superseded_by else edition.valid_from.year + 4
    return list(range(edition.valid_from.year, last + 1))


def year_start(edition: Edition, year: int) -> date:
    return max(date(year, 1, 1), edition.valid_from)


def rows(edition: Edition) -> list[Row]:
    out = []
    for tier in edition.tiers:
        for crit in tier.criteria:
            for ind in crit.indicators:
                if ind.kind in NUMERIC_KINDS and ind.comparator and ind.province_code is None:
                    out.append(
                        Row(tier.id, crit.number, ind.code, ind.name_vi, ind.name_en, ind.kind, ind.unit,
                            ind.comparator, crit.file)
                    )  # fmt: skip
    return out


def _indicator(edition: Edition, row: Row) -> Indicator:
    crit = next(c for c in edition.tier(row.tier).criteria if c.number == row.criterion)
    return next(i for i in crit.indicators if i.code == row.code)


def entry_at(edition: Edition, row: Row, on: date, place: str, province_code: str | None = None) -> ValueEntry | None:
    """The entry in force on a date for a place: the province's override if one in force gives that
    place a value, else the national one (as the engine resolves it)."""
    if province_code is not None:
        for overlay in edition.overlays:
            if overlay.province_code == province_code and (row.tier, row.code) in overlay.overrides:
                found = in_force(overlay.overrides[(row.tier, row.code)], on)
                if found is not None and (found[1].by_place is None or place in found[1].by_place):
                    return found[1]
    found = in_force(_indicator(edition, row).values, on)
    return found[1] if found else None


def threshold(entry: ValueEntry | None, place: str) -> int | float | None:
    """The number an entry gives a place; None when unknown (or not a plain number)."""
    if entry is None or entry.unknown:
        return None
    if entry.by_place is not None:
        return entry.by_place.get(place)
    return entry.value if isinstance(entry.value, int | float) and not isinstance(entry.value, bool) else None


def table(edition: Edition, province_code: str | None = None) -> dict[tuple[str, str, int], int | float | None]:
    """Every cell: (row key, place, year) → threshold in force on the year's first day."""
    cells = {}
    for row in rows(edition):
        for year in years(edition):
            for place in edition.places:
                entry = entry_at(edition, row, year_start(edition, year), place, province_code)
                cells[(row.key, place, year)] = threshold(entry, place)
    return cells


def diff(old: Edition, new: Edition, province_code: str | None = None, lang: str = "vi") -> list[DiffItem]:
    """Cells whose threshold differs between two versions, in table order."""
    before, after = table(old, province_code), table(new, province_code)
    names = {r.key: r for r in rows(new)}
    out = []
    for (key, place, year), value in after.items():
        was = before.get((key, place, year))
        if value != was:
            row = names[key]
            out.append(
                DiffItem(row.tier, row.code, row.name_vi, row.name_en, place, year,
                         "" if was is None else format_number(was, lang), "" if value is None else format_number(value, lang))
            )  # fmt: skip
    return out


# --------------------------------------------------------------------------- writing the texts


def _yaml() -> YAML:
    y = YAML()  # round trip: comments, key order and quoting are kept
    y.width = 4096
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _dump(data) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _entry_map(change: Change, place_key: str) -> CommentedMap:
    entry = CommentedMap()
    distinct = set(change.values.values())
    if len(distinct) == 1:
        entry["value"] = distinct.pop()
    else:
        by_place = CommentedMap()
        for place, value in change.values.items():
            by_place[place] = value
        by_place.fa.set_flow_style()
        entry[f"by_{place_key}"] = by_place
    entry["reference"] = Quoted(change.reference)  # texts in double quotes, as the repository writes them
    if change.source:
        entry["source"] = Quoted(change.source)
    return entry


def _set_dated(values: CommentedMap, on: date, entry: CommentedMap) -> None:
    """Put an entry at its date, keeping the dates in order (replacing one of the same date)."""
    existing = {(k if isinstance(k, date) else date.fromisoformat(str(k))): k for k in values}
    if on in existing:
        del values[existing[on]]
    position = sum(1 for d in existing if d < on)
    values.insert(position, on, entry)


def apply_changes(
    texts: Mapping[str, str],
    edition: Edition,
    changes: Sequence[Change],
    *,
    overlay: Mapping[str, object] | None = None,
) -> dict[str, str]:
    """The texts with each change written as a dated entry: into the criterion files of the national
    edition, or, when `overlay` gives a province (`province_code`, `schemes`, `name_vi`, `name_en`),
    into its overlay file, created if needed. The result is not validated: load it to check it."""
    out = dict(texts)
    by_key = {r.key: r for r in rows(edition)}
    y = _yaml()
    docs: dict[str, CommentedMap] = {}

    def doc(name: str) -> CommentedMap:
        if name not in docs:
            docs[name] = y.load(out[name]) if name in out else CommentedMap()
        return docs[name]

    for change in changes:
        row = by_key[f"{change.tier}/{change.code}"]
        on = year_start(edition, change.year)
        entry = _entry_map(change, edition.place_key)
        if overlay is None:
            indicator = doc(row.file)["indicators"][row.code]
            _set_dated(indicator["values"], on, entry)
            continue
        name = f"{PROVINCES_DIR}/{overlay['province_code']}.yaml"
        d = doc(name)
        if not d:
            d["province_code"] = Quoted(overlay["province_code"])
            d["schemes"] = [Quoted(s) for s in overlay["schemes"]]
            d["name_vi"] = Quoted(overlay["name_vi"])
            d["name_en"] = Quoted(overlay["name_en"])
            d["reference"] = Quoted(change.reference)
            d["tiers"] = CommentedMap()
        tier = d["tiers"].setdefault(row.tier, CommentedMap())
        override = tier.setdefault("override", CommentedMap())
        indicator = override.setdefault(row.code, CommentedMap())
        _set_dated(indicator.setdefault("values", CommentedMap()), on, entry)
    for name, data in docs.items():
        out[name] = _dump(data)
    return out


def add_indicator(texts: Mapping[str, str], edition: Edition, spec: IndicatorSpec) -> dict[str, str]:
    """The national texts with a new indicator in a criterion. A criterion assessed directly becomes
    assessed by its indicators (an office's direct assessment still takes precedence for a commune).
    The result is not validated: load it to check it."""
    crit = next((c for c in edition.tier(spec.tier).criteria if c.number == spec.criterion), None)
    if crit is None:
        raise RulesDataError(
            "",
            "",
            f"bậc {spec.tier} không có tiêu chí {spec.criterion}",
            f"tier {spec.tier} has no criterion {spec.criterion}",
        )
    out = dict(texts)
    data = _yaml().load(out[crit.file])
    if data["assessed"] == "direct":
        data["assessed"] = "indicators"
        for key in ("reason", "reason_en"):
            data.pop(key, None)
        data["indicators"] = CommentedMap()
    indicator = CommentedMap()
    indicator["name_vi"] = Quoted(spec.name_vi)
    indicator["name_en"] = Quoted(spec.name_en)
    indicator["code_status"] = "stated"
    indicator["kind"] = spec.kind
    indicator["unit"] = spec.unit
    if spec.kind != "score_band":
        indicator["comparator"] = Quoted(spec.comparator)
    first = CommentedMap()
    first["unknown"] = True
    first["reason"] = Quoted("Ngưỡng chưa được nhập vào phiên bản này.")
    first["reason_en"] = Quoted("The threshold has not been entered in this version yet.")
    first["reference"] = Quoted(spec.reference)
    indicator["values"] = CommentedMap([(edition.valid_from, first)])
    data["indicators"][Quoted(spec.code)] = indicator
    out[crit.file] = _dump(data)
    return out


def load(texts: Mapping[str, str]) -> tuple[Edition | None, list[Finding]]:
    """Load texts as the engine would; a schema error becomes a finding instead of an exception."""
    try:
        return load_edition_texts(texts), []
    except RulesDataError as e:
        return None, [Finding("error", f"{e.file} {e.path}".strip(), e.reason_vi, e.reason_en)]


# --------------------------------------------------------------------------- checks


_OFFICIAL_NUMBER = re.compile(r"^\d+(\.\d+)*[a-z]?$")


def _named(row: Row, lang: str) -> str:
    """ "3.1 «Tỷ lệ …»" for an official number; the name alone for Tamnông's own keys."""
    name = row.name_en if lang == "en" else row.name_vi
    quoted = f"“{name}”" if lang == "en" else f"«{name}»"
    return f"{row.code} {quoted}" if _OFFICIAL_NUMBER.match(row.code) else quoted


def checks(edition: Edition, province_code: str | None = None) -> list[Finding]:
    """What the loader's schema does not catch: a ceiling written as a floor, years left without a
    threshold between years that have one, and the coverage of what is still unknown."""
    found = []
    cells = table(edition, province_code)
    all_years = years(edition)
    unknown = 0
    for row in rows(edition):
        where = f"{row.tier}/{row.code}"
        if row.comparator in (">=", ">") and any(w in row.name_vi.lower() for w in CEILING_WORDS):
            found.append(Finding(
                "warning", where,
                f"Chỉ tiêu {_named(row, 'vi')} đo một điều xấu khi cao (mức trần) nhưng ghi phép so sánh "
                f"{COMPARATOR_SYMBOLS.get(row.comparator, row.comparator)}: kiểm tra lại chiều so sánh.",
                f"Indicator {_named(row, 'en')} measures something bad when high (a ceiling) but is written "
                f"with {COMPARATOR_SYMBOLS.get(row.comparator, row.comparator)}: check the direction.",
            ))  # fmt: skip
        first = min(_indicator(edition, row).values)
        if first > edition.valid_from:
            found.append(Finding(
                "warning", where,
                f"Chỉ tiêu {_named(row, 'vi')} không có giá trị nào từ {edition.valid_from:%d/%m/%Y} đến {first:%d/%m/%Y}: "
                "đánh giá trong khoảng đó sẽ báo chưa có ngưỡng hiệu lực.",
                f"Indicator {_named(row, 'en')} has no value from {edition.valid_from:%d/%m/%Y} to {first:%d/%m/%Y}: "
                "an evaluation in that period reports that no threshold is in force.",
            ))  # fmt: skip
        for place, label in edition.places.items():
            known = [cells[(row.key, place, y)] is not None for y in all_years]
            unknown += known.count(False)
            for i, year in enumerate(all_years):
                if not known[i] and any(known[:i]) and any(known[i + 1 :]):
                    found.append(Finding(
                        "warning", f"{where} {place} {year}",
                        f"Chỉ tiêu {_named(row, 'vi')}, {label.name_vi}: năm {year} chưa có ngưỡng trong khi năm trước và năm sau đã có.",
                        f"Indicator {_named(row, 'en')}, {label.name_en}: {year} has no threshold while years before and after do.",
                    ))  # fmt: skip
    total = len(cells)
    if unknown:
        found.append(Finding(
            "warning", "coverage",
            f"Còn {unknown}/{total} ô ngưỡng chưa biết: các chỉ tiêu đó chưa đánh giá được.",
            f"{unknown} of {total} threshold cells are still unknown: those indicators cannot be assessed yet.",
        ))  # fmt: skip
    return found
