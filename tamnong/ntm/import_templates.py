"""The XLSX and CSV templates of commune data for a unit (tamnong.ntm.imports reads them back): two
header rows — the headers people read (indicator name and unit), then the codes the importer reads —
and one row per rural commune of the unit, prefilled with its latest data."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tamnong import rules
from tamnong.criteria.editions import edition_get
from tamnong.ntm.imports import (
    MET_WORDS,
    YES_NO,
    Area,
    area_name,
    import_lang,
    latest_by_commune,
    rural_of,
    template_columns,
)
from tamnong.ntm.selectors import self_assessment_facts
from tamnong.places.models import AdminUnit
from tamnong.places.selectors import unit_full_name


def _communes(unit: Area) -> list[AdminUnit]:
    return list(rural_of(unit).select_related("parent__parent").order_by("code"))


def template_rows(*, unit: Area, edition_id: str, on: dt.date, lang: str | None = None) -> tuple[list, list]:
    """The columns and, for each rural commune of the unit, its cells prefilled with its latest data."""
    lang = import_lang(lang)
    edition = edition_get(edition_id)
    columns = template_columns(edition, on)
    communes = _communes(unit)
    latest = latest_by_commune(communes, edition.id, on)
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
    lang = import_lang(lang)
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
    lang = import_lang(lang)
    columns, rows = template_rows(unit=unit, edition_id=edition_id, on=on, lang=lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header(lang) for c in columns])
    writer.writerow([c.code for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(v, lang) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
