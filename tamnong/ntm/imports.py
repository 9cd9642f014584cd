"""XLSX and CSV templates of commune data for a unit, and all-or-nothing imports of them.

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

import csv
import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tamnong import rules
from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.core.bulk import db_value, history_created, rows_insert, statistics_refresh
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.i18n import active_lang
from tamnong.core.jobs import services as jobs
from tamnong.core.models import AuditEvent
from tamnong.core.tabular import FileUnreadable, Problem, cell_text, file_rows
from tamnong.ntm.editions import edition_get, edition_version_record
from tamnong.ntm.models import (
    CriterionAssessment,
    EvaluationSnapshot,
    ImportJob,
    ImportStatus,
    IndicatorValue,
    SelfAssessment,
)
from tamnong.ntm.rollups import rural_communes
from tamnong.ntm.selectors import evaluation_compute, self_assessment_facts
from tamnong.ntm.services import AssessmentInput, self_assessment_save, snapshot_fields
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

Progress = Callable[[int], None]


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


def _rural(unit: Area):
    if isinstance(unit, Country):
        return AdminUnit.objects.filter(scheme=unit.scheme, level=Level.COMMUNE, kind__in=RURAL_KINDS)
    return rural_communes(unit)


def area_name(unit: Area, lang: str = "vi") -> str:
    if isinstance(unit, Country):
        return f"cả nước (danh mục {unit.scheme})" if lang == "vi" else f"the whole country ({unit.scheme} list)"
    return unit_full_name(unit)


def _lang(lang: str | None = None) -> str:
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


def _latest(communes: list[AdminUnit], edition_id: str, on: dt.date) -> dict[int, SelfAssessment]:
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


def _communes(unit: Area) -> list[AdminUnit]:
    return list(_rural(unit).select_related("parent__parent").order_by("code"))


def template_rows(*, unit: Area, edition_id: str, on: dt.date, lang: str | None = None) -> tuple[list, list]:
    """The columns and, for each rural commune of the unit, its cells prefilled with its latest data."""
    lang = _lang(lang)
    edition = edition_get(edition_id)
    columns = template_columns(edition, on)
    communes = _communes(unit)
    latest = _latest(communes, edition.id, on)
    rows = []
    for commune in communes:
        sa = latest.get(commune.pk)
        facts = self_assessment_facts(sa) if sa else {"values": {}, "assessments": {}}
        row: list[Any] = []
        for column in columns:
            if column.kind == "commune_code":
                row.append(commune.code)
            elif column.kind == "commune_name":
                row.append(unit_full_name(commune))
            elif column.kind == "value":
                value = facts["values"].get(column.code)
                row.append(YES_NO[lang][0 if value else 1] if isinstance(value, bool) else value)
            elif column.kind == "assessment":
                a = facts["assessments"].get(column.key)
                row.append(None if a is None else MET_WORDS[lang][0 if a["met"] else 1])
            else:
                a = facts["assessments"].get(column.key)
                row.append(None if a is None else a["evidence"])
        rows.append(row)
    return columns, rows


def template_filename(*, unit: AdminUnit, on: dt.date, extension: str) -> str:
    return f"tamnong-{unit.scheme}-{unit.code}-{on:%Y%m%d}.{extension}"


def template_xlsx(*, unit: Area, edition_id: str, on: dt.date, lang: str | None = None) -> bytes:
    lang = _lang(lang)
    columns, rows = template_rows(unit=unit, edition_id=edition_id, on=on, lang=lang)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Số liệu" if lang == "vi" else "Data"
    ws.append([c.header(lang) for c in columns])
    ws.append([c.code for c in columns])
    for row in rows:
        ws.append(row)
    bold = Font(bold=True)
    grey = Font(color="808080", size=9)
    fill = PatternFill("solid", fgColor="E8F2EC")
    for index, column in enumerate(columns, start=1):
        head = ws.cell(row=1, column=index)
        head.font, head.fill = bold, fill
        head.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=2, column=index).font = grey
        ws.column_dimensions[get_column_letter(index)].width = {
            "commune_code": 9,
            "commune_name": 42,
            "evidence": 40,
        }.get(column.kind, 16)
    for r in range(3, len(rows) + 3):
        ws.cell(row=r, column=1).number_format = "@"  # official codes are text: keep the leading zero
    ws.row_dimensions[1].height = 90
    ws.freeze_panes = "C3"
    last = len(rows) + 2
    if rows:
        yes, no = YES_NO[lang]
        met, not_met = MET_WORDS[lang]
        lists = {
            "value": DataValidation(type="list", formula1=f'"{yes},{no}"', allow_blank=True),
            "assessment": DataValidation(type="list", formula1=f'"{met},{not_met}"', allow_blank=True),
        }
        for dv in lists.values():
            dv.error = "Chọn một giá trị trong danh sách" if lang == "vi" else "Choose a value from the list"
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            if column.kind == "assessment" or (column.indicator is not None and column.indicator.kind == "yes_no"):
                lists[column.kind].add(f"{letter}3:{letter}{last}")
    info = wb.create_sheet("Hướng dẫn" if lang == "vi" else "Instructions")
    edition = edition_get(edition_id)
    for line in _instructions(unit, edition, on, lang):
        info.append(line)
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _instructions(unit: Area, edition: rules.Edition, on: dt.date, lang: str) -> list[list[str]]:
    if lang == "en":
        return [
            ["Unit", f"{area_name(unit, 'en')} ({unit.key})"],
            ["Criteria set", f"{edition.name_en} ({edition.id})"],
            ["As of", f"{on:%d/%m/%Y}"],
            ["How", "Fill in the first sheet, one row per commune. Row 2 holds the codes the import reads: "
             "do not change it. An empty cell leaves the value as it is. Yes/no cells take yes or no; a "
             "directly assessed criterion takes met or not met, with its evidence in the next column. "
             "Numbers may be written 76.5 or 76,5."],
            ["Import", "Upload the file at /ntm/import/: every cell is checked first, and one wrong cell "
             "means nothing is saved; the report names the row, the column and the reason."],
        ]  # fmt: skip
    return [
        ["Đơn vị", f"{area_name(unit)} ({unit.key})"],
        ["Bộ tiêu chí", f"{edition.name_vi} ({edition.id})"],
        ["Số liệu tính đến ngày", f"{on:%d/%m/%Y}"],
        ["Cách điền", "Điền ở trang thứ nhất, mỗi xã một dòng. Dòng 2 là mã cột để nhập số liệu: không sửa "
         "dòng này. Ô để trống thì giữ nguyên số liệu đã có. Ô có/không ghi «có» hoặc «không»; tiêu chí "
         "đánh giá trực tiếp ghi «đạt» hoặc «chưa đạt» và ghi căn cứ ở cột bên cạnh. Số viết 76,5 hoặc 76.5."],
        ["Nhập số liệu", "Tải tệp lên tại /ntm/import/: mọi ô được kiểm tra trước, chỉ cần một ô sai là "
         "không lưu gì; báo cáo ghi rõ dòng, cột và lý do."],
    ]  # fmt: skip


def _csv_cell(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return rules.format_number(value, lang).replace(".", "") if lang == "vi" else str(value)
    return str(value)


def template_csv(*, unit: Area, edition_id: str, on: dt.date, lang: str | None = None) -> bytes:
    """UTF-8 with a BOM and semicolons, as a spreadsheet set to Vietnamese opens and saves it."""
    lang = _lang(lang)
    columns, rows = template_rows(unit=unit, edition_id=edition_id, on=on, lang=lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header(lang) for c in columns])
    writer.writerow([c.code for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(v, lang) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --------------------------------------------------------------------------- reading a file


# --------------------------------------------------------------------------- the report


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    errors: list[Problem] = field(default_factory=list)
    errors_total: int = 0
    communes: list[dict] = field(default_factory=list)
    communes_total: int = 0
    saved: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors_total

    def add(self, problem: Problem) -> None:
        self.errors_total += 1
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append(problem)

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "errors": [p.as_dict() for p in sorted(self.errors, key=lambda p: (p.row or 0, len(p.column), p.column))],
            "errors_total": self.errors_total,
            "communes": self.communes,
            "communes_total": self.communes_total,
            "saved": self.saved,
            "unchanged": self.unchanged,
        }


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


def import_check(
    *,
    rows: list[list[Any]],
    unit: Area,
    edition: rules.Edition,
    on: dt.date,
    actor,
    report: ImportReport,
) -> list[_Plan]:
    """Check every cell; the plans of the rows, or problems in the report."""
    codes_at = next(
        (i for i, row in enumerate(rows[:10]) if any(cell_text(c) == COMMUNE_CODE for c in row)),
        None,
    )
    if codes_at is None:
        report.add(Problem(None, "", "", "", *_NO_CODES_ROW))
        return []
    code_row = [cell_text(c) for c in rows[codes_at]]
    head_row = [cell_text(c) for c in rows[codes_at - 1]] if codes_at > 0 else code_row
    known = {c.code: c for c in template_columns(edition)}
    columns: dict[int, Column] = {}
    seen: dict[str, int] = {}

    def header(i: int) -> str:
        return (head_row[i] if i < len(head_row) and head_row[i] else code_row[i]) or get_column_letter(i + 1)

    for i, code in enumerate(code_row):
        if not code:
            continue
        column = known.get(code)
        letter = get_column_letter(i + 1)
        if column is None:
            report.add(
                Problem(
                    codes_at + 1,
                    letter,
                    header(i),
                    code,
                    f"mã cột «{code}» không có trong bộ tiêu chí {edition.id}",
                    f"the column code “{code}” is not in the criteria set {edition.id}",
                )
            )
        elif code in seen:
            report.add(
                Problem(
                    codes_at + 1,
                    letter,
                    header(i),
                    code,
                    f"mã cột «{code}» lặp lại (đã có ở cột {get_column_letter(seen[code] + 1)})",
                    f"the column code “{code}” appears twice (already in column {get_column_letter(seen[code] + 1)})",
                )
            )
        else:
            seen[code] = i
            columns[i] = column
    if COMMUNE_CODE not in seen:
        return []
    code_index = seen[COMMUNE_CODE]
    data = [
        (number, row)
        for number, row in enumerate(rows[codes_at + 1 :], start=codes_at + 2)
        if any(cell_text(c) for c in row)
    ]
    report.rows = len(data)
    wanted = {_commune_code(row[code_index]) for _, row in data if code_index < len(row)}
    found = {
        u.code: u
        for u in AdminUnit.objects.filter(scheme=unit.scheme, code__in=wanted).select_related("parent__parent")
    }
    rural = set(_rural(unit).values_list("pk", flat=True))
    plans: list[_Plan] = []
    first_row: dict[str, int] = {}
    for number, row in data:
        raw = row[code_index] if code_index < len(row) else None
        code = _commune_code(raw)
        cell = (number, get_column_letter(code_index + 1), header(code_index), cell_text(raw))
        commune = found.get(code)
        if not code:
            report.add(Problem(*cell, "thiếu mã xã", "the commune code is missing"))
            continue
        if commune is None or commune.level != Level.COMMUNE:
            report.add(
                Problem(
                    *cell,
                    f"không có xã mã {code} trong danh mục {unit.scheme}",
                    f"there is no commune with code {code} on the {unit.scheme} list",
                )
            )
            continue
        name = unit_full_name(commune)
        if commune.pk not in rural:
            inside = isinstance(unit, Country) or territory.lies_in(commune, unit)
            if inside:
                report.add(
                    Problem(
                        *cell,
                        f"{name} không phải xã nông thôn: bộ tiêu chí không đánh giá phường, thị trấn",
                        f"{name} is not a rural commune: the criteria do not assess wards and townships",
                    )
                )
            else:
                report.add(
                    Problem(
                        *cell, f"{name} không thuộc {area_name(unit)}", f"{name} is not part of {area_name(unit, 'en')}"
                    )
                )
            continue
        try:  # the same act as one commune's form: ntm.values.write on the commune, dated as the values
            authority.authorize(actor, "ntm.values.write", unit=commune, on=on)
        except authority.NotAuthorised as exc:
            report.add(
                Problem(
                    *cell,
                    f"tài khoản không có quyền cập nhật số liệu của {name} ({exc.message_vi})",
                    f"this account may not change the data of {name} ({exc.message_en})",
                )
            )
            continue
        if code in first_row:
            report.add(
                Problem(
                    *cell,
                    f"{name} đã có ở dòng {first_row[code]}",
                    f"{name} is already on row {first_row[code]}",
                )
            )
            continue
        first_row[code] = number
        plan = _Plan(commune=commune, row=number, on=on)
        assessed: dict[str, tuple[int, Any]] = {}
        evidence: dict[str, tuple[int, str]] = {}
        for i, column in columns.items():
            value = row[i] if i < len(row) else None
            if cell_text(value) == "" or column.kind in ("commune_code", "commune_name"):
                continue
            where = (number, get_column_letter(i + 1), header(i), cell_text(value))
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
            where = (number, get_column_letter(i + 1), header(i), cell_text(value))
            word = cell_text(value).lower()
            if isinstance(value, bool):
                met = value
            elif word in _MET:
                met = True
            elif word in _NOT_MET:
                met = False
            else:
                report.add(
                    Problem(
                        *where,
                        f"«{cell_text(value)}» không phải «đạt» hoặc «chưa đạt»",
                        f"“{cell_text(value)}” is not “met” or “not met”",
                    )
                )
                continue
            text = evidence.get(key, (None, ""))[1]
            if not text:
                evidence_header = known[f"{CRITERION_PREFIX}{key}{EVIDENCE_SUFFIX}"].header_vi
                report.add(
                    Problem(
                        *where,
                        f"kết quả đánh giá trực tiếp cần ghi căn cứ (văn bản, biên bản) ở cột «{evidence_header}»",
                        f"a direct assessment needs its evidence (a document or minutes) in the column "
                        f"“{known[f'{CRITERION_PREFIX}{key}{EVIDENCE_SUFFIX}'].header_en}”",
                    )
                )
                continue
            plan.assessments[key] = AssessmentInput(met=met, evidence=text)
        for key, (i, text) in evidence.items():
            if key not in assessed:
                report.add(
                    Problem(
                        number,
                        get_column_letter(i + 1),
                        header(i),
                        text,
                        "có căn cứ nhưng chưa ghi kết quả «đạt» hoặc «chưa đạt» ở cột bên cạnh",
                        "evidence is given but not the result (“met” or “not met”) in the column beside it",
                    )
                )
        plans.append(plan)
    return plans


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


class _Rollback(Exception):
    pass


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
    progress = progress or (lambda pct: None)
    report = ImportReport(dry_run=dry_run)
    edition = edition_get(edition_id)
    if on < edition.valid_from:
        report.add(
            Problem(
                None,
                "",
                "",
                f"{on:%d/%m/%Y}",
                f"ngày {on:%d/%m/%Y} trước ngày bộ tiêu chí {edition.id} có hiệu lực ({edition.valid_from:%d/%m/%Y})",
                f"{on:%d/%m/%Y} is before the criteria set {edition.id} came into force ({edition.valid_from:%d/%m/%Y})",
            )
        )
        return report
    try:
        rows = file_rows(content, header_marker=COMMUNE_CODE)
    except FileUnreadable as exc:
        for problem in exc.problems:
            report.add(problem)
        return report
    progress(10)
    plans = import_check(rows=rows, unit=unit, edition=edition, on=on, actor=actor, report=report)
    if not report.ok:
        return report
    progress(30)
    known = {c.code: c for c in template_columns(edition)}
    latest = _latest([p.commune for p in plans], edition.id, on)
    to_save: list[_Plan] = []
    for plan in plans:
        plan.baseline = latest.get(plan.commune.pk)
        plan.changes = _changes(plan, known)
        if plan.baseline is None and not plan.values and not plan.assessments:
            continue  # an empty row of a commune with no data
        if plan.same_date and not plan.changes:
            report.unchanged += 1
            continue
        to_save.append(plan)
    # Evaluate what would be saved, so a dry run finds what the save would refuse.
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
        return report
    report.communes_total = len(to_save)
    for plan in to_save[:COMMUNES_KEPT]:
        old = getattr(plan.baseline, "evaluation", None) if plan.baseline is not None else None
        new = evaluated[plan.commune.pk]
        report.communes.append({
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
    if dry_run:
        progress(100)
        return report
    try:
        with transaction.atomic():
            fresh = [p for p in to_save if not p.same_date]
            bulk = fresh if len(fresh) >= BULK_MIN else []
            one_by_one = [p for p in to_save if p.same_date] if bulk else to_save
            done = 0
            for plan in one_by_one:
                values, assessments = _full_input(plan)
                try:
                    self_assessment_save(
                        commune=plan.commune,
                        edition_id=edition.id,
                        on=on,
                        values=values,
                        assessments=assessments,
                        actor=actor,
                    )
                except DomainError as exc:
                    report.add(_row_problem(plan, exc))
                    raise _Rollback from None
                done += 1
                progress(50 + 50 * done // len(to_save))
            if bulk:
                _save_bulk(bulk, edition=edition, on=on, actor=actor, evaluated=evaluated, progress=progress)
    except _Rollback:
        report.communes = []
        report.communes_total = 0
        return report
    report.saved = len(to_save)
    progress(100)
    return report


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
    edition_version_record(edition)
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
        snapshots.append((
            sa.pk, fields["content_hash"], fields["resolution_hash"], fields["tier_reached"], fields["criteria_met"],
            fields["criteria_total"], fields["indicators_met"], fields["indicators_applicable"],
            db_value(EvaluationSnapshot, "criteria_met_list", fields["criteria_met_list"]),
            db_value(EvaluationSnapshot, "facts", facts), db_value(EvaluationSnapshot, "result", fields["result"]),
            db_value(EvaluationSnapshot, "computed_at", now),
        ))  # fmt: skip
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
    rows_insert(
        EvaluationSnapshot,
        [
            "self_assessment", "content_hash", "resolution_hash", "tier_reached", "criteria_met", "criteria_total",
            "indicators_met", "indicators_applicable", "criteria_met_list", "facts", "result", "computed_at",
        ],
        snapshots,
    )  # fmt: skip
    progress(95)
    rows_insert(
        AuditEvent,
        ["at", "actor", "action", "target_type", "target_id", "before", "after", "by_system", "unit", "rule"],
        events,
    )
    statistics_refresh(SelfAssessment, IndicatorValue, CriterionAssessment, EvaluationSnapshot)


# --------------------------------------------------------------------------- jobs


def import_job_create(
    *, actor, unit: AdminUnit, edition_id: str, on: dt.date, filename: str, content: bytes, dry_run: bool = True
) -> ImportJob:
    """Record an upload; `import_job_run` (inline, or in a worker) checks and saves it."""
    import_permission_check(actor=actor, unit=unit, on=on)
    edition = edition_get(edition_id)
    job = ImportJob(actor=actor, unit=unit, edition_id=edition.id, on=on, filename=filename[:255], dry_run=dry_run)
    job.file.save(filename, ContentFile(content), save=False)
    job.save()
    return job


def import_job_apply(*, job: ImportJob, actor) -> ImportJob:
    """Save a checked dry run for real: a new job with the same file."""
    import_permission_check(actor=actor, unit=job.unit, on=job.on)
    if not job.dry_run or job.status != ImportStatus.DONE or not (job.report or {}).get("ok"):
        raise DomainError(gettext_lazy("Only a finished dry run without errors can be applied."), field="job")
    return ImportJob.objects.create(
        actor=actor, unit=job.unit, edition_id=job.edition_id, on=job.on, file=job.file.name,
        filename=job.filename, dry_run=False,
    )  # fmt: skip


def job_failure(job: ImportJob, reason: tuple[str, str]) -> dict:
    """The report of a job that failed before checking its file (a crash, no worker), naming the reason."""
    failure = ImportReport(dry_run=job.dry_run)
    failure.add(Problem(None, "", "", "", *reason))
    return failure.as_dict()


def import_job_run(*, job_id: int, progress: Progress | None = None) -> ImportJob:
    """Run a queued job: check the file, save it unless it is a dry run, keep the report."""

    def work(job: ImportJob, step: Progress) -> dict:
        def both(pct: int) -> None:
            step(pct)
            if progress is not None:
                progress(pct)

        with job.file.open("rb") as f:
            content = f.read()
        return import_run(
            content=content, unit=job.unit, edition_id=job.edition_id, on=job.on, actor=job.actor,
            dry_run=job.dry_run, progress=both,
        ).as_dict()  # fmt: skip

    before = ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
    job = jobs.job_run(ImportJob, job_id, work=work, failure=job_failure)
    job = ImportJob.objects.select_related("actor", "unit").get(pk=job.pk)
    if before == ImportStatus.QUEUED and not job.dry_run and job.status == ImportStatus.DONE:
        AuditEvent.objects.create(
            actor=job.actor, action="ntm_import", target_type=ImportJob._meta.label_lower, target_id=str(job.pk),
            after={"unit": job.unit.key, "edition": job.edition_id, "on": job.on.isoformat(), "saved": job.report["saved"]},
        )  # fmt: skip
    return job


def import_job_progress(job: ImportJob) -> int:
    """How far a job is, in percent, as the worker last said."""
    return jobs.job_progress(job)


IMPORT = "ntm.values.import"


def import_permission_check(*, actor, unit: Area, on: dt.date | None = None) -> authority.Grant:
    """The grant to import the values of the date `on` for the unit (the whole country: the national
    level), as the table decides it on that date (no date chosen yet: the unit's records date), or
    the refusal naming the action, the unit and the reason. Each commune of the file is checked
    again (`ntm.values.write` on it, dated as the values)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(gettext_lazy("Log in to import data."), field="unit")
    acted_on = None if isinstance(unit, Country) else unit
    return authority.authorize(actor, IMPORT, unit=acted_on, on=on or authority.records_on(acted_on))


def import_job_get(*, pk: int, actor) -> ImportJob:
    """A job its uploader (or an administrator) may see."""
    job = ImportJob.objects.select_related("unit__parent__parent", "actor").filter(pk=pk).first()
    if job is None or actor is None or not actor.is_authenticated:
        raise NotFoundError(gettext_lazy("There is no import number %(pk)s."), {"pk": pk}, field="job")
    if job.actor_id != actor.pk and not actor.is_superuser:
        raise PermissionDeniedError(gettext_lazy("This import belongs to someone else."), field="job")
    return jobs.job_seen(job, failure=job_failure)


def import_job_list(*, actor, limit: int = 10) -> list[ImportJob]:
    if actor is None or not actor.is_authenticated:
        return []
    return list(ImportJob.objects.filter(actor=actor).select_related("unit")[:limit])


# --------------------------------------------------------------------------- display


def _shown(value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        word = MET_WORDS[lang][0 if value["met"] else 1]
        return f"{word} — {value['evidence']}"
    if isinstance(value, bool):
        return YES_NO[lang][0 if value else 1]
    return rules.format_number(value, lang)


def report_display(report: dict | None, lang: str | None = None) -> dict | None:
    """The report with reasons, headers and values in the reader's language."""
    if report is None:
        return None
    lang = _lang(lang)
    errors = [
        {
            "row": e["row"] or "",
            "column": e["column"],
            "header": e["header"],
            "value": e["value"],
            "reason": e["reason_en"] if lang == "en" else e["reason_vi"],
        }
        for e in report["errors"]
    ]
    communes = []
    for c in report["communes"]:
        changes = [
            {
                "header": ch["header_en"] if lang == "en" else ch["header_vi"],
                "old": _shown(ch["old"], lang),
                "new": _shown(ch["new"], lang),
            }
            for ch in c["changes"]
        ]
        from_on = dt.date.fromisoformat(c["from_on"]).strftime("%d/%m/%Y") if c.get("from_on") else ""
        communes.append({**c, "changes": changes, "from_on_text": from_on})
    return {**report, "errors": errors, "communes": communes}
