"""The first stage of every import (tamnong.core.imports): reading the spreadsheets people upload (XLSX, or CSV in UTF-8 with ; or ,) and naming what is
wrong in them: a problem names the row and the column as the spreadsheet shows them, the value and
the reason, in Vietnamese and English."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError as XMLParseError

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.styles import Font
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from tamnong.rules.validation import parse_decimal

logger = logging.getLogger(__name__)


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


class FileUnreadable(Exception):
    """A file the reader refuses whole; `problems` names the reason, and the cells where there are some."""

    def __init__(self, reason_vi: str, reason_en: str, *, row: int | None = None, column: str = "",
                 problems: list[Problem] | None = None):  # fmt: skip
        super().__init__(reason_vi)
        self.reason_vi = reason_vi
        self.reason_en = reason_en
        self.problems = problems or [Problem(row, column, "", "", reason_vi, reason_en)]


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


Progress = Callable[[int], None]
PROGRESS_EVERY = 500  # rows between two reports of an import's progress


def cell_whole(value: Any) -> int | None:
    """A whole number from a cell (5, 5.0, "5", "2.024" as the one number reader reads it); None for an
    empty cell or anything else (the importer names the reason)."""
    if value is None or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = parse_decimal(value)
    except ValueError:
        return None
    return int(number) if number == number.to_integral_value() else None


def cell_text(value: Any) -> str:
    """A cell as text: empty for an empty cell, 12 rather than 12.0 for a whole number, a date cell
    as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


# --------------------------------------------------------------------------- reading a file
#
# Every import reads its file here, within these bounds (Tamnông's own choice, sized for a province's
# lists with room to spare): a file that goes beyond one of them is refused whole, with the limit in
# the message, before anything is checked or saved. The declared size of an Excel sheet (its
# "dimension") is ignored: only the cells the file really holds are read, and empty cells are never
# made up to fill a declared range.


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 20 * 1024 * 1024  # the upload
    rows: int = 200_000  # the last row number a cell may be on
    columns: int = 200  # the last column a cell may be in (GR)
    cells: int = 4_000_000  # cells read in all (each row counted up to its last cell)
    xml_bytes: int = 256 * 1024 * 1024  # the workbook's XML parts once uncompressed, all together
    ratio: int = 200  # how many times a part of more than 1 MB may grow when uncompressed
    problems: int = 100  # formula and error cells listed before the reader stops


LIMITS = Limits()
_RATIO_FROM = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def _n(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def limits_text(limits: Limits = LIMITS, lang: str = "vi") -> str:
    """The bounds as a sentence, for pages and the README."""
    if lang == "en":
        return (f"at most {_mb(limits.file_bytes)}, {limits.rows:,} rows, {limits.columns} columns "
                f"({get_column_letter(limits.columns)}) and {limits.cells:,} cells")  # fmt: skip
    return (f"tối đa {_mb(limits.file_bytes)}, {_n(limits.rows)} dòng, {limits.columns} cột "
            f"({get_column_letter(limits.columns)}) và {_n(limits.cells)} ô")  # fmt: skip


def _damaged(detail_vi: str = "", detail_en: str = "") -> FileUnreadable:
    more_vi = f" ({detail_vi})" if detail_vi else ""
    more_en = f" ({detail_en})" if detail_en else ""
    return FileUnreadable(
        "Tệp Excel bị hỏng hoặc không trọn vẹn (có thể tải lên bị ngắt giữa chừng)"
        f"{more_vi}: hãy mở tệp bằng Excel, lưu lại dạng .xlsx và tải lên lần nữa.",
        f"The Excel file is damaged or incomplete (perhaps the upload was cut off){more_en}: open it "
        "in Excel, save it again as .xlsx and upload it again.",
    )


def _too_big(limits: Limits) -> FileUnreadable:
    return FileUnreadable(
        f"Tệp lớn hơn {_mb(limits.file_bytes)}: mỗi lần nhập nhận {limits_text(limits)}. Hãy chia tệp ra.",
        f"The file is larger than {_mb(limits.file_bytes)}: an import takes {limits_text(limits, 'en')}. "
        "Split the file.",
    )


def upload_content(upload, limits: Limits = LIMITS) -> bytes:
    """The bytes of an uploaded file, refused unread when it is larger than the limit."""
    if upload.size > limits.file_bytes:
        raise _too_big(limits)
    return upload.read()


def file_rows(content: bytes, *, header_marker: str = "", limits: Limits = LIMITS) -> list[list[Any]]:
    """The cells of the first sheet of an XLSX file, or of a CSV file (UTF-8, with or without a BOM,
    separated by semicolons, commas or tabs: the one right after `header_marker` in the header row,
    else the most frequent of ; and , in the first line).

    Row n of the sheet is item n - 1 of the list, and each row stops at its last cell. A cell holds
    text, a number (int or float), a bool or, for an Excel date cell, a datetime; a number shown as a
    percentage in Excel (76,5%) is given as the percentage (76.5). Raises FileUnreadable, naming the
    reason (and the cell), for a file beyond `limits`, a damaged workbook, XML with a DTD or entities,
    a formula without its computed value, or an error cell (#DIV/0!)."""
    if len(content) > limits.file_bytes:
        raise _too_big(limits)
    if content[:4] == b"PK\x03\x04":
        return _xlsx_rows(content, limits)
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileUnreadable(
            "Tệp Excel cũ (.xls) không đọc được: hãy mở bằng Excel và lưu lại dạng .xlsx.",
            "Old Excel files (.xls) cannot be read: open it in Excel and save it as .xlsx.",
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileUnreadable(
            "Tệp không phải Excel (.xlsx) cũng không phải CSV mã UTF-8. Hãy lưu lại dạng .xlsx hoặc «CSV UTF-8».",
            "The file is neither Excel (.xlsx) nor CSV in UTF-8. Save it again as .xlsx or “CSV UTF-8”.",
        ) from None
    rows: list[list[Any]] = []
    cells = 0
    try:
        for number, row in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text, header_marker)), start=1
        ):
            if number > limits.rows:
                raise _too_many_rows(limits)
            if len(row) > limits.columns and any(c.strip() for c in row[limits.columns :]):
                raise _too_far_right(number, limits)
            row = row[: limits.columns]
            cells += len(row)
            if cells > limits.cells:
                raise _too_many_cells(number, limits)
            rows.append(row)
    except csv.Error as exc:
        raise FileUnreadable(
            f"Tệp CSV hỏng ở dòng {len(rows) + 1} ({exc}).", f"The CSV file is broken on row {len(rows) + 1} ({exc})."
        ) from None
    return rows


def _too_many_rows(limits: Limits, row: int | None = None, column: str = "") -> FileUnreadable:
    at_vi = f"Có ô ở dòng {_n(row)}, quá" if row else "Tệp có quá"
    at_en = f"A cell lies on row {row:,}, beyond" if row else "The file has more than"
    return FileUnreadable(
        f"{at_vi} {_n(limits.rows)} dòng: mỗi lần nhập nhận {limits_text(limits)}. Hãy chia tệp ra "
        "hoặc xoá các dòng thừa bên dưới.",
        f"{at_en} {limits.rows:,} rows: an import takes {limits_text(limits, 'en')}. Split the file or "
        "delete the extra rows below.",
        row=row,
        column=column,
    )


def _too_far_right(row: int, limits: Limits, column: str = "") -> FileUnreadable:
    last = get_column_letter(limits.columns)
    return FileUnreadable(
        f"Có ô ở ngoài cột {last} (cột thứ {limits.columns}): mỗi lần nhập nhận {limits_text(limits)}. "
        "Hãy xoá các cột thừa bên phải.",
        f"A cell lies beyond column {last} (column {limits.columns}): an import takes "
        f"{limits_text(limits, 'en')}. Delete the extra columns on the right.",
        row=row,
        column=column,
    )


def _too_many_cells(row: int, limits: Limits) -> FileUnreadable:
    return FileUnreadable(
        f"Tệp có quá {_n(limits.cells)} ô (đến dòng {row}): mỗi lần nhập nhận {limits_text(limits)}. Hãy chia tệp ra.",
        f"The file has more than {limits.cells:,} cells (by row {row}): an import takes "
        f"{limits_text(limits, 'en')}. Split the file.",
        row=row,
    )


_DOCTYPE_MARKS = tuple(
    mark.encode(encoding) for mark in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)


def _zip_check(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Read every part once, uncompressed, without keeping it: a damaged part (a cut-off upload, a
    wrong checksum), parts that grow beyond the bounds (a zip bomb), or XML with a DTD or entities
    (billion laughs) refuse the file before openpyxl reads it."""
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        xml = info.filename.endswith((".xml", ".rels", ".vml"))
        size, tail = 0, b""
        with archive.open(info) as part:
            while chunk := part.read(1024 * 1024):
                size += len(chunk)
                total += len(chunk)
                if total > limits.xml_bytes:
                    raise FileUnreadable(
                        f"Tệp Excel khi giải nén lớn hơn {_mb(limits.xml_bytes)} (tệp nén bất thường): không đọc.",
                        f"The Excel file uncompresses to more than {_mb(limits.xml_bytes)} (an abnormal "
                        "archive): not read.",
                    )
                if size > _RATIO_FROM and size > limits.ratio * max(info.compress_size, 1):
                    raise FileUnreadable(
                        f"Phần «{info.filename}» của tệp Excel giải nén lớn gấp hơn {limits.ratio} lần "
                        "(tệp nén bất thường, «zip bomb»): không đọc.",
                        f"The part “{info.filename}” of the Excel file grows more than {limits.ratio} times "
                        "when uncompressed (an abnormal archive, a “zip bomb”): not read.",
                    )
                if xml:
                    window = tail + chunk
                    if any(mark in window for mark in _DOCTYPE_MARKS):
                        raise _dtd(info.filename)
                    tail = window[-32:]


def _dtd(part: str) -> FileUnreadable:
    return FileUnreadable(
        f"Tệp Excel có khai báo DTD hoặc thực thể XML (<!DOCTYPE>, <!ENTITY>) trong «{part}»: Excel không "
        "tạo ra những khai báo này, và chúng có thể làm treo máy chủ, nên tệp không được đọc.",
        f"The Excel file has a DTD or XML entities (<!DOCTYPE>, <!ENTITY>) in “{part}”: Excel never writes "
        "them and they can hang the server, so the file is not read.",
    )


def _percent_styles(wb) -> set[int]:
    """The style numbers of cells Excel shows as percentages (0%, 0.0%, …)."""
    out = set()
    for idx, style in enumerate(getattr(wb, "_cell_styles", [])):
        fmt = builtin_format_code(style.numFmtId)
        if fmt is None and style.numFmtId >= BUILTIN_FORMATS_MAX_SIZE:
            try:
                fmt = wb._number_formats[style.numFmtId - BUILTIN_FORMATS_MAX_SIZE]
            except IndexError:
                fmt = None
        if fmt and "%" in re.sub(r'"[^"]*"|\\.', "", fmt):
            out.add(idx)
    return out


class _SheetParser(WorkSheetParser):
    """openpyxl's streaming sheet parser, also saying which cells hold a formula without a value."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if element.find(FORMULA_TAG) is not None and not element.findtext(VALUE_TAG):
            cell["data_type"] = "formula"
        return cell


def _xlsx_rows(content: bytes, limits: Limits) -> list[list[Any]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _zip_check(archive, limits)
    except FileUnreadable:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, RuntimeError,
            NotImplementedError, zlib.error) as exc:  # fmt: skip
        logger.info("unreadable archive: %r", exc)  # the library's words are not the user's
        raise _damaged() from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except DefusedXmlException:
        raise _dtd("workbook") from None
    except XMLParseError as exc:
        logger.info("unreadable workbook XML: %r", exc)
        raise _damaged() from None
    except Exception as exc:  # openpyxl raises many kinds (KeyError, TypeError, …) for a broken workbook
        logger.info("unreadable workbook: %r", exc)
        raise _damaged() from None
    try:
        if not wb.worksheets or not hasattr(wb.worksheets[0], "_get_source"):
            raise FileUnreadable("Trang đầu của tệp Excel không phải bảng tính.", "The first sheet is not a worksheet.")
        ws = wb.worksheets[0]
        return _sheet_rows(wb, ws, limits)
    except FileUnreadable:
        raise
    except DefusedXmlException:
        raise _dtd(ws._worksheet_path) from None
    except Exception as exc:  # a sheet that breaks off, a bad cell reference, an unknown shared string
        logger.info("unreadable sheet: %r", exc)
        raise _damaged() from None
    finally:
        wb.close()


def _sheet_rows(wb, ws, limits: Limits) -> list[list[Any]]:
    percent = _percent_styles(wb)
    rows: list[list[Any]] = []
    cells = 0
    problems: list[Problem] = []
    with ws._get_source() as source:
        parser = _SheetParser(source, wb.shared_strings, data_only=True, epoch=wb.epoch,
                              date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)  # fmt: skip
        for number, parsed in parser.parse():
            if number < 1:
                raise _damaged(f"dòng {number}", f"row {number}")
            if number > limits.rows:
                first = parsed[0]["column"] if parsed else 0
                raise _too_many_rows(limits, row=number, column=get_column_letter(first) if 0 < first <= 18278 else "")
            if number <= len(rows):
                raise _damaged(f"dòng {number} lặp lại", f"row {number} repeated")
            row: list[Any] = []
            for cell in parsed:
                column = cell["column"]
                letter = get_column_letter(column) if column <= 18278 else str(column)
                if column > limits.columns:
                    if cell["value"] is None and cell["data_type"] != "formula":
                        continue  # a formatted empty cell far right: nothing to read
                    raise _too_far_right(number, limits, letter)
                value, kind = cell["value"], cell["data_type"]
                if kind == "formula":
                    problems.append(Problem(number, letter, "", "", *_FORMULA))
                elif kind == "e":
                    problems.append(Problem(number, letter, "", str(value), *_error_cell(value)))
                    value = None
                elif kind == "n" and cell["style_id"] in percent and isinstance(value, (int, float)):
                    value = round(value * 100, 10)
                    value = int(value) if float(value).is_integer() else value
                if len(problems) >= limits.problems:
                    raise FileUnreadable(*_FORMULA, problems=problems)
                if value is None:
                    continue
                if column > len(row):
                    row.extend([None] * (column - len(row)))
                row[column - 1] = value
            cells += len(row)
            if cells > limits.cells:
                raise _too_many_cells(number, limits)
            if row:
                rows.extend([] for _ in range(number - 1 - len(rows)))
                rows.append(row)
    if problems:
        raise FileUnreadable(problems[0].reason_vi, problems[0].reason_en, problems=problems)
    return rows


_FORMULA = (
    "ô có công thức nhưng tệp không lưu kết quả của nó (tệp không do Excel lưu, hoặc lưu khi chưa tính): "
    "hãy mở tệp bằng Excel, lưu lại rồi tải lên, hoặc chép giá trị thay cho công thức",
    "the cell holds a formula but the file does not keep its result (the file was not saved by Excel, or "
    "saved before computing): open it in Excel, save it and upload it again, or paste the values instead",
)


def _error_cell(value: Any) -> tuple[str, str]:
    return (
        f"ô có lỗi công thức {value}: hãy sửa công thức hoặc ghi giá trị",
        f"the cell holds the formula error {value}: fix the formula or write the value",
    )


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
