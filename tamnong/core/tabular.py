"""Reading the spreadsheets people upload (XLSX, or CSV in UTF-8 with ; or ,) and naming what is
wrong in them: a problem names the row and the column as the spreadsheet shows them, the value and
the reason, in Vietnamese and English."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

import openpyxl


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
