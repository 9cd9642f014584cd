"""The data-entry form of a commune, generated from the criteria edition: nobody writes a form per criterion.

Field names: `v:<indicator>` value, `c:<indicator>` comment, `f:<indicator>` evidence file,
`a:<criterion key>` direct assessment ("1" met, "0" not met, "" none), `e:<criterion key>` its evidence.

Each field carries what the officer needs beside it: its official name (never an internal key), the
thresholds that apply to the commune on the date with their legal reference, and, once the preview has
run, its result (met / not met). What was typed is kept as typed when the form is sent back with errors.
"""

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from typing import Any

from tamnong import rules
from tamnong.accounts.files import KINDS, file_read_allowed, file_url
from tamnong.criteria.presenters import threshold_text
from tamnong.ntm.services import AssessmentInput
from tamnong.rules.in_force import in_force
from tamnong.rules.model import Indicator
from tamnong.rules.validation import check_value, measures, parse_value

# What the criteria data appends to a name whose exact wording is not yet checked against the official text.
_UNVERIFIED_SUFFIXES = (" (tên chính xác chưa xác minh)", " (exact wording unverified)")


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
    evidence_name: str = ""
    number: str = ""  # the official number shown ("3.1"); empty when the code is the project's own key
    unverified: bool = False  # the data marks the name as not checked against the official text
    thresholds: list[dict[str, str]] = field(default_factory=list)  # per tier: text, reference, since
    status: str = ""  # from the preview: met, not_met, missing, unknown, not_applicable
    result: str = ""  # the preview's sentence for this field

    @property
    def slug(self) -> str:
        return "".join(ch for ch in self.code if ch.isalnum())


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
    evidence_name: str = ""
    status: str = ""  # from the preview: met, not_met, incomplete
    result: str = ""

    @property
    def slug(self) -> str:
        return "".join(ch for ch in self.key if ch.isalnum())


@dataclass
class EntryTier:
    id: str
    name: str
    criteria: list[EntryCriterion]


@dataclass
class EntryForm:
    tiers: list[EntryTier]
    errors: list[str] = field(default_factory=list)
    place_problem: str = ""  # why the thresholds of this commune cannot be read (no region, no group)

    @property
    def file_params(self) -> str:
        """The names of the form's file inputs, which the live preview leaves out (`hx-params="not …"`)."""
        names = [f"g:{c.key}" for t in self.tiers for c in t.criteria]
        names += [f"f:{f.code}" for t in self.tiers for c in t.criteria for f in c.fields]
        return ",".join(names)

    @property
    def has_field_errors(self) -> bool:
        return any(c.error or any(f.error for f in c.fields) for t in self.tiers for c in t.criteria)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or self.has_field_errors

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
        """What the engine reads, for the live preview (nothing saved): what cannot be saved as it stands
        (a value refused, a direct assessment without its evidence) is left out."""
        refused = {c.key for t in self.tiers for c in t.criteria if c.error}
        return {
            "values": {k: v for k, v in self.values().items() if v is not None},
            "assessments": {
                k: {"met": a.met, "evidence": a.evidence}
                for k, a in self.assessments().items()
                if a is not None and k not in refused
            },
        }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return rules.format_number(value, "vi")


def indicator_label(indicator: Indicator, lang: str = "vi") -> tuple[str, str, bool]:
    """(number shown, name, unverified) of an indicator for people: the official number only when the
    code is one ("3.1", stated or inferred from the text; a key the project assigned is never shown),
    the name without the data's "exact wording unverified" note, and whether that note was there."""
    name = indicator.name_vi if lang == "vi" else indicator.name_en
    unverified = False
    for suffix in _UNVERIFIED_SUFFIXES:
        if name.endswith(suffix):
            name, unverified = name.removesuffix(suffix), True
    number = indicator.code if indicator.code_status in ("stated", "inferred") else ""
    return number, name, unverified


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
                number, name, unverified = indicator_label(indicator, lang)
                entry.fields.append(
                    EntryField(
                        code=indicator.code, name=name, number=number, unverified=unverified, kind=indicator.kind,
                        unit_label=unit.label_vi if vi else unit.label_en, value=value, text=_text(value),
                        comment=comments.get(indicator.code, ""),
                    )
                )  # fmt: skip
            criteria.append(entry)
        tiers.append(EntryTier(id=tier.id, name=tier.name_vi if vi else tier.name_en, criteria=criteria))
    return EntryForm(tiers=tiers)


def _file_name(stored) -> str:
    return posixpath.basename(getattr(stored, "name", stored) or "")


def entry_form_files(form: EntryForm, sa) -> EntryForm:
    """Link each value's and each direct assessment's evidence file (its private file page), by name."""
    if sa is None:
        return form
    values = {v.code: v for v in sa.values.exclude(evidence="")}
    assessments = {a.criterion: a for a in sa.assessments.exclude(evidence_file="")}
    for tier in form.tiers:
        for criterion in tier.criteria:
            if criterion.key in assessments:
                record = assessments[criterion.key]
                criterion.evidence_url = file_url("ntm-assessment", record.pk)
                criterion.evidence_name = _file_name(record.evidence_file)
            for f in criterion.fields:
                if f.code in values:
                    f.evidence_url = file_url("ntm-evidence", values[f.code].pk)
                    f.evidence_name = _file_name(values[f.code].evidence)
    return form


def entry_form_bind(form: EntryForm, data, edition: rules.Edition, lang: str = "vi") -> EntryForm:
    """Read posted data into the form, with a message per field that cannot be read or is out of its
    range (the same reader and the same ranges as the service, so the preview never shows a value the
    save would refuse). A yes/no answer is kept as its choice, so a form sent back shows it again."""
    vi = lang == "vi"
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
                    f.error = str(exc) if vi else f"“{f.text}” is not a valid value"
                    continue
                if isinstance(f.value, bool):
                    f.text = _text(f.value)
                if f.value is not None and (problem := check_value(indicators[f.code], f.value)):
                    f.error = (
                        f"{problem.reason_vi} (đã nhập «{f.text}»)" if vi else f"{problem.reason_en} (typed “{f.text}”)"
                    )
                    f.value = None
            criterion.assessment = data.get(f"a:{criterion.key}", "")
            if criterion.assessment not in ("", "1", "0"):
                criterion.assessment = ""
            criterion.evidence = data.get(f"e:{criterion.key}", "").strip()
            criterion.error = ""
            if criterion.assessment and not criterion.evidence:
                criterion.error = (
                    "Cần ghi căn cứ (văn bản, biên bản) cho kết quả đánh giá."
                    if vi
                    else "A direct assessment needs its evidence."
                )
    return form


def _indicator_in_edition(edition: rules.Edition, tier_id: str, code: str) -> Indicator | None:
    for criterion in edition.tier(tier_id).criteria:
        for indicator in criterion.indicators:
            if indicator.code == code:
                return indicator
    return None


def entry_form_thresholds(
    form: EntryForm, edition: rules.Edition, thresholds: rules.Evaluation | None, on: dt.date, lang: str = "vi"
) -> EntryForm:
    """Put beside each field the thresholds that apply to the commune on the date, tier by tier, each
    with its legal reference and the date it applies from (`thresholds`: an evaluation with no facts,
    `tamnong.criteria.selectors.thresholds_for_unit`). A threshold not yet sourced says so, with the data's reason."""
    if thresholds is None:
        return form
    vi = lang == "vi"
    data = thresholds.to_dict()
    by_code: dict[str, list[dict[str, str]]] = {}
    for tier in data["tiers"]:
        tier_name = tier["name_vi"] if vi else tier["name_en"]
        for criterion in tier["criteria"]:
            for indicator in criterion["indicators"]:
                unknown = indicator["status"] == "unknown"
                text = threshold_text(edition, {**indicator, "cannot_assess": unknown}, lang)
                if unknown:
                    source = _indicator_in_edition(edition, tier["id"], indicator["code"])
                    found = in_force(source.values, on) if source else None
                    reason = (found[1].reason_vi if vi else found[1].reason_en) if found else None
                    text = (
                        f"chưa có ngưỡng có căn cứ — {reason}" if vi else f"no sourced threshold — {reason}"
                    ) if reason else text  # fmt: skip
                effective = indicator["effective"]
                by_code.setdefault(indicator["code"], []).append({
                    "tier": tier_name, "text": text, "reference": indicator["reference"] or "",
                    "since": dt.date.fromisoformat(effective).strftime("%d/%m/%Y") if effective else "",
                    "unknown": "1" if unknown else "",
                })  # fmt: skip
    for tier in form.tiers:
        for criterion in tier.criteria:
            for f in criterion.fields:
                f.thresholds = by_code.get(f.code, [])
    return form


def _explained(text: str, code: str, label: str, lang: str) -> str:
    """The engine's sentence about an indicator, with its internal key replaced by the name people read."""
    head = f"Chỉ tiêu {code}" if lang == "vi" else f"Indicator {code}"
    return text.replace(head, label) if label != head else text


def entry_form_results(form: EntryForm, preview: dict[str, Any] | None, lang: str = "vi") -> EntryForm:
    """Put the preview's result beside each criterion and field (the result of the field's own tier)."""
    if preview is None:
        return form
    vi = lang == "vi"
    tiers = {t["id"]: t for t in preview["tiers"]}
    for tier in form.tiers:
        result_tier = tiers.get(tier.id)
        if result_tier is None:
            continue
        criteria = {c["number"]: c for c in result_tier["criteria"]}
        for criterion in tier.criteria:
            found = criteria.get(criterion.number)
            if found is None:
                continue
            criterion.status = found["status"]
            indicators = {i["code"]: i for i in found["indicators"]}
            for f in criterion.fields:
                indicator = indicators.get(f.code)
                if indicator is None:
                    continue
                f.status = indicator["status"]
                if f.number:
                    label = f"Chỉ tiêu {f.number}" if vi else f"Indicator {f.number}"
                else:
                    label = f"«{f.name}»" if vi else f"“{f.name}”"
                text = indicator["explanation_vi"] if vi else indicator["explanation_en"]
                f.result = _explained(text, f.code, label, lang)
    return form


def evidence_list(sa, *, actor, edition: rules.Edition | None = None, lang: str = "vi") -> list[dict[str, str]]:
    """The evidence files kept with a self-assessment that `actor` may open: what each is for (the
    indicator's or criterion's name), the file's name and its private file page."""
    if sa is None:
        return []
    vi = lang == "vi"
    names = {code: indicator_label(i, lang) for code, i in measures(edition).items()} if edition else {}
    rows = []
    value_kind, assessment_kind = KINDS["ntm-evidence"], KINDS["ntm-assessment"]
    for value in sa.values.exclude(evidence="").select_related("self_assessment__commune").order_by("code"):
        if not file_read_allowed(actor, value_kind, value):
            continue
        number, name, _ = names.get(value.code, ("", value.code, False))
        label = f"{'Chỉ tiêu' if vi else 'Indicator'} {number}: {name}" if number else name
        rows.append({"for": label, "name": _file_name(value.evidence), "url": file_url("ntm-evidence", value.pk)})
    for assessment in sa.assessments.exclude(evidence_file="").select_related("self_assessment__commune"):
        if not file_read_allowed(actor, assessment_kind, assessment):
            continue
        tier_id, _, number = assessment.criterion.rpartition("/")
        label = f"{'Tiêu chí' if vi else 'Criterion'} {number}"
        if edition is not None:
            tier = edition.tier(tier_id) if tier_id else edition.tiers[0]
            try:
                criterion = tier.criterion(number)
                label += f": {criterion.name_vi if vi else criterion.name_en}"
                if tier_id:
                    label += f" ({tier.name_vi if vi else tier.name_en})"
            except KeyError:
                pass
        rows.append({
            "for": label, "name": _file_name(assessment.evidence_file),
            "url": file_url("ntm-assessment", assessment.pk),
        })  # fmt: skip
    return rows


def evaluation_named(result: dict[str, Any], edition: rules.Edition) -> dict[str, Any]:
    """An evaluation as plain data (`Evaluation.to_dict()`), its sentences naming each indicator by its
    official number or, for a key the project assigned, by its name (in place; returned for chaining)."""
    labels = {}
    for code, indicator in measures(edition).items():
        for lang in ("vi", "en"):
            number, name, _ = indicator_label(indicator, lang)
            word = "Chỉ tiêu" if lang == "vi" else "Indicator"
            labels[(code, lang)] = f"{word} {number}" if number else (f"«{name}»" if lang == "vi" else f"“{name}”")
    for tier in result.get("tiers", []):
        for criterion in tier["criteria"]:
            for indicator in criterion["indicators"]:
                for lang in ("vi", "en"):
                    key = f"explanation_{lang}"
                    label = labels.get((indicator["code"], lang))
                    if label:
                        indicator[key] = _explained(indicator[key], indicator["code"], label, lang)
    for gap in result.get("gaps", []):
        code = gap.get("indicator")
        for lang in ("vi", "en"):
            if code and (label := labels.get((code, lang))):
                gap[f"need_{lang}"] = _explained(gap[f"need_{lang}"], code, label, lang)
    return result


def indicator_titles(editions, lang: str = "vi") -> dict[str, str]:
    """Each indicator code of the editions as people read it in a table: its official number, or its
    name when the code is a key the project assigned."""
    titles: dict[str, str] = {}
    for edition in editions:
        for code, indicator in measures(edition).items():
            number, name, _ = indicator_label(indicator, lang)
            titles.setdefault(code, number or name)
    return titles
