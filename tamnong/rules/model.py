"""Frozen data classes: the loaded legal content (edition, tiers, criteria, indicators,
dated values, province overlays) and the inputs of an evaluation (place, facts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from tamnong.rules.errors import FactsError, RulesDataError

KINDS = ("number", "percent", "yes_no", "score_band", "count")
COMPARATORS = (">=", ">", "<=", "<", "==")
PLACE_KEYS = ("region", "commune_group")
CODE_STATUSES = ("stated", "inferred", "assigned")

Number = int | float
FactValue = int | float | bool


def frozen_map(d: Mapping[Any, Any] | None = None) -> Mapping[Any, Any]:
    return MappingProxyType(dict(d or {}))


# --------------------------------------------------------------------------- legal content


@dataclass(frozen=True)
class Band:
    """A score band ``from <= score < below`` (e.g. 3.2: "từ 50 điểm đến dưới 70 điểm")."""

    from_: Number
    below: Number


@dataclass(frozen=True)
class RelativeTo:
    """A threshold defined as ``factor`` times the same indicator's threshold in ``tier``."""

    tier: str
    factor: Number


@dataclass(frozen=True)
class ValueEntry:
    """One dated entry of an indicator. Exactly one of value / by_place / band /
    relative_to is set, or ``unknown`` is true and the reasons say why."""

    effective: date
    reference: str
    source: str | None = None
    note: str | None = None
    value: FactValue | None = None
    by_place: Mapping[str, Number] | None = None
    band: Band | None = None
    relative_to: RelativeTo | None = None
    unknown: bool = False
    reason_vi: str | None = None
    reason_en: str | None = None


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    code_status: str
    kind: str
    unit: str
    comparator: str | None  # None for score_band
    values: Mapping[date, ValueEntry]
    note: str | None = None
    province_code: str | None = None  # set for a province-only indicator


@dataclass(frozen=True)
class Criterion:
    tier: str
    number: str
    name_vi: str
    name_en: str
    reference: str
    source: str | None
    assessed: str  # "indicators" | "direct"
    indicators: tuple[Indicator, ...] = ()
    group: str | None = None
    note: str | None = None
    reason_vi: str | None = None  # why it is assessed directly
    reason_en: str | None = None
    requires_lower_criterion: str | None = None
    file: str = ""


@dataclass(frozen=True)
class Tier:
    id: str
    name_vi: str
    name_en: str
    legal_basis: str
    source: str | None
    criteria: tuple[Criterion, ...]
    note: str | None = None

    def criterion(self, number: str) -> Criterion:
        for c in self.criteria:
            if c.number == number:
                return c
        raise KeyError(number)


@dataclass(frozen=True)
class SpecialRule:
    """Use the thresholds of ``use_place`` when the place has any flag of
    ``when_any_flag`` and every flag of ``and_all_flags``, in the listed tiers."""

    id: str
    use_place: str
    when_any_flag: tuple[str, ...]
    and_all_flags: tuple[str, ...]
    tiers: tuple[str, ...]
    description_vi: str
    description_en: str
    reference: str
    source: str | None = None

    def applies(self, tier: str, flags: frozenset[str]) -> bool:
        return (
            tier in self.tiers
            and any(f in flags for f in self.when_any_flag)
            and all(f in flags for f in self.and_all_flags)
        )


@dataclass(frozen=True)
class Supersession:
    id: str
    on: date
    legal_basis: str
    transition_vi: str
    transition_en: str


@dataclass(frozen=True)
class Unit:
    label_vi: str
    label_en: str
    joined: bool  # "82%" (joined) or "45 triệu đồng" (spaced)


@dataclass(frozen=True)
class Label:
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Overlay:
    """A province overlay: dated overrides of national indicators and province-only
    indicators, validated against one edition."""

    edition_id: str
    province_code: str
    schemes: tuple[str, ...]
    name_vi: str
    name_en: str
    reference: str
    source: str | None
    # (tier, indicator code) -> dated entries
    overrides: Mapping[tuple[str, str], Mapping[date, ValueEntry]]
    # (tier, criterion number) -> extra indicators
    additions: Mapping[tuple[str, str], tuple[Indicator, ...]]
    content_hash: str
    file: str


@dataclass(frozen=True)
class Edition:
    id: str
    name_vi: str
    name_en: str
    legal_basis: str
    issued_on: date
    valid_from: date
    source: str | None
    superseded_by: Supersession | None
    place_key: str  # "region" | "commune_group"
    places: Mapping[str, Label]
    groups: Mapping[str, Label]
    flags: Mapping[str, Label]
    units: Mapping[str, Unit]
    tiers: tuple[Tier, ...]
    special_rules: tuple[SpecialRule, ...]
    overlay_policy: str  # "tighten_only"
    content_hash: str
    overlays: tuple[Overlay, ...] = ()
    note: str | None = None

    def tier(self, tier_id: str) -> Tier:
        for t in self.tiers:
            if t.id == tier_id:
                return t
        raise KeyError(tier_id)

    def indicator_codes(self) -> frozenset[str]:
        return frozenset(i.code for t in self.tiers for c in t.criteria for i in c.indicators)

    def overlay_for(self, place: Place) -> Overlay | None:
        for o in self.overlays:
            if o.province_code == place.province_code and place.scheme in o.schemes:
                return o
        return None

    def with_overlays(self, *overlays: Overlay) -> Edition:
        """A copy carrying these overlays as well (each validated by ``load_overlay``)."""
        seen = {(o.province_code, s) for o in self.overlays for s in o.schemes}
        for o in overlays:
            if o.edition_id != self.id:
                raise RulesDataError(
                    o.file,
                    "",
                    f"lớp phủ được kiểm tra cho bộ '{o.edition_id}', không phải '{self.id}'",
                    f"overlay was validated for edition '{o.edition_id}', not '{self.id}'",
                )
            for s in o.schemes:
                if (o.province_code, s) in seen:
                    raise RulesDataError(
                        o.file,
                        "province_code",
                        f"đã có lớp phủ cho tỉnh {o.province_code} (danh mục {s})",
                        f"an overlay for province {o.province_code} (scheme {s}) already exists",
                    )
                seen.add((o.province_code, s))
        return replace(self, overlays=self.overlays + tuple(overlays))


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Place:
    """Where the commune is, as far as the rules need it."""

    scheme: str
    province_code: str
    region: str | None = None
    commune_group: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Assessment:
    """A direct assessment of a criterion (by the commune, a sector agency, a council)."""

    met: bool
    evidence: str
    by: str | None = None


@dataclass(frozen=True)
class Facts:
    """Indicator values keyed by indicator code, and direct assessments keyed by
    criterion number (``"10"`` for the first tier, ``"advanced/10"`` for another tier)."""

    values: Mapping[str, FactValue] = field(default_factory=frozen_map)
    assessments: Mapping[str, Assessment] = field(default_factory=frozen_map)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Facts:
        """Build from plain data such as a YAML or JSON facts file::

        {"values": {"3.1": 82, "8.1": true},
         "assessments": {"1": {"met": true, "evidence": "QĐ 12/QĐ-UBND", "by": "..."}}}
        """
        if not isinstance(data, Mapping):
            raise FactsError("dữ kiện phải là một bảng (mapping)", "facts must be a mapping")
        extra = set(data) - {"values", "assessments"}
        if extra:
            k = sorted(map(str, extra))[0]
            raise FactsError(f"khóa không được phép trong dữ kiện: '{k}'", f"unknown key in facts: '{k}'")
        values_in = data.get("values") or {}
        assessments_in = data.get("assessments") or {}
        if not isinstance(values_in, Mapping) or not isinstance(assessments_in, Mapping):
            raise FactsError("'values' và 'assessments' phải là bảng", "'values' and 'assessments' must be mappings")
        values: dict[str, FactValue] = {}
        for code, v in values_in.items():
            if not isinstance(v, (bool, int, float)):
                raise FactsError(
                    f"giá trị của chỉ tiêu {code} phải là số hoặc true/false: {v!r}",
                    f"the value of indicator {code} must be a number or true/false: {v!r}",
                )
            values[str(code)] = v
        assessments: dict[str, Assessment] = {}
        for key, a in assessments_in.items():
            if not isinstance(a, Mapping) or not isinstance(a.get("met"), bool) or not a.get("evidence"):
                raise FactsError(
                    f"đánh giá tiêu chí {key} cần 'met' (true/false) và 'evidence'",
                    f"the assessment of criterion {key} needs 'met' (true/false) and 'evidence'",
                )
            extra_a = set(a) - {"met", "evidence", "by"}
            if extra_a:
                k = sorted(extra_a)[0]
                raise FactsError(
                    f"khóa không được phép trong đánh giá tiêu chí {key}: '{k}'",
                    f"unknown key in the assessment of criterion {key}: '{k}'",
                )
            assessments[str(key)] = Assessment(bool(a["met"]), str(a["evidence"]), a.get("by"))
        return cls(frozen_map(values), frozen_map(assessments))
