"""The importer of commune data (an importer of tamnong.core.imports): its columns, its row rule, its
dry run's diff and its save. Its templates are tamnong.ntm.import_templates, its jobs
tamnong.ntm.import_jobs.

A template has one row per rural commune of the unit and two header rows: the headers people read
(indicator name and unit), then the codes the importer reads (`3.1`, `criterion:1`,
`criterion:1:evidence`). An import checks every cell before it saves anything: one bad cell and
nothing is saved, and the report names the row, the column, the value and the reason. A dry run
lists what would change (old → new) and saves nothing. An empty cell leaves the value as it is.

A commune with a self-assessment on the import date has it updated through `self_assessment_save`;
a commune without one gets a new self-assessment on that date that starts from its latest earlier
data. Large imports of new self-assessments take a bulk path that writes the same rows (values,
assessments, their history, the evaluation snapshot and the audit event) in a few queries.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from tamnong import rules
from tamnong.accounts import authority
from tamnong.core import clock, imports
from tamnong.core.bulk import db_value, history_created, rows_insert, statistics_refresh
from tamnong.core.errors import DomainError
from tamnong.core.i18n import active_lang
from tamnong.core.imports import ImportReport, Keys, Problem, Progress, cell_text
from tamnong.core.models import AuditEvent
from tamnong.criteria.editions import edition_get
from tamnong.criteria.selectors import evaluation_compute
from tamnong.ntm.models import (
    CriterionAssessment,
    EvaluationSnapshot,
    IndicatorValue,
    SelfAssessment,
)
from tamnong.ntm.rollups import rural_communes
from tamnong.ntm.selectors import self_assessment_facts
from tamnong.ntm.services import AssessmentInput, self_assessment_save
from tamnong.ntm.snapshots import snapshot_fields, snapshots_write
from tamnong.places import territory
from tamnong.places.models import RURAL_KINDS, AdminUnit, Level
from tamnong.places.selectors import unit_full_name
from tamnong.rules.validation import check_value, measures, parse_value

logger = logging.getLogger(__name__)

COMMUNE_CODE = "commune_code"
COMMUNE_NAME = "commune_name"
CRITERION_PREFIX = "criterion:"
EVIDENCE_SUFFIX = ":evidence"
YES_NO = {"vi": ("có", "không"), "en": ("yes", "no")}
MET_WORDS = {"vi": ("đạt", "chưa đạt"), "en": ("met", "not met")}
_MET = {"đạt", "dat", "met", "true"}
_NOT_MET = {"chưa đạt", "chua dat", "không đạt", "khong dat", "not met", "false"}
# At least this many new self-assessments in one import take the bulk path.
BULK_MIN = 100
# A report keeps at most this many errors, and the changes of this many communes (totals are counted).
ERRORS_KEPT = 1000
COMMUNES_KEPT = 500
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Country:
    """Every commune of one list, for national files (the benchmark, an administrator's script);
    the pages import for one unit."""

    scheme: str
    path = None

    @property
    def key(self) -> str:
        return self.scheme


Area = AdminUnit | Country


def rural_of(unit: Area):
    if isinstance(unit, Country):
        return AdminUnit.objects.filter(scheme=unit.scheme, level=Level.COMMUNE, kind__in=RURAL_KINDS)
    return rural_communes(unit)


def area_name(unit: Area, lang: str = "vi") -> str:
    if isinstance(unit, Country):
        return f"cả nước (danh mục {unit.scheme})" if lang == "vi" else f"the whole country ({unit.scheme} list)"
    return unit_full_name(unit)


def import_lang(lang: str | None = None) -> str:
    """The language asked for, else the request's."""
    return "en" if (lang or active_lang()).startswith("en") else "vi"


# --------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    code: str
    header_vi: str
    header_en: str
    kind: str  # commune_code | commune_name | value | assessment | evidence
    indicator: rules.Indicator | None = None
    key: str = ""  # the criterion's assessment key: "1", "advanced/4"

    def header(self, lang: str) -> str:
        return self.header_en if lang == "en" else self.header_vi


def _sourced_on(indicator: rules.Indicator, on: dt.date | None) -> bool:
    """Whether the indicator has a sourced threshold in force on the date (on any date without one)."""
    entries = [e for d, e in sorted(indicator.values.items()) if on is None or d <= on]
    entries = entries if on is None else entries[-1:]
    return any(not e.unknown and e.relative_to is None for e in entries)


def direct_criteria(edition: rules.Edition, on: dt.date | None = None) -> list[tuple[str, rules.Tier, rules.Criterion]]:
    """The criteria offices assess directly on the date: those the edition says are assessed
    directly, and those none of whose indicators has a sourced threshold in force (the office then
    decides, with evidence). Without a date: every criterion (an import accepts a direct assessment
    of any criterion)."""
    out = []
    first = edition.tiers[0].id
    for tier in edition.tiers:
        for criterion in tier.criteria:
            unsourced = bool(criterion.indicators) and not any(_sourced_on(i, on) for i in criterion.indicators)
            if on is None or criterion.assessed == "direct" or unsourced:
                key = criterion.number if tier.id == first else f"{tier.id}/{criterion.number}"
                out.append((key, tier, criterion))
    return out


def template_columns(edition: rules.Edition, on: dt.date | None = None) -> list[Column]:
    """The columns of a template for the date; without a date, every column an import accepts."""
    columns = [
        Column(COMMUNE_CODE, "Mã xã", "Commune code", "commune_code"),
        Column(COMMUNE_NAME, "Tên xã", "Commune name", "commune_name"),
    ]
    for code, indicator in measures(edition).items():
        if indicator.kind == "yes_no":
            unit_vi, unit_en = "có/không", "yes/no"
        else:
            unit = edition.units[indicator.unit]
            unit_vi, unit_en = unit.label_vi, unit.label_en
        columns.append(
            Column(
                code,
                f"{code} {indicator.name_vi} ({unit_vi})",
                f"{code} {indicator.name_en} ({unit_en})",
                "value",
                indicator=indicator,
            )
        )
    first = edition.tiers[0].id
    for key, tier, criterion in direct_criteria(edition, on):
        tier_vi = "" if tier.id == first else f" — {tier.name_vi}"
        tier_en = "" if tier.id == first else f" — {tier.name_en}"
        columns.append(
            Column(
                f"{CRITERION_PREFIX}{key}",
                f"Tiêu chí {criterion.number}{tier_vi} (đánh giá trực tiếp)",
                f"Criterion {criterion.number}{tier_en} (assessed directly)",
                "assessment",
                key=key,
            )
        )
        columns.append(
            Column(
                f"{CRITERION_PREFIX}{key}{EVIDENCE_SUFFIX}",
                f"Tiêu chí {criterion.number}{tier_vi}: căn cứ (văn bản, biên bản)",
                f"Criterion {criterion.number}{tier_en}: evidence (document, minutes)",
                "evidence",
                key=key,
            )
        )
    return columns


# --------------------------------------------------------------------------- templates


def latest_by_commune(communes: list[AdminUnit], edition_id: str, on: dt.date) -> dict[int, SelfAssessment]:
    """Each commune's latest self-assessment on or before the date, with its values and assessments."""
    latest: dict[int, SelfAssessment] = {}
    for sa in (
        SelfAssessment.objects.filter(commune__in=communes, edition_id=edition_id, on__lte=on)
        .select_related("evaluation")
        .prefetch_related("values", "assessments")
        .order_by("commune_id", "-on")
    ):
        latest.setdefault(sa.commune_id, sa)
    return latest


# --------------------------------------------------------------------------- the report

# The report keeps its problems as "errors" and its changes as "communes" (the stored jobs' reports and
# the job page read them so), at most ERRORS_KEPT errors (all are counted).
REPORT_KEYS = Keys(problems="errors", changes="communes", by_cell=True)


def import_report(dry_run: bool) -> ImportReport:
    return ImportReport(dry_run=dry_run, kept=ERRORS_KEPT, keys=REPORT_KEYS)


# --------------------------------------------------------------------------- checking the cells


@dataclass
class _Plan:
    commune: AdminUnit
    row: int
    on: dt.date
    values: dict[str, Any] = field(default_factory=dict)
    assessments: dict[str, AssessmentInput] = field(default_factory=dict)
    baseline: SelfAssessment | None = None  # the self-assessment on the date, else the latest earlier one
    changes: list[dict] = field(default_factory=list)

    @property
    def same_date(self) -> bool:
        return self.baseline is not None and self.baseline.on == self.on


def _number(value: Any) -> Any:
    """Numbers as the database keeps them (four decimals), so old and new compare exactly."""
    if isinstance(value, bool) or value is None:
        return value
    d = Decimal(str(value)).quantize(Decimal("0.0001"))
    return int(d) if d == d.to_integral_value() else float(d)


def _value_reason_en(indicator: rules.Indicator, text: Any) -> str:
    return f"“{text}” is not yes or no" if indicator.kind == "yes_no" else f"“{text}” is not a number"


def _commune_code(value: Any) -> str:
    text = cell_text(value)
    return text.zfill(5) if text.isdigit() else text


class ValuesImporter(imports.Importer):
    """The commune data of a unit on a date, one row per commune: its indicator values and its direct
    assessments (with their evidence), under the row of column codes of `template_columns`."""

    marker = COMMUNE_CODE
    checked_at = 30  # evaluating what would be saved takes the next 20 %

    def __init__(self, *, unit: Area, edition: rules.Edition, on: dt.date, actor):
        self.unit, self.edition, self.on, self.actor = unit, edition, on, actor
        self.known = {c.code: c for c in template_columns(edition)}
        self.first_row: dict[str, int] = {}

    def before_reading(self, report: ImportReport) -> None:
        edition, on = self.edition, self.on
        if on < edition.valid_from:
            report.add(Problem(
                None, "", "", f"{on:%d/%m/%Y}",
                f"ngày {on:%d/%m/%Y} trước ngày bộ tiêu chí {edition.id} có hiệu lực ({edition.valid_from:%d/%m/%Y})",
                f"{on:%d/%m/%Y} is before the criteria set {edition.id} came into force ({edition.valid_from:%d/%m/%Y})",
            ))  # fmt: skip

    def header(self, rows: list[list[Any]], report: ImportReport) -> int | None:
        """The row of column codes (the row above it holds the headers people read); an unknown or
        repeated code is a problem of its cell."""
        codes_at = next(
            (i for i, row in enumerate(rows[:10]) if any(cell_text(c) == COMMUNE_CODE for c in row)),
            None,
        )
        if codes_at is None:
            report.add(Problem(None, "", "", "", *_NO_CODES_ROW))
            return None
        code_row = [cell_text(c) for c in rows[codes_at]]
        head_row = [cell_text(c) for c in rows[codes_at - 1]] if codes_at > 0 else code_row
        self.by_index: dict[int, Column] = {}
        seen: dict[str, int] = {}
        self.texts = [(head_row[i] if i < len(head_row) and head_row[i] else code) or get_column_letter(i + 1)
                      for i, code in enumerate(code_row)]  # fmt: skip
        edition_id = self.edition.id
        for i, code in enumerate(code_row):
            if not code:
                continue
            column = self.known.get(code)
            letter = get_column_letter(i + 1)
            if column is None:
                report.add(Problem(codes_at + 1, letter, self.texts[i], code,
                                   f"mã cột «{code}» không có trong bộ tiêu chí {edition_id}",
                                   f"the column code “{code}” is not in the criteria set {edition_id}"))  # fmt: skip
            elif code in seen:
                first = get_column_letter(seen[code] + 1)
                report.add(Problem(codes_at + 1, letter, self.texts[i], code,
                                   f"mã cột «{code}» lặp lại (đã có ở cột {first})",
                                   f"the column code “{code}” appears twice (already in column {first})"))  # fmt: skip
            else:
                seen[code] = i
                self.by_index[i] = column
        self.at = seen
        return codes_at

    def _header(self, i: int) -> str:
        return self.texts[i] if i < len(self.texts) else get_column_letter(i + 1)

    def skip(self, line: imports.Line) -> bool:
        return not any(cell_text(c) for c in line.cells)

    def prepare(self, lines: list[imports.Line]) -> None:
        unit = self.unit
        wanted = {_commune_code(line.raw[COMMUNE_CODE]) for line in lines if line.raw[COMMUNE_CODE] is not None}
        self.found = {
            u.code: u
            for u in AdminUnit.objects.filter(scheme=unit.scheme, code__in=wanted).select_related("parent__parent")
        }
        self.rural = set(rural_of(unit).values_list("pk", flat=True))

    def check(self, line: imports.Line) -> _Plan | None:
        unit, report, number, row, on = self.unit, line.report, line.number, line.cells, self.on
        raw = line.raw[COMMUNE_CODE]
        code = _commune_code(raw)
        code_index = self.at[COMMUNE_CODE]
        cell = (number, get_column_letter(code_index + 1), self._header(code_index), cell_text(raw))
        commune = self.found.get(code)
        if not code:
            report.add(Problem(*cell, "thiếu mã xã", "the commune code is missing"))
            return None
        if commune is None or commune.level != Level.COMMUNE:
            report.add(Problem(*cell, f"không có xã mã {code} trong danh mục {unit.scheme}",
                               f"there is no commune with code {code} on the {unit.scheme} list"))  # fmt: skip
            return None
        name = unit_full_name(commune)
        if commune.pk not in self.rural:
            if isinstance(unit, Country) or territory.lies_in(commune, unit):
                report.add(Problem(*cell, f"{name} không phải xã nông thôn: bộ tiêu chí không đánh giá phường, thị trấn",
                                   f"{name} is not a rural commune: the criteria do not assess wards and townships"))  # fmt: skip
            else:
                report.add(Problem(*cell, f"{name} không thuộc {area_name(unit)}",
                                   f"{name} is not part of {area_name(unit, 'en')}"))  # fmt: skip
            return None
        try:  # the same act as one commune's form: ntm.values.write on the commune, dated as the values
            authority.authorize(self.actor, "ntm.values.write", unit=commune, on=on)
        except authority.NotAuthorised as exc:
            report.add(Problem(*cell, f"tài khoản không có quyền cập nhật số liệu của {name} ({exc.message_vi})",
                               f"this account may not change the data of {name} ({exc.message_en})"))  # fmt: skip
            return None
        if code in self.first_row:
            report.add(Problem(*cell, f"{name} đã có ở dòng {self.first_row[code]}",
                               f"{name} is already on row {self.first_row[code]}"))  # fmt: skip
            return None
        self.first_row[code] = number
        plan = _Plan(commune=commune, row=number, on=on)
        assessed: dict[str, tuple[int, Any]] = {}
        evidence: dict[str, tuple[int, str]] = {}
        for i, column in self.by_index.items():
            value = row[i] if i < len(row) else None
            if cell_text(value) == "" or column.kind in ("commune_code", "commune_name"):
                continue
            where = (number, get_column_letter(i + 1), self._header(i), cell_text(value))
            if column.kind == "value":
                try:
                    parsed = parse_value(column.indicator, value)
                except ValueError as exc:
                    report.add(Problem(*where, str(exc), _value_reason_en(column.indicator, cell_text(value))))
                    continue
                problem = check_value(column.indicator, parsed)
                if problem:
                    report.add(Problem(*where, problem.reason_vi, problem.reason_en))
                    continue
                plan.values[column.code] = _number(parsed)
            elif column.kind == "assessment":
                assessed[column.key] = (i, value)
            else:
                evidence[column.key] = (i, cell_text(value))
        for key, (i, value) in assessed.items():
            where = (number, get_column_letter(i + 1), self._header(i), cell_text(value))
            word = cell_text(value).lower()
            if isinstance(value, bool):
                met = value
            elif word in _MET:
                met = True
            elif word in _NOT_MET:
                met = False
            else:
                report.add(Problem(*where, f"«{cell_text(value)}» không phải «đạt» hoặc «chưa đạt»",
                                   f"“{cell_text(value)}” is not “met” or “not met”"))  # fmt: skip
                continue
            text = evidence.get(key, (None, ""))[1]
            if not text:
                column = self.known[f"{CRITERION_PREFIX}{key}{EVIDENCE_SUFFIX}"]
                report.add(Problem(
                    *where,
                    f"kết quả đánh giá trực tiếp cần ghi căn cứ (văn bản, biên bản) ở cột «{column.header_vi}»",
                    f"a direct assessment needs its evidence (a document or minutes) in the column “{column.header_en}”",
                ))  # fmt: skip
                continue
            plan.assessments[key] = AssessmentInput(met=met, evidence=text)
        for key, (i, text) in evidence.items():
            if key not in assessed:
                report.add(Problem(number, get_column_letter(i + 1), self._header(i), text,
                                   "có căn cứ nhưng chưa ghi kết quả «đạt» hoặc «chưa đạt» ở cột bên cạnh",
                                   "evidence is given but not the result (“met” or “not met”) in the column beside it"))  # fmt: skip
        return plan

    def review(self, plans: list[_Plan], report: ImportReport, progress: Progress) -> list[_Plan]:
        """What would change (old → new) in each commune, and its evaluation, so that a dry run finds
        what the save would refuse."""
        edition, on = self.edition, self.on
        latest = latest_by_commune([p.commune for p in plans], edition.id, on)
        to_save: list[_Plan] = []
        for plan in plans:
            plan.baseline = latest.get(plan.commune.pk)
            plan.changes = _changes(plan, self.known)
            if plan.baseline is None and not plan.values and not plan.assessments:
                continue  # an empty row of a commune with no data
            if plan.same_date and not plan.changes:
                report.unchanged += 1
                continue
            to_save.append(plan)
        evaluated: dict[int, rules.Evaluation] = {}
        for i, plan in enumerate(to_save):
            values, assessments = _full_input(plan)
            if plan.same_date:
                merged = _facts_of(plan.baseline)
                merged["values"].update(_facts_dict(values, {})["values"])
                merged["assessments"].update(_facts_dict({}, assessments)["assessments"])
            else:
                merged = _facts_dict(values, assessments)
            try:
                evaluated[plan.commune.pk] = evaluation_compute(edition=edition, unit=plan.commune, on=on, facts=merged)
            except DomainError as exc:
                report.add(_row_problem(plan, exc))
            if i % 200 == 0:
                progress(30 + 20 * i // max(len(to_save), 1))
        if not report.ok:
            return []
        self.evaluated = evaluated
        report.changes_total = len(to_save)
        for plan in to_save[:COMMUNES_KEPT]:
            old = getattr(plan.baseline, "evaluation", None) if plan.baseline is not None else None
            new = evaluated[plan.commune.pk]
            report.changes.append({
                "code": plan.commune.code,
                "key": plan.commune.key,
                "name": unit_full_name(plan.commune),
                "row": plan.row,
                "new_record": not plan.same_date,
                "from_on": plan.baseline.on.isoformat() if plan.baseline is not None and not plan.same_date else None,
                "criteria_met_old": old.criteria_met if old is not None else None,
                "criteria_met_new": new.tiers[0].criteria_met,
                "criteria_total": new.tiers[0].criteria_total,
                "changes": plan.changes,
            })  # fmt: skip
        progress(50)
        return to_save

    def apply(self, plans: list[_Plan], report: ImportReport, progress: Progress) -> None:
        """Each commune through `self_assessment_save`, or, for many new self-assessments, the bulk path."""
        edition, on, actor = self.edition, self.on, self.actor
        fresh = [p for p in plans if not p.same_date]
        bulk = fresh if len(fresh) >= BULK_MIN else []
        one_by_one = [p for p in plans if p.same_date] if bulk else plans
        done = 0
        for plan in one_by_one:
            values, assessments = _full_input(plan)
            try:
                self_assessment_save(commune=plan.commune, edition_id=edition.id, on=on, values=values,
                                     assessments=assessments, actor=actor)  # fmt: skip
            except DomainError as exc:
                raise imports.Refused(_row_problem(plan, exc)) from None
            done += 1
            progress(50 + 50 * done // len(plans))
        if bulk:
            _save_bulk(bulk, edition=edition, on=on, actor=actor, evaluated=self.evaluated, progress=progress)
        report.saved = len(plans)


_NO_CODES_ROW = (
    f"không tìm thấy dòng mã cột (dòng bắt đầu bằng «{COMMUNE_CODE}»): hãy dùng biểu mẫu tải về từ Tamnông",
    f"the row of column codes (the row starting with “{COMMUNE_CODE}”) is missing: use a template downloaded "
    "from Tamnông",
)


# --------------------------------------------------------------------------- what would change


def _facts_of(sa: SelfAssessment | None) -> dict:
    return self_assessment_facts(sa) if sa is not None else {"values": {}, "assessments": {}}


def _changes(plan: _Plan, known: dict[str, Column]) -> list[dict]:
    old = _facts_of(plan.baseline)
    out = []
    for code, new in plan.values.items():
        before = old["values"].get(code)
        if before is None or isinstance(before, bool) != isinstance(new, bool) or _number(before) != new:
            out.append({"field": code, "header_vi": known[code].header_vi, "header_en": known[code].header_en,
                        "old": before, "new": new})  # fmt: skip
    for key, a in plan.assessments.items():
        before = old["assessments"].get(key)
        if before is None or before["met"] != a.met or before["evidence"] != a.evidence:
            column = known[f"{CRITERION_PREFIX}{key}"]
            out.append({
                "field": column.code, "header_vi": column.header_vi, "header_en": column.header_en,
                "old": None if before is None else {"met": before["met"], "evidence": before["evidence"]},
                "new": {"met": a.met, "evidence": a.evidence},
            })  # fmt: skip
    return out


def _full_input(plan: _Plan) -> tuple[dict[str, Any], dict[str, AssessmentInput]]:
    """The values and assessments to save: for a new self-assessment, the latest earlier data with
    the file's cells over it; for an existing one, the file's cells (the rest stays as it is)."""
    old = _facts_of(plan.baseline)
    values = dict(plan.values)
    assessments: dict[str, AssessmentInput] = {}
    for key, a in plan.assessments.items():
        before = old["assessments"].get(key)
        keep_by = before.get("by") if before and before["met"] == a.met and before["evidence"] == a.evidence else None
        assessments[key] = AssessmentInput(met=a.met, evidence=a.evidence, assessed_by=keep_by or "")
    if not plan.same_date:
        values = {**old["values"], **values}
        for key, a in old["assessments"].items():
            assessments.setdefault(
                key, AssessmentInput(met=a["met"], evidence=a["evidence"], assessed_by=a["by"] or "")
            )
    return values, assessments


def _facts_dict(values: dict[str, Any], assessments: dict[str, AssessmentInput]) -> dict:
    return {
        "values": {code: _number(v) for code, v in values.items()},
        "assessments": {
            key: {"met": a.met, "evidence": a.evidence.strip(), "by": a.assessed_by or None}
            for key, a in assessments.items()
        },
    }


# --------------------------------------------------------------------------- the import


def import_run(
    *,
    content: bytes,
    unit: Area,
    edition_id: str,
    on: dt.date,
    actor,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Check a whole file and, unless it is a dry run, save every commune in one transaction:
    all or nothing."""
    importer = ValuesImporter(unit=unit, edition=edition_get(edition_id), on=on, actor=actor)
    return imports.run(importer, content, dry_run=dry_run, report=import_report(dry_run), progress=progress)


def _row_problem(plan: _Plan, exc: DomainError) -> Problem:
    return Problem(plan.row, "", unit_full_name(plan.commune), plan.commune.code, exc.message_vi, exc.message_en)


def _save_bulk(
    plans: list[_Plan], *, edition: rules.Edition, on: dt.date, actor, evaluated: dict, progress: Progress
) -> None:
    """New self-assessments with set-based writes: the same rows `self_assessment_save` writes (values
    and assessments with their "created" history, the evaluation snapshot, the audit event), for many
    communes at once."""
    user = actor if actor is not None and actor.is_authenticated else None
    user_id = user.pk if user else None
    now = clock.now()
    records = SelfAssessment.objects.bulk_create(
        [SelfAssessment(commune=p.commune, edition_id=edition.id, on=on, updated_by=user) for p in plans]
    )
    values_out, assessments_out, snapshots, events = [], [], [], []
    for plan, sa in zip(plans, records, strict=True):
        values, assessments = _full_input(plan)  # every assessment has its evidence: import_check saw to it
        for code, value in values.items():
            if isinstance(value, bool):
                values_out.append((sa.pk, code, None, value, "", ""))
            else:
                values_out.append((sa.pk, code, Decimal(str(value)), None, "", ""))
        for key, a in assessments.items():
            assessments_out.append((sa.pk, key, a.met, a.evidence.strip(), "", a.assessed_by))
        facts = _facts_dict(values, assessments)
        evaluation = evaluated[plan.commune.pk]
        fields = snapshot_fields(evaluation, facts)
        snapshots.append((sa.pk, evaluation, facts))
        after = {
            **facts,
            "criteria_met": fields["criteria_met"],
            "tier_reached": fields["tier_reached"],
            "evidence_files": {},
        }
        events.append((
            db_value(AuditEvent, "at", now), user_id, "ntm.values.write", SelfAssessment._meta.label_lower,
            str(sa.pk), None, db_value(AuditEvent, "after", after), False, sa.commune_id, "",
        ))  # fmt: skip
    progress(60)
    ids = [sa.pk for sa in records]
    rows_insert(IndicatorValue, ["self_assessment", "code", "number", "flag", "comment", "evidence"], values_out)
    history_created(IndicatorValue, parent_field="self_assessment", parent_ids=ids, user_id=user_id, when=now)
    progress(70)
    rows_insert(
        CriterionAssessment,
        ["self_assessment", "criterion", "met", "evidence", "evidence_file", "assessed_by"],
        assessments_out,
    )
    history_created(CriterionAssessment, parent_field="self_assessment", parent_ids=ids, user_id=user_id, when=now)
    progress(85)
    snapshots_write(edition, snapshots)
    progress(95)
    rows_insert(
        AuditEvent,
        ["at", "actor", "action", "target_type", "target_id", "before", "after", "by_system", "unit", "rule"],
        events,
    )
    statistics_refresh(SelfAssessment, IndicatorValue, CriterionAssessment, EvaluationSnapshot)
