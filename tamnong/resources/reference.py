"""The reference data of resources and works, read from tamnong/resources/data/ (YAML only): the kinds of
works with the criterion each serves per criteria edition, the funding sources, and the rule that
flags slow disbursement. Pure: the standard library and PyYAML."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class CriterionLink:
    """The criterion a kind of works serves in one edition, or why that is not known."""

    edition_id: str
    number: str | None  # None: unknown
    basis: str  # "assigned" (Tamnông's classification by the criterion's name) or "unknown"
    file: str = ""  # the criterion's file in tamnong/rules/data/<edition>/
    reason_vi: str = ""
    reason_en: str = ""

    @property
    def known(self) -> bool:
        return self.number is not None


@dataclass(frozen=True)
class WorkType:
    code: str
    name_vi: str
    name_en: str
    counted_vi: str
    counted_en: tuple[str, str]
    unit: str
    unit_vi: str
    unit_en: str
    criteria: dict[str, CriterionLink]
    note: str = ""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi

    def unit_label(self, lang: str) -> str:
        return self.unit_en if lang == "en" else self.unit_vi

    def criterion(self, edition_id: str) -> CriterionLink:
        """The criterion this kind of works serves in an edition (an unknown link for an edition not listed)."""
        if edition_id in self.criteria:
            return self.criteria[edition_id]
        return CriterionLink(
            edition_id, None, "unknown",
            reason_vi=f"Chưa xác định loại công trình này phục vụ tiêu chí nào của bộ tiêu chí {edition_id}.",
            reason_en=f"Which criterion of {edition_id} this kind of works serves is not recorded.",
        )  # fmt: skip


@dataclass(frozen=True)
class FundingSource:
    code: str
    name_vi: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi


@dataclass(frozen=True)
class LagRule:
    id: str
    name_vi: str
    name_en: str
    expected: str  # "linear"
    tolerance_pct: Decimal
    overdue_after_planned_end: bool


class ReferenceDataError(ValueError):
    """The reference data are malformed (raised at load time, naming the file and the entry)."""


def _read(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def work_types() -> dict[str, WorkType]:
    """The kinds of works, by code, in the order reports list them."""
    data = _read("work_types.yaml")
    editions = data["editions"]
    units = data["units"]
    out: dict[str, WorkType] = {}
    for entry in data["types"]:
        code = entry["code"]
        if code in out:
            raise ReferenceDataError(f"work_types.yaml: the code {code} appears twice")
        if entry["unit"] not in units:
            raise ReferenceDataError(f"work_types.yaml: {code}: unknown unit {entry['unit']}")
        links = {}
        for edition_id, meta in editions.items():
            given = (entry.get("criteria") or {}).get(edition_id)
            if given is not None:
                if set(given) - {"number", "basis", "file"} or not str(given.get("number", "")).strip():
                    raise ReferenceDataError(f"work_types.yaml: {code}: {edition_id}: needs number, basis, file only")
                links[edition_id] = CriterionLink(edition_id, str(given["number"]), given["basis"], given["file"])
            elif "unknown_reason_vi" in meta:
                links[edition_id] = CriterionLink(
                    edition_id, None, "unknown",
                    reason_vi=" ".join(meta["unknown_reason_vi"].split()),
                    reason_en=" ".join(meta["unknown_reason_en"].split()),
                )  # fmt: skip
            else:
                raise ReferenceDataError(f"work_types.yaml: {code}: no criterion for {edition_id} and no reason why")
        out[code] = WorkType(
            code=code, name_vi=entry["name_vi"], name_en=entry["name_en"], counted_vi=entry["counted_vi"],
            counted_en=tuple(entry["counted_en"]), unit=entry["unit"], unit_vi=units[entry["unit"]]["label_vi"],
            unit_en=units[entry["unit"]]["label_en"], criteria=links, note=entry.get("note", ""),
        )  # fmt: skip
    return out


def work_type_get(code: str) -> WorkType | None:
    return work_types().get(code)


@cache
def funding_sources() -> dict[str, FundingSource]:
    return {e["code"]: FundingSource(e["code"], e["name_vi"], e["name_en"]) for e in _read("sources.yaml")}


@cache
def lag_rule() -> LagRule:
    data = _read("lag_rule.yaml")
    if data["expected"] != "linear":
        raise ReferenceDataError(f"lag_rule.yaml: only the linear rule is implemented, not {data['expected']}")
    return LagRule(
        id=data["id"], name_vi=data["name_vi"], name_en=data["name_en"], expected=data["expected"],
        tolerance_pct=Decimal(str(data["tolerance_pct"])), overdue_after_planned_end=bool(data["overdue_after_planned_end"]),
    )  # fmt: skip
