"""The data-entry form of a commune, generated from the criteria edition: nobody writes a form per criterion.

Field names: `v:<indicator>` value, `c:<indicator>` comment, `f:<indicator>` evidence file,
`a:<criterion key>` direct assessment ("1" met, "0" not met, "" none), `e:<criterion key>` its evidence.
"""

from dataclasses import dataclass, field
from typing import Any

from tamnong import rules
from tamnong.accounts.files import file_url
from tamnong.ntm.services import AssessmentInput
from tamnong.rules.validation import measures, parse_value


@dataclass
class EntryField:
    code: str
    name: str
    kind: str
    unit_label: str
    value: Any = None
    text: str = ""
    comment: str = ""
    error: str = ""
    evidence_url: str = ""  # the private file page of the evidence file kept with the value


@dataclass
class EntryCriterion:
    key: str  # "3", or "advanced/4"
    number: str
    name: str
    assessed: str
    reason: str
    fields: list[EntryField] = field(default_factory=list)
    assessment: str = ""  # "1", "0" or ""
    evidence: str = ""
    error: str = ""
    evidence_url: str = ""  # the private file page of the direct assessment's evidence file


@dataclass
class EntryTier:
    id: str
    name: str
    criteria: list[EntryCriterion]


@dataclass
class EntryForm:
    tiers: list[EntryTier]
    errors: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(
            c.error or any(f.error for f in c.fields) for t in self.tiers for c in t.criteria
        )

    def values(self) -> dict[str, Any]:
        return {f.code: f.value for t in self.tiers for c in t.criteria for f in c.fields}

    def comments(self) -> dict[str, str]:
        return {f.code: f.comment for t in self.tiers for c in t.criteria for f in c.fields}

    def assessments(self) -> dict[str, AssessmentInput | None]:
        return {
            c.key: AssessmentInput(met=c.assessment == "1", evidence=c.evidence) if c.assessment else None
            for t in self.tiers
            for c in t.criteria
        }

    def facts(self) -> dict[str, Any]:
        """What the engine reads, for the live preview (nothing saved)."""
        return {
            "values": {k: v for k, v in self.values().items() if v is not None},
            "assessments": {
                k: {"met": a.met, "evidence": a.evidence or "—"} for k, a in self.assessments().items() if a is not None
            },
        }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return rules.format_number(value, "vi")


def entry_form_build(edition: rules.Edition, facts: dict, comments: dict[str, str], lang: str = "vi") -> EntryForm:
    """The form of an edition, filled with a self-assessment's facts. Each code appears once (its first tier)."""
    vi = lang == "vi"
    seen: set[str] = set()
    tiers = []
    for index, tier in enumerate(edition.tiers):
        criteria = []
        for criterion in tier.criteria:
            key = criterion.number if index == 0 else f"{tier.id}/{criterion.number}"
            assessment = facts.get("assessments", {}).get(key)
            entry = EntryCriterion(
                key=key, number=criterion.number, name=criterion.name_vi if vi else criterion.name_en,
                assessed=criterion.assessed, reason=(criterion.reason_vi if vi else criterion.reason_en) or "",
                assessment="" if assessment is None else ("1" if assessment["met"] else "0"),
                evidence=assessment["evidence"] if assessment else "",
            )  # fmt: skip
            for indicator in criterion.indicators:
                if indicator.code in seen:
                    continue
                seen.add(indicator.code)
                unit = edition.units[indicator.unit]
                value = facts.get("values", {}).get(indicator.code)
                entry.fields.append(
                    EntryField(
                        code=indicator.code,
                        name=indicator.name_vi if vi else indicator.name_en,
                        kind=indicator.kind,
                        unit_label=unit.label_vi if vi else unit.label_en,
                        value=value,
                        text=_text(value),
                        comment=comments.get(indicator.code, ""),
                    )
                )
            criteria.append(entry)
        tiers.append(EntryTier(id=tier.id, name=tier.name_vi if vi else tier.name_en, criteria=criteria))
    return EntryForm(tiers=tiers)


def entry_form_files(form: EntryForm, sa) -> EntryForm:
    """Link each value's and each direct assessment's evidence file (its private file page)."""
    if sa is None:
        return form
    values = {v.code: v.pk for v in sa.values.exclude(evidence="")}
    assessments = {a.criterion: a.pk for a in sa.assessments.exclude(evidence_file="")}
    for tier in form.tiers:
        for criterion in tier.criteria:
            if criterion.key in assessments:
                criterion.evidence_url = file_url("ntm-assessment", assessments[criterion.key])
            for f in criterion.fields:
                if f.code in values:
                    f.evidence_url = file_url("ntm-evidence", values[f.code])
    return form


def entry_form_bind(form: EntryForm, data, edition: rules.Edition, lang: str = "vi") -> EntryForm:
    """Read posted data into the form, with a message per field that cannot be read."""
    indicators = measures(edition)
    for tier in form.tiers:
        for criterion in tier.criteria:
            for f in criterion.fields:
                f.text = data.get(f"v:{f.code}", "").strip()
                f.comment = data.get(f"c:{f.code}", "").strip()
                f.error = ""
                try:
                    f.value = parse_value(indicators[f.code], f.text)
                except ValueError as exc:
                    f.value = None
                    f.error = str(exc) if lang == "vi" else f"“{f.text}” is not a valid value"
            criterion.assessment = data.get(f"a:{criterion.key}", "")
            criterion.evidence = data.get(f"e:{criterion.key}", "").strip()
            criterion.error = ""
            if criterion.assessment and not criterion.evidence:
                criterion.error = (
                    "Cần ghi căn cứ (văn bản, biên bản) cho kết quả đánh giá."
                    if lang == "vi"
                    else "A direct assessment needs its evidence."
                )
    return form
