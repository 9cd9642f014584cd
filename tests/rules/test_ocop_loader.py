"""The OCOP sheets are read by the strict loader: the shipped file loads with every value cited, and a
malformed sheet is refused with the file, the path inside it and the reason."""

from datetime import date
from decimal import Decimal

import pytest

from tamnong.rules.errors import RulesDataError
from tamnong.rules.loader.ocop import SHEETS_PATH, load_ocop, ocop_from_text

TEXT = SHEETS_PATH.read_text(encoding="utf-8")


def test_the_shipped_sheets_load_dated_and_cited():
    data = load_ocop()
    s148 = next(s for s in data.sheets if s.id == "ocop/148-2023")
    assert (s148.valid_from, s148.valid_until) == (date(2023, 2, 24), None)
    assert [(b.stars, b.points_from) for b in s148.bands][:2] == [(5, Decimal(90)), (4, Decimal(70))]
    assert s148.certified_stars == (3, 4, 5) and "khoản 2 Điều 1" in s148.bands_cited.reference
    rule = data.certificate[0]
    assert (rule.validity_months, rule.notice_days, rule.shown_expiring_days) == (36, 30, 90)
    assert rule.validity_cited.basis == "sourced" and rule.shown_expiring_cited.basis == "tamnong"
    assert data.council[0].cited.basis == "tamnong"


def _broken(old: str, new: str) -> RulesDataError:
    assert old in TEXT
    with pytest.raises(RulesDataError) as info:
        ocop_from_text(TEXT.replace(old, new, 1))
    return info.value


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("    from: 2023-02-24\n    parts:", "    from: 24/02/2023\n    parts:", "sheets.1.from", "ngày không hợp lệ"),
        ("    from: 2019-08-21\n    until: 2023-02-23\n    parts:",
         "    valid_from: 2019-08-21\n    until: 2023-02-23\n    parts:", "sheets.0.valid_from", "khóa không được phép"),
        ('max: 40}\n      B: {name_vi: "Khả năng tiếp thị", name_en: "Marketing capacity", max: 25}\n      C: {name_vi: "Chất lượng sản phẩm", name_en: "Product quality", max: 35}',
         'max: 45}\n      B: {name_vi: "Khả năng tiếp thị", name_en: "Marketing capacity", max: 25}\n      C: {name_vi: "Chất lượng sản phẩm", name_en: "Product quality", max: 35}',
         "sheets.1.parts", "phải là 100"),
        ("        - {stars: 4, from: 70}", "        - {stars: 4, from: 95}", "sheets.0.stars.bands.1", "từ cao xuống thấp"),
        ('      reference: "1048/QĐ-TTg 21/08/2019"\n', "", "sheets.0.stars", "thiếu khóa bắt buộc 'reference'"),
        ("      stars: [3, 4, 5]", "      stars: [3, 4, 6]", "sheets.0.certified.stars.2", "không có mức 6 sao"),
        ("      reason_en: \"Appendix III", "      note_en: \"Appendix III", "sheets.1.items.note_en", "khóa không được phép"),
        ("      months: 36", "      months: 36 tháng", "certificate.0.validity.months", "số nguyên"),
        ("    basis: tamnong\n    reference: \"Lựa chọn", "    basis: project\n    reference: \"Lựa chọn", "council.0.basis",
         "sourced, inferred, tamnong"),
        ("    until: 2025-07-05", "    until: 2025-07-06", "authority.2.from", "không chồng lên nhau"),
        ("      province: {recognises: [3, 4], forwards_from: 90}\n      national: {recognises: [5]}\n",
         "      national: {recognises: [5]}\n      province: {recognises: [3, 4], forwards_from: 90}\n",
         "authority.0.levels", "từ dưới lên"),
    ],
)  # fmt: skip
def test_a_malformed_sheet_names_the_file_the_path_and_the_reason(old, new, path, words):
    error = _broken(old, new)
    assert error.file == "ocop/sheets.yaml" and error.path == path
    assert words in error.reason_vi and error.reason_en


def test_a_broken_file_names_the_line():
    error = _broken("sheets:\n", "sheets: [\n")
    assert error.file == "ocop/sheets.yaml" and "dòng" in error.reason_vi
