"""The one reader of uploaded spreadsheets (core.imports.file_rows): bounded, never padding to a declared
size, refusing damaged archives, zip bombs, DTDs and formulas without values with a named reason."""

from __future__ import annotations

import datetime as dt

import defusedxml.ElementTree
import openpyxl.xml.functions
import pytest
from defusedxml import EntitiesForbidden

from tamnong.core.imports.reader import LIMITS, FileUnreadable, Limits, file_rows, limits_text
from tests.core import spreadsheets


def _refused(content: bytes, limits: Limits = LIMITS) -> FileUnreadable:
    with pytest.raises(FileUnreadable) as refused:
        file_rows(content, limits=limits)
    return refused.value


def test_openpyxl_parses_with_defusedxml():
    """The second guard: if a DTD ever got past the reader's own check, openpyxl's parser refuses entities."""
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse
    assert openpyxl.xml.functions.fromstring is defusedxml.ElementTree.fromstring
    with pytest.raises(EntitiesForbidden):
        openpyxl.xml.functions.fromstring(spreadsheets.LAUGHS + "<a>&lol9;</a>")


def test_the_rows_keep_their_numbers_and_cells_their_types():
    content = spreadsheets.xlsx([["a", 1.5, dt.datetime(2024, 3, 31), True], [], [None, None, "c"]])
    assert file_rows(content) == [["a", 1.5, dt.datetime(2024, 3, 31), True], [], [None, None, "c"]]


def test_a_percent_cell_reads_as_the_percentage_shown():
    content = spreadsheets.xlsx([[0.765, 0.8, 0.765]], formats={"A1": "0.0%", "B1": "0%"})
    assert file_rows(content) == [[76.5, 80, 0.765]]


def test_a_formatted_empty_cell_far_right_is_not_a_cell():
    content = spreadsheets.rewrite(
        spreadsheets.xlsx([["a", "b"]]), lambda xml: xml.replace("</row>", '<c r="XFD1" s="0"/></row>', 1)
    )
    assert file_rows(content) == [["a", "b"]]


def test_a_cell_beyond_the_last_column_is_named():
    exc = _refused(spreadsheets.rewrite(spreadsheets.xlsx([["a"]]), lambda xml: xml.replace(
        "</row>", '<c r="GS1" t="inlineStr"><is><t>x</t></is></c></row>', 1)))  # fmt: skip
    [problem] = exc.problems
    assert (problem.row, problem.column) == (1, "GS") and "ngoài cột GR (cột thứ 200)" in problem.reason_vi


def test_every_formula_without_a_value_is_named_and_error_cells_too():
    content = spreadsheets.xlsx([["x", "=1+1"], ["=A1&A1", "y"]])
    content = spreadsheets.rewrite(content, lambda xml: xml.replace(
        "</sheetData>", '<row r="3"><c r="C3" t="e"><v>#DIV/0!</v></c></row></sheetData>'))  # fmt: skip
    exc = _refused(content)
    assert [(p.row, p.column) for p in exc.problems] == [(1, "B"), (2, "A"), (3, "C")]
    assert "công thức" in exc.problems[0].reason_vi and "formula" in exc.problems[0].reason_en
    assert "#DIV/0!" in exc.problems[2].reason_vi


def test_a_formula_with_its_stored_value_is_read_as_the_value():
    content = spreadsheets.rewrite(
        spreadsheets.xlsx([["x", "=1+1"]]), lambda xml: xml.replace("<f>1+1</f><v />", "<f>1+1</f><v>2</v>")
    )
    assert file_rows(content) == [["x", 2]]


def test_a_zip_bomb_is_refused_without_reading_it_all():
    exc = _refused(spreadsheets.zip_bomb())
    assert "zip bomb" in exc.reason_en and "200 lần" in exc.reason_vi


def test_a_damaged_part_is_refused():
    content = bytearray(spreadsheets.xlsx([["a" * 2000]]))
    at = content.find(b"xl/worksheets/sheet1.xml") + 40  # inside the compressed sheet
    content[at : at + 20] = b"\x00" * 20
    assert "bị hỏng" in _refused(bytes(content)).reason_vi


def test_the_bounds_are_stated_and_enforced_for_csv_and_xlsx():
    small = Limits(rows=3, columns=2, cells=5)
    assert "3 dòng" in limits_text(small) and "2 cột (B)" in limits_text(small)
    assert "quá 3 dòng" in _refused(b"a\nb\nc\nd\n", small).reason_vi
    assert "ngoài cột B" in _refused(b"a;b;c\n", small).reason_vi
    assert "quá 5 ô" in _refused(b"a;b\nc;d\ne;f\n", small).reason_vi
    assert "quá 3 dòng" in _refused(spreadsheets.xlsx([["a"]] * 4), small).reason_vi
    assert file_rows(b"a;b\nc\n", limits=small) == [["a", "b"], ["c"]]
    big = b"x" * (LIMITS.file_bytes + 1)
    assert "lớn hơn 20 MB" in _refused(big).reason_vi and "200.000 dòng" in _refused(big).reason_vi


def test_an_old_xls_and_a_broken_csv_are_named():
    assert ".xls" in _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100).reason_vi
    assert "CSV hỏng ở dòng 2" in _refused(b'a;b\n"' + b"x" * 200_000 + b'"\n').reason_vi  # a cell too long
