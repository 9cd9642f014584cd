"""Frozen results of an evaluation, with the trace of every parameter used."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tamnong.rules.model import Assessment, FactValue, Place

# Indicator statuses
MET = "met"
NOT_MET = "not_met"
MISSING = "missing"  # no value given
NOT_APPLICABLE = "not_applicable"  # e.g. a province-only indicator not yet in force
UNKNOWN = "unknown"  # threshold not sourced: cannot assess
# Criterion statuses: MET, NOT_MET, INCOMPLETE
INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class ParameterUsed:
    """One threshold read during the evaluation: where it came from and which rule."""

    tier: str
    criterion: str
    indicator: str
    origin: str  # "national" | "province" | "derived"
    effective: date
    reference: str
    source: str | None
    place_used: str | None  # region / commune group whose value was used
    comparator: str | None
    threshold: FactValue | None
    band: tuple[float, float] | None
    unknown: bool
    derived_from: ParameterUsed | None = None
    factor: float | None = None


@dataclass(frozen=True)
class IndicatorResult:
    tier: str
    criterion: str
    code: str
    name_vi: str
    name_en: str
    kind: str
    unit: str
    value: FactValue | None
    comparator: str | None
    threshold: FactValue | None
    band: tuple[float, float] | None
    effective: date | None
    reference: str | None
    origin: str | None
    place_used: str | None
    status: str
    explanation_vi: str
    explanation_en: str
    province_only: bool = False


@dataclass(frozen=True)
class CriterionResult:
    tier: str
    number: str
    name_vi: str
    name_en: str
    group: str | None
    status: str  # met | not_met | incomplete
    basis: str  # "indicators" | "direct_assessment" | "needs_direct_assessment"
    assessment: Assessment | None
    indicators: tuple[IndicatorResult, ...]
    explanation_vi: str
    explanation_en: str


@dataclass(frozen=True)
class TierResult:
    id: str
    name_vi: str
    name_en: str
    criteria: tuple[CriterionResult, ...]
    criteria_met: int
    criteria_total: int
    indicators_met: int
    indicators_applicable: int
    lower_reached: bool
    reached: bool
    place_used: str
    special_rules_applied: tuple[str, ...]
    explanation_vi: str
    explanation_en: str

    def criterion(self, number: str) -> CriterionResult:
        for c in self.criteria:
            if c.number == number:
                return c
        raise KeyError(number)

    def indicator(self, code: str) -> IndicatorResult:
        for c in self.criteria:
            for i in c.indicators:
                if i.code == code:
                    return i
        raise KeyError(code)


@dataclass(frozen=True)
class Gap:
    """What is still needed to reach the next tier."""

    tier: str
    criterion: str
    indicator: str | None  # None: the criterion as a whole
    status: str
    need_vi: str
    need_en: str


@dataclass(frozen=True)
class Trace:
    edition_id: str
    content_hash: str
    overlay_province: str | None
    overlay_hash: str | None
    resolution_hash: str
    special_rules_applied: tuple[str, ...]
    parameters: tuple[ParameterUsed, ...]


@dataclass(frozen=True)
class Evaluation:
    edition_id: str
    on: date
    place: Place
    tiers: tuple[TierResult, ...]
    tier_reached: str | None
    next_tier: str | None
    gaps: tuple[Gap, ...]
    notes_vi: tuple[str, ...]
    notes_en: tuple[str, ...]
    trace: Trace

    def tier(self, tier_id: str) -> TierResult:
        for t in self.tiers:
            if t.id == tier_id:
                return t
        raise KeyError(tier_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (dates as ISO text, sets as sorted lists)."""
        return _plain(self)  # type: ignore[no-any-return]


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, (frozenset, set)):
        return sorted(_plain(v) for v in obj)
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    return obj
