"""Spreadsheets an attacker (or a broken program) sends, built from a real workbook of the rows given:
the same first sheet with its XML changed the way each attack changes it."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"


def xlsx(rows: list[list], *, formats: dict[str, str] | None = None) -> bytes:
    """A workbook whose first sheet holds the rows (a datetime becomes an Excel date cell, a text
    starting with = a formula that Excel has not computed yet); `formats` sets number formats by cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rewrite(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through `change` (text → text)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == SHEET:
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, data)
    return out.getvalue()


def _dimension(xml: str, ref: str) -> str:
    if "<dimension" in xml:
        return re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)
    return xml.replace("<sheetData", f'<dimension ref="{ref}"/><sheetData', 1)


def _last_cell(xml: str, ref: str, row: int) -> str:
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
    return xml.replace("</sheetData>", cell + "</sheetData>", 1)


def dimension_bomb(rows: list[list]) -> bytes:
    """The sheet declares A1:XFD1048576 (every cell Excel has) and holds one cell in XFD1048576."""
    return rewrite(xlsx(rows), lambda xml: _last_cell(_dimension(xml, "A1:XFD1048576"), "XFD1048576", 1048576))


def million_rows(rows: list[list]) -> bytes:
    """A few KB declaring a million rows: the dimension says A1:K1000000 and a cell sits in A1000000."""
    return rewrite(xlsx(rows), lambda xml: _last_cell(_dimension(xml, "A1:K1000000"), "A1000000", 1000000))


def declared_only(rows: list[list]) -> bytes:
    """The dimension declares A1:XFD1048576 but the sheet holds only the rows: read as the rows."""
    return rewrite(xlsx(rows), lambda xml: _dimension(xml, "A1:XFD1048576"))


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)


def _prolog(xml: str, dtd: str) -> str:
    """The XML with a document type declaration before its root element."""
    return xml.replace("?>", "?>" + dtd, 1) if xml.startswith("<?xml") else dtd + xml


def billion_laughs(rows: list[list]) -> bytes:
    """A DTD whose entities expand to a billion "lol"s, used in a cell."""

    def change(xml: str) -> str:
        xml = _prolog(xml, LAUGHS)
        return xml.replace(
            "</sheetData>", '<row r="900"><c r="A900" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>', 1
        )

    return rewrite(xlsx(rows), change)


def plain_dtd(rows: list[list]) -> bytes:
    """A DTD without entities (harmless in itself, but Excel never writes one)."""
    return rewrite(xlsx(rows), lambda xml: _prolog(xml, '<!DOCTYPE worksheet SYSTEM "http://example.invalid/x.dtd">'))


def truncated(rows: list[list]) -> bytes:
    """The first half of a workbook, as a cut-off upload leaves it."""
    content = xlsx(rows)
    return content[: len(content) // 2]


def zip_bomb() -> bytes:
    """A workbook whose sheet is 300 MB of spaces once uncompressed."""
    base = xlsx([["a"]])
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == SHEET:
                with target.open(SHEET, "w") as part:
                    part.write(b'<?xml version="1.0"?>')
                    block = b" " * (1024 * 1024)
                    for _ in range(300):
                        part.write(block)
            else:
                target.writestr(info.filename, source.read(info))
    return out.getvalue()
