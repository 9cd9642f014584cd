"""The threshold in force for one indicator, one date and one place. Pure data, no sentences.

After the province overlay and the special rules: which value, band or derived value applies,
where it came from (``ParameterUsed``), and what an explanation will need (the reason when the
threshold is unknown, the special rule that chose the place, the threshold a derived one reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tamnong.rules.errors import NotInForce
from tamnong.rules.formatting import dmy
from tamnong.rules.in_force import in_force
from tamnong.rules.model import Criterion, Edition, Indicator, Overlay, Place, Tier, ValueEntry
from tamnong.rules.results import ParameterUsed


@dataclass(frozen=True)
class Threshold:
    """The threshold of one indicator, as resolved."""

    param: ParameterUsed
    reason_vi: str | None = None  # the data's reason, when the entry itself is unknown
    reason_en: str | None = None
    special_rule: str | None = None  # reference of the special rule that chose the place
    derived_from: Threshold | None = None  # the threshold a ``relative_to`` entry reads


def tier_place(edition: Edition, tier_id: str, place: Place, own: str) -> tuple[str, list[str]]:
    """The place whose values a tier reads (its own, or the one a special rule names), and the rules."""
    rules = [r for r in edition.special_rules if r.applies(tier_id, place.flags)]
    if not rules:
        return own, []
    return rules[0].use_place, [r.id for r in rules]


def resolve(
    edition: Edition,
    tier: Tier,
    crit: Criterion,
    ind: Indicator,
    on: date,
    place: Place,
    own_place: str,
    overlay: Overlay | None,
) -> Threshold | None:
    """The threshold in force. ``None`` for a province-only indicator not yet in force."""
    found = in_force(ind.values, on)
    origin = "national"
    if ind.province_code is not None:
        origin = "province"
        if found is None:
            return None
    elif found is None:
        first = min(ind.values)
        raise NotInForce(
            f"Chỉ tiêu {ind.code} ({tier.name_vi}) chưa có giá trị hiệu lực vào ngày {dmy(on)} "
            f"(giá trị sớm nhất từ {dmy(first)}).",
            f"Indicator {ind.code} ({tier.name_en}) has no value in force on {dmy(on)} "
            f"(earliest from {first.isoformat()}).",
        )
    place_used, rule_ids = tier_place(edition, tier.id, place, own_place)
    if overlay is not None and (tier.id, ind.code) in overlay.overrides:
        o = in_force(overlay.overrides[(tier.id, ind.code)], on)
        if o is not None and (o[1].by_place is None or place_used in o[1].by_place):
            found, origin = o, "province"
    assert found is not None
    eff, entry = found
    rule_text = None
    if rule_ids and entry.by_place is not None:
        rule = next(r for r in edition.special_rules if r.id == rule_ids[0])
        rule_text = rule.reference
    return _from_entry(
        edition, tier, crit, ind, on, place, own_place, overlay, eff, entry, origin, place_used, rule_text
    )


def _from_entry(
    edition: Edition,
    tier: Tier,
    crit: Criterion,
    ind: Indicator,
    on: date,
    place: Place,
    own_place: str,
    overlay: Overlay | None,
    eff: date,
    entry: ValueEntry,
    origin: str,
    place_used: str,
    rule_text: str | None,
) -> Threshold:
    base = dict(
        tier=tier.id,
        criterion=crit.number,
        indicator=ind.code,
        effective=eff,
        reference=entry.reference,
        source=entry.source,
        comparator=ind.comparator,
    )
    if entry.unknown:
        return Threshold(
            ParameterUsed(origin=origin, place_used=None, threshold=None, band=None, unknown=True, **base),
            entry.reason_vi,
            entry.reason_en,
        )
    if entry.band is not None:
        return Threshold(
            ParameterUsed(
                origin=origin,
                place_used=None,
                threshold=None,
                band=(entry.band.from_, entry.band.below),
                unknown=False,
                **base,
            )
        )
    if entry.by_place is not None:
        return Threshold(
            ParameterUsed(
                origin=origin,
                place_used=place_used,
                threshold=entry.by_place[place_used],
                band=None,
                unknown=False,
                **base,
            ),
            special_rule=rule_text,
        )
    if entry.relative_to is not None:
        ref_tier = edition.tier(entry.relative_to.tier)
        ref_crit, ref_ind = next((c, i) for c in ref_tier.criteria for i in c.indicators if i.code == ind.code)
        ref = resolve(edition, ref_tier, ref_crit, ref_ind, on, place, own_place, overlay)
        assert ref is not None
        factor = entry.relative_to.factor
        unknown = ref.param.unknown
        value = None if unknown else float(Decimal(str(ref.param.threshold)) * Decimal(str(factor)))
        return Threshold(
            ParameterUsed(
                origin="derived",
                place_used=ref.param.place_used,
                threshold=value,
                band=None,
                unknown=unknown,
                derived_from=ref.param,
                factor=factor,
                **base,
            ),
            special_rule=ref.special_rule,
            derived_from=ref,
        )
    return Threshold(
        ParameterUsed(origin=origin, place_used=None, threshold=entry.value, band=None, unknown=False, **base)
    )
