"""Plain data and text for criteria editions (summary, detail, the thresholds that apply to a commune,
what is not yet sourced), shared by the API, the criteria browser and the CLI."""

from typing import Any

from tamnong import rules
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
