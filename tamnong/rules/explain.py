"""The sentences of an evaluation, in Vietnamese and English, written from what was decided.

``tamnong.rules.evaluate`` decides (statuses, values, thresholds, references); this module only
writes: each function takes the decision and returns ``(vi, en)``. ``evaluate(..., explain=False)``
never calls it (roll-ups need the decisions, not the sentences).
"""

from __future__ import annotations

from decimal import Decimal

from tamnong.rules.formatting import COMPARATOR_SYMBOLS, NEGATED_SYMBOLS, dmy, format_number
from tamnong.rules.model import Assessment, Criterion, Edition, FactValue, Indicator, Overlay, Supersession
from tamnong.rules.results import (
    INCOMPLETE,
    MET,
    MISSING,
    NOT_APPLICABLE,
    NOT_MET,
    UNKNOWN,
    CriterionResult,
    IndicatorResult,
    TierResult,
)
from tamnong.rules.thresholds import Threshold

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


# --------------------------------------------------------------------------- indicators


def unknown_reason(edition: Edition, th: Threshold) -> tuple[str | None, str | None]:
    """Why an unknown threshold is unknown: the data's reason, or for a derived threshold the
    reason of the threshold it reads."""
    ref = th.derived_from
    if ref is None:
        return th.reason_vi, th.reason_en
    ref_vi, ref_en = unknown_reason(edition, ref)
    ref_tier = edition.tier(ref.param.tier)
    pct = format_number(Decimal(str(th.param.factor)) * 100)
    return (
        f"ngưỡng bằng {pct}% ngưỡng của mức «{ref_tier.name_vi}», mà ngưỡng đó chưa biết: {ref_vi}",
        f"the threshold is {pct}% of the threshold of “{ref_tier.name_en}”, which is unknown: {ref_en}",
    )


def _context(edition: Edition, th: Threshold, overlay: Overlay | None, lang: str) -> str:
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


def indicator_texts(
    edition: Edition,
    ind: Indicator,
    th: Threshold | None,
    value: FactValue | None,
    status: str,
    overlay: Overlay | None,
) -> tuple[str, str]:
    """The sentence of one indicator's result (``status`` as decided for ``value`` against ``th``)."""
    head_vi, head_en = f"Chỉ tiêu {ind.code}", f"Indicator {ind.code}"
    if th is None:
        return (
            f"{head_vi}: chỉ tiêu riêng của tỉnh, chỉ áp dụng từ {dmy(min(ind.values))} — không áp dụng",
            f"{head_en}: province-only indicator, applies from {min(ind.values).isoformat()} — not applicable",
        )
    p = th.param
    ctx_vi, ctx_en = _context(edition, th, overlay, "vi"), _context(edition, th, overlay, "en")
    val_vi = _fmt(edition, ind, value, "vi") if value is not None else None
    val_en = _fmt(edition, ind, value, "en") if value is not None else None

    if p.unknown:
        reason_vi, reason_en = unknown_reason(edition, th)
        given_vi = f"{val_vi}; " if val_vi else ""
        given_en = f"{val_en}; " if val_en else ""
        return (
            f"{head_vi}: {given_vi}ngưỡng chưa có trong nguồn ({reason_vi}){ctx_vi} — chưa thể đánh giá",
            f"{head_en}: {given_en}threshold not sourced ({reason_en}){ctx_en} — cannot assess",
        )

    if p.band is not None:
        lo, hi = p.band
        band_vi = f"khung từ {_fmt(edition, ind, lo, 'vi')} đến dưới {_fmt(edition, ind, hi, 'vi')}"
        band_en = f"band from {_fmt(edition, ind, lo, 'en')} to under {_fmt(edition, ind, hi, 'en')}"
        if status == MISSING:
            return (
                f"{head_vi}: chưa có số liệu (yêu cầu: {band_vi})",
                f"{head_en}: no value given (required: {band_en})",
            )
        if status == NOT_MET:
            return (
                f"{head_vi}: {val_vi} < {_fmt(edition, ind, lo, 'vi')} ({band_vi}) — chưa đạt",
                f"{head_en}: {val_en} < {_fmt(edition, ind, lo, 'en')} ({band_en}) — not met",
            )
        if status == MET:
            return (
                f"{head_vi}: {val_vi}, trong {band_vi} — đạt",
                f"{head_en}: {val_en}, within the {band_en} — met",
            )
        return (
            f"{head_vi}: {val_vi} ≥ {_fmt(edition, ind, hi, 'vi')}, trên {band_vi} của mức này; "
            f"nguồn chưa nói điểm trên khung có đạt mức này hay không — chưa thể đánh giá",
            f"{head_en}: {val_en} ≥ {_fmt(edition, ind, hi, 'en')}, above the {band_en} of this level; "
            f"the sources do not say whether a score above the band meets this level — cannot assess",
        )

    assert p.threshold is not None and ind.comparator is not None
    t_vi, t_en = _fmt(edition, ind, p.threshold, "vi"), _fmt(edition, ind, p.threshold, "en")
    sym = COMPARATOR_SYMBOLS[ind.comparator]
    if status == MISSING:
        req_vi = t_vi if ind.kind == "yes_no" else f"{sym} {t_vi}"
        req_en = t_en if ind.kind == "yes_no" else f"{sym} {t_en}"
        return (
            f"{head_vi}: chưa có số liệu (yêu cầu: {req_vi}){ctx_vi}",
            f"{head_en}: no value given (required: {req_en}){ctx_en}",
        )
    ok = status == MET
    if ind.kind == "yes_no":
        if ok:
            return f"{head_vi}: {val_vi} — đạt", f"{head_en}: {val_en} — met"
        return (
            f"{head_vi}: {val_vi} (yêu cầu: {t_vi}) — chưa đạt",
            f"{head_en}: {val_en} (required: {t_en}) — not met",
        )
    shown = sym if ok else NEGATED_SYMBOLS[ind.comparator]
    word_vi, word_en = ("đạt", "met") if ok else ("chưa đạt", "not met")
    return (
        f"{head_vi}: {val_vi} {shown} {t_vi}{ctx_vi} — {word_vi}",
        f"{head_en}: {val_en} {shown} {t_en}{ctx_en} — {word_en}",
    )


# --------------------------------------------------------------------------- criteria and tiers


def criterion_texts(
    crit: Criterion,
    status: str,
    assessment: Assessment | None,
    inds: tuple[IndicatorResult, ...],
    lower: TierResult | None,
    lower_status: str | None,
) -> tuple[str, str]:
    """The sentence of one criterion's result. ``lower_status``: the status of the criterion of
    the tier below that this one requires, when it requires one."""
    head_vi = f"Tiêu chí {crit.number} ({crit.name_vi})"
    head_en = f"Criterion {crit.number} ({crit.name_en})"
    if assessment is not None:
        by_vi = f"; người đánh giá: {assessment.by}" if assessment.by else ""
        by_en = f"; assessed by: {assessment.by}" if assessment.by else ""
        instead_vi = " (dùng thay cho kết quả theo chỉ tiêu)" if crit.assessed == "indicators" else ""
        instead_en = " (used instead of the indicator results)" if crit.assessed == "indicators" else ""
        return (
            f"{head_vi}: đánh giá trực tiếp{instead_vi} — {STATUS_VI[status]}. Căn cứ: {assessment.evidence}{by_vi}",
            f"{head_en}: direct assessment{instead_en} — {STATUS_EN[status]}. Evidence: {assessment.evidence}{by_en}",
        )
    if crit.assessed == "direct":
        return (
            f"{head_vi}: cần đánh giá trực tiếp — {STATUS_VI[INCOMPLETE]}. Lý do: {crit.reason_vi}",
            f"{head_en}: needs a direct assessment — {STATUS_EN[INCOMPLETE]}. Reason: {crit.reason_en}",
        )
    applicable = [i for i in inds if i.status != NOT_APPLICABLE]
    failed = [i.code for i in applicable if i.status == NOT_MET]
    open_ = [i.code for i in applicable if i.status in (MISSING, UNKNOWN)]
    extra_vi, extra_en = [], []
    if lower_status is not None and lower is not None:
        extra_vi.append(f"tiêu chí {crit.requires_lower_criterion} ở bậc {lower.id}: {STATUS_VI[lower_status]}")
        extra_en.append(f"criterion {crit.requires_lower_criterion} in tier {lower.id}: {STATUS_EN[lower_status]}")
    met_n = sum(1 for i in applicable if i.status == MET)
    detail_vi = [f"{met_n}/{len(applicable)} chỉ tiêu đạt"]
    detail_en = [f"{met_n}/{len(applicable)} indicators met"]
    if failed:
        detail_vi.append(f"chưa đạt: {', '.join(failed)}")
        detail_en.append(f"not met: {', '.join(failed)}")
    if open_:
        detail_vi.append(f"chưa có số liệu hoặc ngưỡng: {', '.join(open_)}")
        detail_en.append(f"no value or no threshold: {', '.join(open_)}")
    return (
        f"{head_vi}: {STATUS_VI[status]} — {'; '.join(detail_vi + extra_vi)}",
        f"{head_en}: {STATUS_EN[status]} — {'; '.join(detail_en + extra_en)}",
    )


def tier_texts(edition: Edition, tier: TierResult, lower: TierResult | None) -> tuple[str, str]:
    """The sentence of one tier's result (``lower``: the result of the tier below, if any)."""
    word_vi = "đạt" if tier.reached else "chưa đạt"
    word_en = "reached" if tier.reached else "not reached"
    below_vi = "" if tier.lower_reached else f"; chưa đạt mức dưới ({lower.name_vi if lower else ''})"
    below_en = "" if tier.lower_reached else f"; the tier below ({lower.name_en if lower else ''}) is not reached"
    rule_vi = rule_en = ""
    if tier.special_rules_applied:
        rules = [r for r in edition.special_rules if r.id in tier.special_rules_applied]
        rule_vi = "; áp dụng quy định đặc biệt: " + " ".join(f"{r.description_vi} ({r.reference})" for r in rules)
        rule_en = "; special rule applied: " + " ".join(f"{r.description_en} ({r.reference})" for r in rules)
    return (
        f"{tier.name_vi}: {tier.criteria_met}/{tier.criteria_total} tiêu chí đạt, "
        f"{tier.indicators_met}/{tier.indicators_applicable} chỉ tiêu đạt — {word_vi}{below_vi}{rule_vi}",
        f"{tier.name_en}: {tier.criteria_met}/{tier.criteria_total} criteria met, "
        f"{tier.indicators_met}/{tier.indicators_applicable} indicators met — {word_en}{below_en}{rule_en}",
    )


# --------------------------------------------------------------------------- gaps and notes


def need_texts(edition: Edition, tier_id: str, c: CriterionResult, i: IndicatorResult | None) -> tuple[str, str]:
    """What a gap asks for: criterion ``c`` of tier ``tier_id`` as a whole (``i`` None), or its indicator ``i``."""
    if i is not None:
        return _indicator_need(edition, i)
    if c.basis == "direct_assessment":
        return (
            f"Tiêu chí {c.number}: đánh giá trực tiếp là chưa đạt; cần đạt tiêu chí",
            f"Criterion {c.number}: the direct assessment says not met; the criterion must be met",
        )
    crit = edition.tier(tier_id).criterion(c.number)
    if c.basis == "needs_direct_assessment":
        return (
            f"Tiêu chí {c.number}: cần đánh giá trực tiếp ({crit.reason_vi})",
            f"Criterion {c.number}: needs a direct assessment ({crit.reason_en})",
        )
    lower_id = edition.tiers[[t.id for t in edition.tiers].index(tier_id) - 1].id
    return (
        f"Tiêu chí {c.number}: cần đạt tiêu chí {crit.requires_lower_criterion} ở bậc {lower_id}",
        f"Criterion {c.number}: criterion {crit.requires_lower_criterion} of tier {lower_id} must be met",
    )


def _indicator_need(edition: Edition, i: IndicatorResult) -> tuple[str, str]:
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


def superseded_note(sup: Supersession) -> tuple[str, str]:
    """The note of an evaluation on or after the date its edition is superseded."""
    return (
        f"Bộ tiêu chí này được thay thế từ {dmy(sup.on)} ({sup.legal_basis}). {sup.transition_vi}",
        f"This edition is superseded from {sup.on.isoformat()} ({sup.legal_basis}). {sup.transition_en}",
    )
