"""Reading the spreadsheets people upload (XLSX, or CSV in UTF-8 with ; or ,) and naming what is
wrong in them: a problem names the row and the column as the spreadsheet shows them, the value and
the reason, in Vietnamese and English."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


class FileUnreadable(Exception):
    def __init__(self, reason_vi: str, reason_en: str):
        super().__init__(reason_vi)
        self.reason_vi = reason_vi
        self.reason_en = reason_en


@dataclass
class Problem:
    row: int | None
    column: str  # the column letter as the spreadsheet shows it
    header: str
    value: str
    reason_vi: str
    reason_en: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class ImportReport:
    """What an all-or-nothing import found: its problems (none: saved, unless a dry run), the rows read
    and the records saved."""

    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    saved: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


def template_workbook(title: str, columns: list[tuple[str, str, bool]], wide: tuple[str, ...]) -> openpyxl.Workbook:
    """An import template: a sheet with the Vietnamese headers in bold and the column codes under them
    (`columns` as (code, header, required)); the `wide` columns get room for long names."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append([header for _, header, _ in columns])
    ws.append([code for code, _, _ in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, (code, _, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 40 if code in wide else 17
    return wb


def workbook_bytes(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def cell_text(value: Any) -> str:
    """A cell as text: empty for an empty cell, 12 rather than 12.0 for a whole number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def file_rows(content: bytes, *, header_marker: str = "") -> list[list[Any]]:
    """The cells of the first sheet of an XLSX file, or of a CSV file (UTF-8, with or without a BOM,
    separated by semicolons, commas or tabs: the one right after `header_marker` in the header row,
    else the most frequent of ; and , in the first line)."""
    if content[:4] == b"PK\x03\x04":
        try:
            wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise FileUnreadable(
                f"Không đọc được tệp Excel ({exc}).", f"The Excel file cannot be read ({exc})."
            ) from None
        try:
            return [list(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileUnreadable(
            "Tệp không phải Excel (.xlsx) cũng không phải CSV mã UTF-8. Hãy lưu lại dạng .xlsx hoặc «CSV UTF-8».",
            "The file is neither Excel (.xlsx) nor CSV in UTF-8. Save it again as .xlsx or “CSV UTF-8”.",
        ) from None
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text, header_marker)))


def _separator(text: str, marker: str) -> str:
    if marker:
        for line in text.splitlines()[:10]:
            at = line.find(marker)
            if at >= 0:
                after = line[at + len(marker) :].lstrip('"')
                if after[:1] in (";", ",", "\t"):
                    return after[0]
    first = text.splitlines()[0] if text else ""
    return ";" if first.count(";") >= first.count(",") else ","
