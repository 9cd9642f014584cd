"""evaluate(edition, facts, *, on, place, explain=True) -> Evaluation.

Per tier, per criterion, per indicator: read the threshold in force on ``on`` for the place
(after the province overlay and the special rules: ``tamnong.rules.thresholds``), compare,
decide, and record every parameter used. The sentences that explain each result in Vietnamese
and English are written by ``tamnong.rules.explain`` from these decisions; with
``explain=False`` they are left empty (every ``explanation_*``, ``need_*`` and ``notes_*``),
and everything else is the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from tamnong.rules.errors import FactsError, NotInForce, PlaceIncomplete, PlaceInvalid
from tamnong.rules.explain import (
    criterion_texts,
    indicator_texts,
    need_texts,
    superseded_note,
    tier_texts,
)
from tamnong.rules.formatting import dmy
from tamnong.rules.model import (
    Criterion,
    Edition,
    Facts,
    FactValue,
    Indicator,
    Overlay,
    Place,
    Tier,
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
from tamnong.rules.thresholds import Threshold, resolve, tier_place

NO_TEXT = ("", "")


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
            f"{what_vi.capitalize()} «{code}» không có trong «{edition.name_vi}» (có: {', '.join(edition.places)}).",
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


# --------------------------------------------------------------------------- decisions


def indicator_status(ind: Indicator, th: Threshold | None, value: FactValue | None) -> str:
    """Met, not met, missing, unknown or not applicable: ``value`` against the threshold ``th``."""
    if th is None:
        return NOT_APPLICABLE
    p = th.param
    if p.unknown:
        return UNKNOWN
    if value is None:
        return MISSING
    if p.band is not None:
        lo, hi = p.band
        if value < lo:
            return NOT_MET
        if value < hi:
            return MET
        return UNKNOWN  # above the band: the sources do not say whether it meets this level
    assert p.threshold is not None and ind.comparator is not None
    return MET if meets(value, ind.comparator, p.threshold) else NOT_MET  # type: ignore[arg-type]


def _indicator_result(
    edition: Edition,
    tier: Tier,
    crit: Criterion,
    ind: Indicator,
    th: Threshold | None,
    value: FactValue | None,
    overlay: Overlay | None,
    explain: bool,
) -> IndicatorResult:
    status = indicator_status(ind, th, value)
    vi, en = indicator_texts(edition, ind, th, value, status, overlay) if explain else NO_TEXT
    p = th.param if th is not None else None  # None: a province-only indicator not yet in force
    return IndicatorResult(
        tier=tier.id,
        criterion=crit.number,
        code=ind.code,
        name_vi=ind.name_vi,
        name_en=ind.name_en,
        kind=ind.kind,
        unit=ind.unit,
        value=value,
        comparator=ind.comparator,
        threshold=p.threshold if p else None,
        band=p.band if p else None,
        effective=p.effective if p else None,
        reference=p.reference if p else None,
        origin=p.origin if p else "province",
        place_used=p.place_used if p else None,
        status=status,
        explanation_vi=vi,
        explanation_en=en,
        province_only=ind.province_code is not None,
    )


def _criterion_result(
    tier: Tier,
    crit: Criterion,
    inds: tuple[IndicatorResult, ...],
    facts: Facts,
    key: str | None,
    lower: TierResult | None,
    explain: bool,
) -> CriterionResult:
    assessment = facts.assessments.get(key) if key is not None else None
    lower_status = None
    if assessment is not None:
        status, basis = (MET if assessment.met else NOT_MET), "direct_assessment"
    elif crit.assessed == "direct":
        status, basis = INCOMPLETE, "needs_direct_assessment"
    else:
        basis = "indicators"
        applicable = [i for i in inds if i.status != NOT_APPLICABLE]
        failed = any(i.status == NOT_MET for i in applicable)
        open_ = any(i.status in (MISSING, UNKNOWN) for i in applicable)
        if crit.requires_lower_criterion is not None and lower is not None:
            lower_status = lower.criterion(crit.requires_lower_criterion).status
        if failed or lower_status == NOT_MET:
            status = NOT_MET
        elif open_ or lower_status == INCOMPLETE:
            status = INCOMPLETE
        else:
            status = MET
    vi, en = criterion_texts(crit, status, assessment, inds, lower, lower_status) if explain else NO_TEXT
    return CriterionResult(
        tier=tier.id,
        number=crit.number,
        name_vi=crit.name_vi,
        name_en=crit.name_en,
        group=crit.group,
        status=status,
        basis=basis,
        assessment=assessment,
        indicators=inds,
        explanation_vi=vi,
        explanation_en=en,
    )


def _gaps(edition: Edition, tier: TierResult, explain: bool) -> list[Gap]:
    """What is still needed to reach ``tier``: each criterion not met, and for one assessed by its
    indicators, the criterion it requires below and each indicator not met."""
    items: list[tuple[CriterionResult, IndicatorResult | None]] = []
    for c in tier.criteria:
        if c.status == MET:
            continue
        if c.basis in ("direct_assessment", "needs_direct_assessment"):
            items.append((c, None))
            continue
        if edition.tier(tier.id).criterion(c.number).requires_lower_criterion is not None:
            items.append((c, None))
        items.extend((c, i) for i in c.indicators if i.status not in (MET, NOT_APPLICABLE))
    return [
        Gap(
            tier.id,
            c.number,
            i.code if i is not None else None,
            i.status if i is not None else c.status,
            *(need_texts(edition, tier.id, c, i) if explain else NO_TEXT),
        )
        for c, i in items
    ]


# --------------------------------------------------------------------------- entry point


def evaluate(edition: Edition, facts: Facts, *, on: date, place: Place, explain: bool = True) -> Evaluation:
    """Evaluate one commune against every tier of ``edition`` on ``on``, for ``place``.

    ``explain=False``: the same decisions, values and trace, without the sentences (for roll-ups).
    """
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
        place_used, rule_ids = tier_place(edition, tier.id, place, own_place)
        for r in rule_ids:
            if r not in all_rules:
                all_rules.append(r)
        crits: list[CriterionResult] = []
        for crit in tier.criteria:
            inds = []
            for ind in _indicators(crit, overlay):
                th = resolve(edition, tier, crit, ind, on, place, own_place, overlay)
                if th is not None:
                    params.append(th.param)
                inds.append(
                    _indicator_result(edition, tier, crit, ind, th, facts.values.get(ind.code), overlay, explain)
                )
            crits.append(
                _criterion_result(tier, crit, tuple(inds), facts, key_of.get((tier.id, crit.number)), lower, explain)
            )
        lower_reached = lower is None or lower.reached
        criteria_met = sum(1 for c in crits if c.status == MET)
        applicable = [i for c in crits for i in c.indicators if i.status != NOT_APPLICABLE]
        result = TierResult(
            id=tier.id,
            name_vi=tier.name_vi,
            name_en=tier.name_en,
            criteria=tuple(crits),
            criteria_met=criteria_met,
            criteria_total=len(crits),
            indicators_met=sum(1 for i in applicable if i.status == MET),
            indicators_applicable=len(applicable),
            lower_reached=lower_reached,
            reached=lower_reached and criteria_met == len(crits),
            place_used=place_used,
            special_rules_applied=tuple(rule_ids),
            explanation_vi="",
            explanation_en="",
        )
        if explain:
            vi, en = tier_texts(edition, result, lower)
            result = replace(result, explanation_vi=vi, explanation_en=en)
        tiers.append(result)
        lower = result

    reached_ids = [t.id for t in tiers if t.reached]
    tier_reached = reached_ids[-1] if reached_ids else None
    next_tier = next((t for t in tiers if not t.reached), None)
    gaps = tuple(_gaps(edition, next_tier, explain)) if next_tier is not None else ()

    notes_vi: tuple[str, ...] = ()
    notes_en: tuple[str, ...] = ()
    sup = edition.superseded_by
    if explain and sup is not None and on >= sup.on:
        vi, en = superseded_note(sup)
        notes_vi, notes_en = (vi,), (en,)

    return Evaluation(
        edition_id=edition.id,
        on=on,
        place=place,
        tiers=tuple(tiers),
        tier_reached=tier_reached,
        next_tier=next_tier.id if next_tier else None,
        gaps=gaps,
        notes_vi=notes_vi,
        notes_en=notes_en,
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
