"""Plain data and text for editions and evaluations, shared by the API, the pages and the CLI."""

from typing import Any

from tamnong import rules
from tamnong.ntm.rollups import report_name
from tamnong.rules.model import Indicator, ValueEntry


def edition_summary(edition: rules.Edition) -> dict[str, Any]:
    return {
        "id": edition.id,
        "name_vi": edition.name_vi,
        "name_en": edition.name_en,
        "legal_basis": edition.legal_basis,
        "issued_on": edition.issued_on.isoformat(),
        "valid_from": edition.valid_from.isoformat(),
        "superseded_by": (
            {
                "id": edition.superseded_by.id,
                "on": edition.superseded_by.on.isoformat(),
                "legal_basis": edition.superseded_by.legal_basis,
                "transition_vi": edition.superseded_by.transition_vi,
                "transition_en": edition.superseded_by.transition_en,
            }
            if edition.superseded_by
            else None
        ),
        "place_key": edition.place_key,
        "places": {code: {"name_vi": p.name_vi, "name_en": p.name_en} for code, p in edition.places.items()},
        "content_hash": edition.content_hash,
        "tiers": [
            {
                "id": tier.id,
                "name_vi": tier.name_vi,
                "name_en": tier.name_en,
                "legal_basis": tier.legal_basis,
                "criteria_count": len(tier.criteria),
                "indicator_count": sum(len(c.indicators) for c in tier.criteria),
            }
            for tier in edition.tiers
        ],
    }


def value_entry(entry: ValueEntry) -> dict[str, Any]:
    """One dated threshold entry as plain data."""
    out: dict[str, Any] = {"effective": entry.effective.isoformat(), "reference": entry.reference}
    if entry.unknown:
        out.update(unknown=True, reason_vi=entry.reason_vi, reason_en=entry.reason_en)
    elif entry.by_place is not None:
        out["by_place"] = dict(entry.by_place)
    elif entry.band is not None:
        out["band"] = {"from": entry.band.from_, "below": entry.band.below}
    elif entry.relative_to is not None:
        out["relative_to"] = {"tier": entry.relative_to.tier, "factor": entry.relative_to.factor}
    else:
        out["value"] = entry.value
    for key in ("source", "note"):
        if getattr(entry, key):
            out[key] = getattr(entry, key)
    return out


def indicator_detail(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "code_status": indicator.code_status,
        "name_vi": indicator.name_vi,
        "name_en": indicator.name_en,
        "kind": indicator.kind,
        "unit": indicator.unit,
        "comparator": indicator.comparator,
        "note": indicator.note,
        "values": [value_entry(indicator.values[d]) for d in sorted(indicator.values)],
    }


def edition_detail(edition: rules.Edition) -> dict[str, Any]:
    body = edition_summary(edition)
    body["tiers"] = [
        {
            **summary,
            "criteria": [
                {
                    "number": c.number,
                    "group": c.group,
                    "name_vi": c.name_vi,
                    "name_en": c.name_en,
                    "assessed": c.assessed,
                    "reason_vi": c.reason_vi,
                    "reason_en": c.reason_en,
                    "reference": c.reference,
                    "source": c.source,
                    "note": c.note,
                    "indicators": [indicator_detail(i) for i in c.indicators],
                }
                for c in tier.criteria
            ],
        }
        for summary, tier in zip(body["tiers"], edition.tiers, strict=True)
    ]
    return body


_THRESHOLD_FIELDS = (
    "code",
    "name_vi",
    "name_en",
    "kind",
    "unit",
    "comparator",
    "threshold",
    "band",
    "effective",
    "reference",
    "origin",
    "place_used",
    "province_only",
)


def thresholds_applied(evaluation: rules.Evaluation) -> dict[str, Any]:
    """The thresholds an evaluation used, without its values: what applies to a commune on a date."""
    data = evaluation.to_dict()
    return {
        "on": data["on"],
        "place": data["place"],
        "trace": {k: v for k, v in data["trace"].items() if k != "parameters"},
        "tiers": [
            {
                "id": tier["id"],
                "name_vi": tier["name_vi"],
                "name_en": tier["name_en"],
                "place_used": tier["place_used"],
                "special_rules_applied": tier["special_rules_applied"],
                "criteria": [
                    {
                        "number": c["number"],
                        "name_vi": c["name_vi"],
                        "name_en": c["name_en"],
                        "basis": c["basis"],
                        "indicators": [
                            {**{k: i[k] for k in _THRESHOLD_FIELDS}, "cannot_assess": i["status"] == "unknown"}
                            for i in c["indicators"]
                        ],
                    }
                    for c in tier["criteria"]
                ],
            }
            for tier in data["tiers"]
        ],
    }


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


def dmy(iso_date: str) -> str:
    """ "2024-03-31" → "31/03/2024"."""
    year, month, day = iso_date.split("-")
    return f"{day}/{month}/{year}"


_COMPARATOR_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def threshold_text(edition: rules.Edition, indicator: dict[str, Any], lang: str) -> str:
    """ "≥ 80%", "từ 50 đến dưới 70 điểm", "có" — the threshold an indicator result used."""
    vi = lang == "vi"
    if indicator.get("cannot_assess") or (indicator["threshold"] is None and indicator["band"] is None):
        return "chưa có ngưỡng (chưa có nguồn)" if vi else "no threshold (not yet sourced)"
    if indicator["band"] is not None:
        low, high = indicator["band"]
        low_text = rules.format_value(edition, indicator["kind"], indicator["unit"], low, lang)
        high_text = rules.format_value(edition, indicator["kind"], indicator["unit"], high, lang)
        return f"từ {low_text} đến dưới {high_text}" if vi else f"from {low_text} to under {high_text}"
    value = rules.format_value(edition, indicator["kind"], indicator["unit"], indicator["threshold"], lang)
    if indicator["kind"] == "yes_no":
        return value
    return f"{_COMPARATOR_TEXT[indicator['comparator']]} {value}"


def entry_text(edition: rules.Edition, indicator: dict[str, Any], entry: dict[str, Any], lang: str) -> str:
    """One dated entry of an indicator, for the criteria browser without a chosen commune."""
    vi = lang == "vi"
    if entry.get("unknown"):
        return (entry.get("reason_vi") if vi else entry.get("reason_en")) or ("chưa có nguồn" if vi else "not sourced")
    if "band" in entry:
        band = entry["band"]
        return threshold_text(edition, {**indicator, "threshold": None, "band": (band["from"], band["below"])}, lang)
    if "relative_to" in entry:
        rel = entry["relative_to"]
        factor = rules.format_number(rel["factor"] * 100, lang)
        tier = getattr(edition.tier(rel["tier"]), "name_vi" if vi else "name_en")
        return f"≥ {factor}% ngưỡng của mức «{tier}»" if vi else f"≥ {factor}% of the threshold of “{tier}”"
    if "by_place" in entry:
        return "; ".join(
            f"{place}: {threshold_text(edition, {**indicator, 'threshold': v, 'band': None}, lang)}"
            for place, v in entry["by_place"].items()
        )
    return threshold_text(edition, {**indicator, "threshold": entry["value"], "band": None}, lang)


def annotate_for_display(
    edition: rules.Edition, detail: dict[str, Any], applied: dict[str, Any] | None, lang: str
) -> None:
    """Add the threshold texts the criteria browser prints (in place)."""
    for tier in detail["tiers"]:
        for criterion in tier["criteria"]:
            for indicator in criterion["indicators"]:
                for entry in indicator["values"]:
                    entry["text"] = entry_text(edition, indicator, entry, lang)
                    entry["effective_text"] = dmy(entry["effective"])
    if applied:
        for tier in applied["tiers"]:
            place = edition.places.get(tier["place_used"])
            tier["place_used_name"] = (
                (place.name_vi if lang == "vi" else place.name_en) if place else tier["place_used"]
            )
            for criterion in tier["criteria"]:
                for indicator in criterion["indicators"]:
                    indicator["threshold_text"] = threshold_text(edition, indicator, lang)
                    indicator["effective_text"] = dmy(indicator["effective"]) if indicator["effective"] else ""


def coverage_lines(edition: rules.Edition, lang: str = "vi") -> list[str]:
    """What an edition does not yet source, tier by tier, as Markdown list lines."""
    vi = lang == "vi"
    lines = [f"### {edition.name_vi if vi else edition.name_en} (`{edition.id}`)", ""]
    for tier in edition.tiers:
        direct = [c.number for c in tier.criteria if c.assessed == "direct"]
        unknown = [
            (c.number, i.code, [d.strftime("%d/%m/%Y") for d, e in sorted(i.values.items()) if e.unknown])
            for c in tier.criteria
            for i in c.indicators
            if any(e.unknown for e in i.values.values())
        ]
        sourced = sum(1 for c in tier.criteria for i in c.indicators if not all(e.unknown for e in i.values.values()))
        name = tier.name_vi if vi else tier.name_en
        lines.append(
            f"- **{name}**: {len(tier.criteria)} "
            + (
                f"tiêu chí; {sourced} chỉ tiêu có ngưỡng từ nguồn."
                if vi
                else f"criteria; {sourced} indicators with sourced thresholds."
            )
        )
        if direct:
            lines.append(
                (
                    "  - Đánh giá trực tiếp (chỉ tiêu chưa có nguồn): tiêu chí "
                    if vi
                    else "  - Assessed directly (indicators not sourced): criteria "
                )
                + ", ".join(direct)
            )
        for number, code, dates in unknown:
            lines.append(
                f"  - {'Tiêu chí' if vi else 'Criterion'} {number}, {'chỉ tiêu' if vi else 'indicator'} `{code}`: "
                + ("ngưỡng chưa có nguồn (giá trị từ " if vi else "threshold not sourced (entry of ")
                + ", ".join(dates)
                + ")"
            )
    lines.append("")
    return lines


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
