"""evaluate(edition, facts, *, on, place) -> Evaluation.

Per tier, per criterion, per indicator: read the threshold in force on ``on`` for the
place (after the province overlay and the special rules), compare, explain in Vietnamese
and English, and record every parameter used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tamnong.rules.errors import FactsError, NotInForce, PlaceIncomplete, PlaceInvalid
from tamnong.rules.formatting import COMPARATOR_SYMBOLS, NEGATED_SYMBOLS, format_number
from tamnong.rules.in_force import in_force
from tamnong.rules.model import (
    Criterion,
    Edition,
    Facts,
    FactValue,
    Indicator,
    Overlay,
    Place,
    Tier,
    ValueEntry,
)
from tamnong.rules.results import (
    INCOMPLETE,
    MET,
    MISSING,
    NOT_APPLICABLE,
    NOT_MET,
    UNKNOWN,
    CriterionResult,
    Evaluation,
    Gap,
    IndicatorResult,
    ParameterUsed,
    TierResult,
    Trace,
)

STATUS_VI = {
    MET: "đạt",
    NOT_MET: "chưa đạt",
    INCOMPLETE: "chưa đủ căn cứ",
    MISSING: "chưa có số liệu",
    UNKNOWN: "chưa thể đánh giá",
    NOT_APPLICABLE: "không áp dụng",
}
STATUS_EN = {
    MET: "met",
    NOT_MET: "not met",
    INCOMPLETE: "incomplete",
    MISSING: "no value given",
    UNKNOWN: "cannot assess",
    NOT_APPLICABLE: "not applicable",
}


def meets(value: float, comparator: str, threshold: float) -> bool:
    """``value <comparator> threshold`` for the five comparators of the data."""
    if comparator == ">=":
        return value >= threshold
    if comparator == ">":
        return value > threshold
    if comparator == "<=":
        return value <= threshold
    if comparator == "<":
        return value < threshold
    if comparator == "==":
        return value == threshold
    raise ValueError(f"bad comparator {comparator!r}")


def dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def resolution_hash(edition: Edition, overlay: Overlay | None) -> str:
    """Hash of an (edition, province) resolution: the edition's content hash combined
    with the overlay's, when one applies."""
    if overlay is None:
        return edition.content_hash
    h = hashlib.sha256(f"{edition.content_hash}\n{overlay.province_code}\n{overlay.content_hash}".encode())
    return "sha256:" + h.hexdigest()


# --------------------------------------------------------------------------- checks


def _check_date(edition: Edition, on: date) -> None:
    if on < edition.valid_from:
        raise NotInForce(
            f"«{edition.name_vi}» ({edition.legal_basis}) có hiệu lực từ {dmy(edition.valid_from)}; "
            f"không áp dụng cho ngày {dmy(on)}.",
            f"“{edition.name_en}” ({edition.legal_basis}) is in force from {dmy(edition.valid_from)}; "
            f"it does not apply on {dmy(on)}.",
        )


def _check_place(edition: Edition, place: Place) -> str:
    code = place.region if edition.place_key == "region" else place.commune_group
    what_vi = "vùng" if edition.place_key == "region" else "nhóm xã"
    what_en = "region" if edition.place_key == "region" else "commune group"
    if code is None:
        raise PlaceIncomplete(
            f"«{edition.name_vi}» đánh giá xã theo {what_vi} ({edition.legal_basis}): xã chưa có {what_vi} "
            "được duyệt vào ngày này; văn phòng điều phối cấp tỉnh xếp và duyệt.",
            f"“{edition.name_en}” assesses a commune by its {what_en} ({edition.legal_basis}): the commune has "
            f"no approved {what_en} on that date; the provincial coordination office assigns and approves it.",
        )
    code = str(code)
    if code not in edition.places:
        raise PlaceInvalid(
            f"{what_vi.capitalize()} «{code}» không có trong «{edition.name_vi}» "
            f"(có: {', '.join(edition.places)}).",
            f"{what_en.capitalize()} “{code}” is not in “{edition.name_en}” (known: {', '.join(edition.places)}).",
        )
    unknown_flags = sorted(set(place.flags) - set(edition.flags))
    if unknown_flags:
        raise PlaceInvalid(
            f"Cờ không có trong bộ tiêu chí {edition.id}: {', '.join(unknown_flags)}.",
            f"Flags unknown to edition {edition.id}: {', '.join(unknown_flags)}.",
        )
    return code


@dataclass(frozen=True)
class _Plan:
    """The indicators and assessment keys of an edition for one place."""

    kinds: dict[str, str]  # indicator code -> kind
    assessment_keys: dict[str, tuple[str, str]]  # facts key -> (tier, criterion)


def _plan(edition: Edition, overlay: Overlay | None) -> _Plan:
    kinds: dict[str, str] = {}
    keys: dict[str, tuple[str, str]] = {}
    first = edition.tiers[0].id
    for tier in edition.tiers:
        for crit in tier.criteria:
            keys[f"{tier.id}/{crit.number}"] = (tier.id, crit.number)
            if tier.id == first:
                keys[crit.number] = (tier.id, crit.number)
            for ind in _indicators(crit, overlay):
                kinds[ind.code] = ind.kind
    return _Plan(kinds, keys)


def _check_facts(edition: Edition, plan: _Plan, facts: Facts) -> dict[tuple[str, str], str]:
    for code, v in facts.values.items():
        kind = plan.kinds.get(code)
        if kind is None:
            raise FactsError(
                f"Chỉ tiêu '{code}' không có trong bộ tiêu chí {edition.id} (hoặc lớp phủ của tỉnh).",
                f"Indicator '{code}' is not in edition {edition.id} (nor the province overlay).",
            )
        if kind == "yes_no" and not isinstance(v, bool):
            raise FactsError(
                f"Chỉ tiêu {code} là loại có/không: cần true/false, không phải {v!r}.",
                f"Indicator {code} is yes/no: needs true/false, not {v!r}.",
            )
        if kind != "yes_no" and (isinstance(v, bool) or not isinstance(v, (int, float))):
            raise FactsError(
                f"Chỉ tiêu {code} cần một số, không phải {v!r}.",
                f"Indicator {code} needs a number, not {v!r}.",
            )
    by_target: dict[tuple[str, str], str] = {}
    for key in facts.assessments:
        target = plan.assessment_keys.get(key)
        if target is None:
            raise FactsError(
                f"Đánh giá cho tiêu chí '{key}' không khớp tiêu chí nào của {edition.id} "
                f'(dùng "10" cho bậc đầu, "<bậc>/10" cho bậc khác).',
                f"Assessment key '{key}' matches no criterion of {edition.id} "
                f'(use "10" for the first tier, "<tier>/10" for another tier).',
            )
        if target in by_target:
            raise FactsError(
                f"Tiêu chí {key} được đánh giá hai lần ('{by_target[target]}' và '{key}').",
                f"Criterion {key} is assessed twice ('{by_target[target]}' and '{key}').",
            )
        by_target[target] = key
    return by_target


def _indicators(crit: Criterion, overlay: Overlay | None) -> tuple[Indicator, ...]:
    if overlay is None:
        return crit.indicators
    return crit.indicators + overlay.additions.get((crit.tier, crit.number), ())


# --------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class _Threshold:
    param: ParameterUsed
    reason_vi: str | None = None  # when unknown
    reason_en: str | None = None
    special_rule: str | None = None  # description when a special rule chose the place


def _tier_place(edition: Edition, tier_id: str, place: Place, own: str) -> tuple[str, list[str]]:
    rules = [r for r in edition.special_rules if r.applies(tier_id, place.flags)]
    if not rules:
        return own, []
    return rules[0].use_place, [r.id for r in rules]


def _resolve(
    edition: Edition,
    tier: Tier,
    crit: Criterion,
    ind: Indicator,
    on: date,
    place: Place,
    own_place: str,
    overlay: Overlay | None,
) -> _Threshold | None:
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
    tier_place, rule_ids = _tier_place(edition, tier.id, place, own_place)
    if overlay is not None and (tier.id, ind.code) in overlay.overrides:
        o = in_force(overlay.overrides[(tier.id, ind.code)], on)
        if o is not None and (o[1].by_place is None or tier_place in o[1].by_place):
            found, origin = o, "province"
    assert found is not None
    eff, entry = found
    rule_text = None
    if rule_ids and entry.by_place is not None:
        rule = next(r for r in edition.special_rules if r.id == rule_ids[0])
        rule_text = rule.reference
    return _from_entry(
        edition, tier, crit, ind, on, place, own_place, overlay, eff, entry, origin, tier_place, rule_text
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
    tier_place: str,
    rule_text: str | None,
) -> _Threshold:
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
        return _Threshold(
            ParameterUsed(origin=origin, place_used=None, threshold=None, band=None, unknown=True, **base),
            entry.reason_vi,
            entry.reason_en,
        )
    if entry.band is not None:
        return _Threshold(
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
        return _Threshold(
            ParameterUsed(
                origin=origin,
                place_used=tier_place,
                threshold=entry.by_place[tier_place],
                band=None,
                unknown=False,
                **base,
            ),
            special_rule=rule_text,
        )
    if entry.relative_to is not None:
        ref_tier = edition.tier(entry.relative_to.tier)
        ref_crit, ref_ind = next((c, i) for c in ref_tier.criteria for i in c.indicators if i.code == ind.code)
        ref = _resolve(edition, ref_tier, ref_crit, ref_ind, on, place, own_place, overlay)
        assert ref is not None
        factor = entry.relative_to.factor
        pct = format_number(Decimal(str(factor)) * 100)
        if ref.param.unknown:
            return _Threshold(
                ParameterUsed(
                    origin="derived",
                    place_used=ref.param.place_used,
                    threshold=None,
                    band=None,
                    unknown=True,
                    derived_from=ref.param,
                    factor=factor,
                    **base,
                ),
                f"ngưỡng bằng {pct}% ngưỡng của mức «{ref_tier.name_vi}», mà ngưỡng đó chưa biết: {ref.reason_vi}",
                f"the threshold is {pct}% of the threshold of “{ref_tier.name_en}”, which is unknown: {ref.reason_en}",
                ref.special_rule,
            )
        value = float(Decimal(str(ref.param.threshold)) * Decimal(str(factor)))
        return _Threshold(
            ParameterUsed(
                origin="derived",
                place_used=ref.param.place_used,
                threshold=value,
                band=None,
                unknown=False,
                derived_from=ref.param,
                factor=factor,
                **base,
            ),
            special_rule=ref.special_rule,
        )
    return _Threshold(
        ParameterUsed(origin=origin, place_used=None, threshold=entry.value, band=None, unknown=False, **base)
    )


# --------------------------------------------------------------------------- text


def format_value(edition: Edition, kind: str, unit_id: str, x: FactValue, lang: str = "vi") -> str:
    """A value as people write it, with its unit: "76,5%", "45 triệu đồng/người/năm", "có"."""
    if kind == "yes_no" or isinstance(x, bool):
        return ("có" if x else "không") if lang == "vi" else ("yes" if x else "no")
    unit = edition.units[unit_id]
    label = unit.label_vi if lang == "vi" else unit.label_en
    num = format_number(x, lang)
    if not label:
        return num
    return f"{num}{label}" if unit.joined else f"{num} {label}"


def _fmt(edition: Edition, ind: Indicator | IndicatorResult, x: FactValue, lang: str) -> str:
    return format_value(edition, ind.kind, ind.unit, x, lang)


def _context(edition: Edition, th: _Threshold, overlay: Overlay | None, lang: str) -> str:
    p = th.param
    bits = []
    if p.place_used is not None:
        if edition.place_key == "region":
            bits.append(f"ngưỡng vùng {p.place_used}" if lang == "vi" else f"threshold of region {p.place_used}")
        else:
            bits.append(
                f"ngưỡng nhóm xã {p.place_used}" if lang == "vi" else f"threshold of commune group {p.place_used}"
            )
    if th.special_rule:
        bits.append(
            f"theo quy định đặc biệt {th.special_rule}" if lang == "vi" else f"by the special rule {th.special_rule}"
        )
    if p.origin == "province" and overlay is not None:
        bits.append(
            f"ngưỡng của tỉnh: {overlay.reference}" if lang == "vi" else f"province threshold: {overlay.reference}"
        )
    if p.origin == "derived" and not p.unknown and p.factor is not None and p.derived_from is not None:
        pct = format_number(Decimal(str(p.factor)) * 100, lang)
        bits.append(
            f"= {pct}% ngưỡng bậc {p.derived_from.tier}"
            if lang == "vi"
            else f"= {pct}% of the {p.derived_from.tier} threshold"
        )
    return f" ({'; '.join(bits)})" if bits else ""


def _indicator_result(
    edition: Edition,
    tier: Tier,
    crit: Criterion,
    ind: Indicator,
    th: _Threshold | None,
    value: FactValue | None,
    on: date,
    overlay: Overlay | None,
) -> IndicatorResult:
    head_vi, head_en = f"Chỉ tiêu {ind.code}", f"Indicator {ind.code}"
    common = dict(
        tier=tier.id,
        criterion=crit.number,
        code=ind.code,
        name_vi=ind.name_vi,
        name_en=ind.name_en,
        kind=ind.kind,
        unit=ind.unit,
        value=value,
        comparator=ind.comparator,
        province_only=ind.province_code is not None,
    )
    if th is None:
        first = dmy(min(ind.values))
        return IndicatorResult(
            threshold=None,
            band=None,
            effective=None,
            reference=None,
            origin="province",
            place_used=None,
            status=NOT_APPLICABLE,
            explanation_vi=f"{head_vi}: chỉ tiêu riêng của tỉnh, chỉ áp dụng từ {first} — không áp dụng",
            explanation_en=(
                f"{head_en}: province-only indicator, applies from {min(ind.values).isoformat()} — not applicable"
            ),
            **common,
        )
    p = th.param
    ctx_vi, ctx_en = _context(edition, th, overlay, "vi"), _context(edition, th, overlay, "en")
    fields = dict(
        threshold=p.threshold,
        band=p.band,
        effective=p.effective,
        reference=p.reference,
        origin=p.origin,
        place_used=p.place_used,
        **common,
    )
    val_vi = _fmt(edition, ind, value, "vi") if value is not None else None
    val_en = _fmt(edition, ind, value, "en") if value is not None else None

    if p.unknown:
        given_vi = f"{val_vi}; " if val_vi else ""
        given_en = f"{val_en}; " if val_en else ""
        return IndicatorResult(
            status=UNKNOWN,
            explanation_vi=(
                f"{head_vi}: {given_vi}ngưỡng chưa có trong nguồn ({th.reason_vi}){ctx_vi} — chưa thể đánh giá"
            ),
            explanation_en=(f"{head_en}: {given_en}threshold not sourced ({th.reason_en}){ctx_en} — cannot assess"),
            **fields,
        )

    if p.band is not None:
        lo, hi = p.band
        band_vi = f"khung từ {_fmt(edition, ind, lo, 'vi')} đến dưới {_fmt(edition, ind, hi, 'vi')}"
        band_en = f"band from {_fmt(edition, ind, lo, 'en')} to under {_fmt(edition, ind, hi, 'en')}"
        if value is None:
            return IndicatorResult(
                status=MISSING,
                explanation_vi=f"{head_vi}: chưa có số liệu (yêu cầu: {band_vi})",
                explanation_en=f"{head_en}: no value given (required: {band_en})",
                **fields,
            )
        if value < lo:
            return IndicatorResult(
                status=NOT_MET,
                explanation_vi=f"{head_vi}: {val_vi} < {_fmt(edition, ind, lo, 'vi')} ({band_vi}) — chưa đạt",
                explanation_en=f"{head_en}: {val_en} < {_fmt(edition, ind, lo, 'en')} ({band_en}) — not met",
                **fields,
            )
        if value < hi:
            return IndicatorResult(
                status=MET,
                explanation_vi=f"{head_vi}: {val_vi}, trong {band_vi} — đạt",
                explanation_en=f"{head_en}: {val_en}, within the {band_en} — met",
                **fields,
            )
        return IndicatorResult(
            status=UNKNOWN,
            explanation_vi=(
                f"{head_vi}: {val_vi} ≥ {_fmt(edition, ind, hi, 'vi')}, trên {band_vi} của mức này; "
                f"nguồn chưa nói điểm trên khung có đạt mức này hay không — chưa thể đánh giá"
            ),
            explanation_en=(
                f"{head_en}: {val_en} ≥ {_fmt(edition, ind, hi, 'en')}, above the {band_en} of this level; "
                f"the sources do not say whether a score above the band meets this level — cannot assess"
            ),
            **fields,
        )

    assert p.threshold is not None and ind.comparator is not None
    t_vi, t_en = _fmt(edition, ind, p.threshold, "vi"), _fmt(edition, ind, p.threshold, "en")
    sym = COMPARATOR_SYMBOLS[ind.comparator]
    if value is None:
        req_vi = t_vi if ind.kind == "yes_no" else f"{sym} {t_vi}"
        req_en = t_en if ind.kind == "yes_no" else f"{sym} {t_en}"
        return IndicatorResult(
            status=MISSING,
            explanation_vi=f"{head_vi}: chưa có số liệu (yêu cầu: {req_vi}){ctx_vi}",
            explanation_en=f"{head_en}: no value given (required: {req_en}){ctx_en}",
            **fields,
        )
    ok = meets(value, ind.comparator, p.threshold)  # type: ignore[arg-type]
    if ind.kind == "yes_no":
        if ok:
            return IndicatorResult(
                status=MET,
                explanation_vi=f"{head_vi}: {val_vi} — đạt",
                explanation_en=f"{head_en}: {val_en} — met",
                **fields,
            )
        return IndicatorResult(
            status=NOT_MET,
            explanation_vi=f"{head_vi}: {val_vi} (yêu cầu: {t_vi}) — chưa đạt",
            explanation_en=f"{head_en}: {val_en} (required: {t_en}) — not met",
            **fields,
        )
    shown = sym if ok else NEGATED_SYMBOLS[ind.comparator]
    word_vi, word_en = ("đạt", "met") if ok else ("chưa đạt", "not met")
    return IndicatorResult(
        status=MET if ok else NOT_MET,
        explanation_vi=f"{head_vi}: {val_vi} {shown} {t_vi}{ctx_vi} — {word_vi}",
        explanation_en=f"{head_en}: {val_en} {shown} {t_en}{ctx_en} — {word_en}",
        **fields,
    )


# --------------------------------------------------------------------------- criteria and tiers


def _criterion_result(
    edition: Edition,
    tier: Tier,
    crit: Criterion,
    inds: tuple[IndicatorResult, ...],
    facts: Facts,
    key: str | None,
    lower: TierResult | None,
) -> CriterionResult:
    head_vi = f"Tiêu chí {crit.number} ({crit.name_vi})"
    head_en = f"Criterion {crit.number} ({crit.name_en})"
    common = dict(
        tier=tier.id,
        number=crit.number,
        name_vi=crit.name_vi,
        name_en=crit.name_en,
        group=crit.group,
        indicators=inds,
    )
    assessment = facts.assessments.get(key) if key is not None else None
    if assessment is not None:
        status = MET if assessment.met else NOT_MET
        by_vi = f"; người đánh giá: {assessment.by}" if assessment.by else ""
        by_en = f"; assessed by: {assessment.by}" if assessment.by else ""
        instead_vi = " (dùng thay cho kết quả theo chỉ tiêu)" if crit.assessed == "indicators" else ""
        instead_en = " (used instead of the indicator results)" if crit.assessed == "indicators" else ""
        return CriterionResult(
            status=status,
            basis="direct_assessment",
            assessment=assessment,
            explanation_vi=f"{head_vi}: đánh giá trực tiếp{instead_vi} — {STATUS_VI[status]}. "
            f"Căn cứ: {assessment.evidence}{by_vi}",
            explanation_en=f"{head_en}: direct assessment{instead_en} — {STATUS_EN[status]}. "
            f"Evidence: {assessment.evidence}{by_en}",
            **common,
        )
    if crit.assessed == "direct":
        return CriterionResult(
            status=INCOMPLETE,
            basis="needs_direct_assessment",
            assessment=None,
            explanation_vi=(f"{head_vi}: cần đánh giá trực tiếp — {STATUS_VI[INCOMPLETE]}. Lý do: {crit.reason_vi}"),
            explanation_en=(
                f"{head_en}: needs a direct assessment — {STATUS_EN[INCOMPLETE]}. Reason: {crit.reason_en}"
            ),
            **common,
        )
    applicable = [i for i in inds if i.status != NOT_APPLICABLE]
    failed = [i.code for i in applicable if i.status == NOT_MET]
    open_ = [i.code for i in applicable if i.status in (MISSING, UNKNOWN)]
    extra_vi, extra_en = [], []
    lower_status = None
    if crit.requires_lower_criterion is not None and lower is not None:
        lower_status = lower.criterion(crit.requires_lower_criterion).status
        extra_vi.append(f"tiêu chí {crit.requires_lower_criterion} ở bậc {lower.id}: {STATUS_VI[lower_status]}")
        extra_en.append(f"criterion {crit.requires_lower_criterion} in tier {lower.id}: {STATUS_EN[lower_status]}")
    if failed or lower_status == NOT_MET:
        status = NOT_MET
    elif open_ or lower_status == INCOMPLETE:
        status = INCOMPLETE
    else:
        status = MET
    met_n = sum(1 for i in applicable if i.status == MET)
    detail_vi = [f"{met_n}/{len(applicable)} chỉ tiêu đạt"]
    detail_en = [f"{met_n}/{len(applicable)} indicators met"]
    if failed:
        detail_vi.append(f"chưa đạt: {', '.join(failed)}")
        detail_en.append(f"not met: {', '.join(failed)}")
    if open_:
        detail_vi.append(f"chưa có số liệu hoặc ngưỡng: {', '.join(open_)}")
        detail_en.append(f"no value or no threshold: {', '.join(open_)}")
    return CriterionResult(
        status=status,
        basis="indicators",
        assessment=None,
        explanation_vi=f"{head_vi}: {STATUS_VI[status]} — {'; '.join(detail_vi + extra_vi)}",
        explanation_en=f"{head_en}: {STATUS_EN[status]} — {'; '.join(detail_en + extra_en)}",
        **common,
    )


def _gaps(edition: Edition, tier: TierResult) -> list[Gap]:
    gaps: list[Gap] = []
    for c in tier.criteria:
        if c.status == MET:
            continue
        if c.basis == "direct_assessment":
            gaps.append(
                Gap(
                    tier.id,
                    c.number,
                    None,
                    c.status,
                    f"Tiêu chí {c.number}: đánh giá trực tiếp là chưa đạt; cần đạt tiêu chí",
                    f"Criterion {c.number}: the direct assessment says not met; the criterion must be met",
                )
            )
            continue
        if c.basis == "needs_direct_assessment":
            crit = edition.tier(tier.id).criterion(c.number)
            gaps.append(
                Gap(
                    tier.id,
                    c.number,
                    None,
                    c.status,
                    f"Tiêu chí {c.number}: cần đánh giá trực tiếp ({crit.reason_vi})",
                    f"Criterion {c.number}: needs a direct assessment ({crit.reason_en})",
                )
            )
            continue
        crit = edition.tier(tier.id).criterion(c.number)
        if crit.requires_lower_criterion is not None:
            lower_id = edition.tiers[[t.id for t in edition.tiers].index(tier.id) - 1].id
            gaps.append(
                Gap(
                    tier.id,
                    c.number,
                    None,
                    c.status,
                    f"Tiêu chí {c.number}: cần đạt tiêu chí {crit.requires_lower_criterion} ở bậc {lower_id}",
                    f"Criterion {c.number}: criterion {crit.requires_lower_criterion} of tier {lower_id} must be met",
                )
            )
        for i in c.indicators:
            if i.status in (MET, NOT_APPLICABLE):
                continue
            gaps.append(Gap(tier.id, c.number, i.code, i.status, *_need(edition, i)))
    return gaps


def _need(edition: Edition, i: IndicatorResult) -> tuple[str, str]:
    if i.status == UNKNOWN:
        return (
            f"Chỉ tiêu {i.code}: chưa thể đánh giá — cần bổ sung ngưỡng có căn cứ pháp lý, "
            f"hoặc đánh giá trực tiếp tiêu chí {i.criterion}. {i.explanation_vi}",
            f"Indicator {i.code}: cannot assess — a sourced threshold is needed, "
            f"or a direct assessment of criterion {i.criterion}. {i.explanation_en}",
        )
    if i.band is not None:
        lo, hi = i.band
        req_vi = f"từ {_fmt(edition, i, lo, 'vi')} đến dưới {_fmt(edition, i, hi, 'vi')}"
        req_en = f"from {_fmt(edition, i, lo, 'en')} to under {_fmt(edition, i, hi, 'en')}"
    elif i.kind == "yes_no":
        req_vi, req_en = _fmt(edition, i, bool(i.threshold), "vi"), _fmt(edition, i, bool(i.threshold), "en")
    else:
        sym = COMPARATOR_SYMBOLS[i.comparator or ">="]
        assert i.threshold is not None
        req_vi = f"{sym} {_fmt(edition, i, i.threshold, 'vi')}"
        req_en = f"{sym} {_fmt(edition, i, i.threshold, 'en')}"
    if i.status == MISSING:
        return (
            f"Chỉ tiêu {i.code}: cần nhập số liệu (yêu cầu {req_vi})",
            f"Indicator {i.code}: a value is needed (required {req_en})",
        )
    return (
        f"Chỉ tiêu {i.code}: cần {req_vi}. {i.explanation_vi}",
        f"Indicator {i.code}: needs {req_en}. {i.explanation_en}",
    )


# --------------------------------------------------------------------------- entry point


def evaluate(edition: Edition, facts: Facts, *, on: date, place: Place) -> Evaluation:
    """Evaluate one commune against every tier of ``edition`` on ``on``, for ``place``."""
    _check_date(edition, on)
    own_place = _check_place(edition, place)
    overlay = edition.overlay_for(place)
    plan = _plan(edition, overlay)
    key_of = {target: key for target, key in _check_facts(edition, plan, facts).items()}

    params: list[ParameterUsed] = []
    tiers: list[TierResult] = []
    all_rules: list[str] = []
    lower: TierResult | None = None
    for tier in edition.tiers:
        tier_place, rule_ids = _tier_place(edition, tier.id, place, own_place)
        for r in rule_ids:
            if r not in all_rules:
                all_rules.append(r)
        crits: list[CriterionResult] = []
        for crit in tier.criteria:
            inds = []
            for ind in _indicators(crit, overlay):
                th = _resolve(edition, tier, crit, ind, on, place, own_place, overlay)
                if th is not None:
                    params.append(th.param)
                inds.append(_indicator_result(edition, tier, crit, ind, th, facts.values.get(ind.code), on, overlay))
            crits.append(
                _criterion_result(edition, tier, crit, tuple(inds), facts, key_of.get((tier.id, crit.number)), lower)
            )
        lower_reached = lower is None or lower.reached
        criteria_met = sum(1 for c in crits if c.status == MET)
        reached = lower_reached and criteria_met == len(crits)
        applicable = [i for c in crits for i in c.indicators if i.status != NOT_APPLICABLE]
        ind_met = sum(1 for i in applicable if i.status == MET)
        word_vi = "đạt" if reached else "chưa đạt"
        word_en = "reached" if reached else "not reached"
        below_vi = "" if lower_reached else f"; chưa đạt mức dưới ({lower.name_vi if lower else ''})"
        below_en = "" if lower_reached else f"; the tier below ({lower.name_en if lower else ''}) is not reached"
        rule_vi = rule_en = ""
        if rule_ids:
            rules = [r for r in edition.special_rules if r.id in rule_ids]
            rule_vi = "; áp dụng quy định đặc biệt: " + " ".join(f"{r.description_vi} ({r.reference})" for r in rules)
            rule_en = "; special rule applied: " + " ".join(f"{r.description_en} ({r.reference})" for r in rules)
        result = TierResult(
            id=tier.id,
            name_vi=tier.name_vi,
            name_en=tier.name_en,
            criteria=tuple(crits),
            criteria_met=criteria_met,
            criteria_total=len(crits),
            indicators_met=ind_met,
            indicators_applicable=len(applicable),
            lower_reached=lower_reached,
            reached=reached,
            place_used=tier_place,
            special_rules_applied=tuple(rule_ids),
            explanation_vi=(
                f"{tier.name_vi}: {criteria_met}/{len(crits)} tiêu chí đạt, {ind_met}/{len(applicable)} "
                f"chỉ tiêu đạt — {word_vi}{below_vi}{rule_vi}"
            ),
            explanation_en=(
                f"{tier.name_en}: {criteria_met}/{len(crits)} criteria met, {ind_met}/{len(applicable)} "
                f"indicators met — {word_en}{below_en}{rule_en}"
            ),
        )
        tiers.append(result)
        lower = result

    reached_ids = [t.id for t in tiers if t.reached]
    tier_reached = reached_ids[-1] if reached_ids else None
    next_tier = next((t for t in tiers if not t.reached), None)
    gaps = tuple(_gaps(edition, next_tier)) if next_tier is not None else ()

    notes_vi: list[str] = []
    notes_en: list[str] = []
    sup = edition.superseded_by
    if sup is not None and on >= sup.on:
        notes_vi.append(f"Bộ tiêu chí này được thay thế từ {dmy(sup.on)} ({sup.legal_basis}). {sup.transition_vi}")
        notes_en.append(
            f"This edition is superseded from {sup.on.isoformat()} ({sup.legal_basis}). {sup.transition_en}"
        )

    return Evaluation(
        edition_id=edition.id,
        on=on,
        place=place,
        tiers=tuple(tiers),
        tier_reached=tier_reached,
        next_tier=next_tier.id if next_tier else None,
        gaps=gaps,
        notes_vi=tuple(notes_vi),
        notes_en=tuple(notes_en),
        trace=Trace(
            edition_id=edition.id,
            content_hash=edition.content_hash,
            overlay_province=overlay.province_code if overlay else None,
            overlay_hash=overlay.content_hash if overlay else None,
            resolution_hash=resolution_hash(edition, overlay),
            special_rules_applied=tuple(all_rules),
            parameters=tuple(params),
        ),
    )
