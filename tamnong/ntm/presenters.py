"""An evaluation and an NTM roll-up in words and plain data (the `evaluate` command, the API's summary)."""

from typing import Any

from tamnong import rules
from tamnong.ntm.rollups import report_name


def evaluation_text(evaluation: rules.Evaluation, *, unit_name: str, edition: rules.Edition, lang: str = "vi") -> str:
    """The evaluation explained line by line, as the `tamnong evaluate` command prints it."""
    vi = lang == "vi"
    name = "name_vi" if vi else "name_en"
    explanation = "explanation_vi" if vi else "explanation_en"
    on = evaluation.on.strftime("%d/%m/%Y")
    lines = [
        f"{'Đánh giá' if vi else 'Evaluation of'} {unit_name}",
        f"{'Bộ tiêu chí' if vi else 'Criteria set'}: {getattr(edition, name)} ({edition.id}, "
        f"{'mã băm' if vi else 'hash'} {evaluation.trace.content_hash.split(':')[-1][:12]})",
        f"{'Ngày' if vi else 'Date'}: {on}",
    ]
    lines += list(evaluation.notes_vi if vi else evaluation.notes_en)
    for tier in evaluation.tiers:
        lines += ["", f"== {getattr(tier, name)} ==", getattr(tier, explanation)]
        for criterion in tier.criteria:
            lines.append(f"  {getattr(criterion, explanation)}")
            for indicator in criterion.indicators:
                lines.append(f"      {getattr(indicator, explanation)}")
    reached = evaluation.tier_reached
    lines.append("")
    if reached:
        tier_name = getattr(evaluation.tier(reached), name)
        lines.append(f"{'Mức đạt' if vi else 'Tier reached'}: {tier_name}")
    else:
        lines.append("Mức đạt: chưa đạt mức nào" if vi else "Tier reached: none yet")
    if evaluation.next_tier:
        next_name = getattr(evaluation.tier(evaluation.next_tier), name)
        lines.append(f"{'Còn thiếu để đạt' if vi else 'Still needed for'} {next_name}:")
        lines += [f"  - {gap.need_vi if vi else gap.need_en}" for gap in evaluation.gaps]
    return "\n".join(lines) + "\n"


def summary_data(summary, lang: str = "vi") -> dict[str, Any]:
    """An NTM roll-up as plain data (the API's summary, and what the pages and reports print)."""
    target = summary.target
    return {
        "unit": summary.unit,
        "on": summary.on,
        "edition": summary.edition.id,
        "communes_in_unit": summary.communes_in_unit,
        "communes_assessed": summary.communes_assessed,
        "average_criteria": summary.average_criteria,
        "average_indicators": summary.average_indicators,
        "tiers": {
            tier: [{"code": u.code, "name": report_name(u)} for u in units] for tier, units in summary.tiers.items()
        },
        "distribution": {b.key: b.count for b in summary.distribution},
        "criteria_share": summary.criteria_share,
        "communes": [
            {
                "code": c.unit.code,
                "name": c.name,
                "on": c.on,
                "criteria_met": c.criteria_met,
                "criteria_total": c.criteria_total,
                "indicators_met": c.indicators_met,
                "tier_reached": c.tier_reached,
                "recognised_tier": c.recognised_tier,
            }
            for c in summary.communes
        ],
        "targets": (
            {
                "year": target.year,
                "average_criteria": target.average_criteria,
                "communes_standard": target.communes_standard,
                "communes_advanced": target.communes_advanced,
                "communes_model": target.communes_model,
                "communes_15_18": target.communes_15_18,
                "communes_10_14": target.communes_10_14,
                "planned": [
                    {"code": tc.commune.code, "name": report_name(tc.commune), "tier": tc.tier}
                    for tc in target.communes.all()
                ],
            }
            if target
            else None
        ),
        "warnings": [vi if lang == "vi" else en for vi, en in summary.warnings],
        "attribution": (summary.attribution[0] if lang == "vi" else summary.attribution[1])
        if summary.attribution
        else None,
        "text_vi": summary.text_vi,
        "text_en": summary.text_en,
    }
