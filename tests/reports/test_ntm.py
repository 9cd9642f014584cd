"""The report builders: one set of rows, laid out as a workbook and as a PDF."""

import io

import openpyxl

from tamnong.reports.ntm import ntm_report_content, ntm_report_filename, ntm_report_pdf, ntm_report_xlsx
from tests.reports.files import expected_sentence_vi, pdf_page_size, pdf_text, xlsx_cells


def test_the_rows_come_from_the_summary(kim_boi_summary):
    report = ntm_report_content(kim_boi_summary)
    assert report.sentence == expected_sentence_vi()
    assert (
        report.title
        == "Báo cáo kết quả xây dựng nông thôn mới của Huyện Kim Bôi, Tỉnh Hoà Bình tính đến ngày 31/03/2024"
    )
    figures = {f.label: f.text for f in report.figures}
    assert figures["Số xã được đánh giá"] == "16"
    assert figures["Bình quân số tiêu chí đạt/xã"] == "14,9"
    communes = report.table("communes")
    assert len(communes.rows) == 16
    nam_thuong = next(row for row in communes.text_rows if row[0] == "Nam Thượng")
    assert nam_thuong[1] == "19" and nam_thuong[4] == "Xã đạt chuẩn nông thôn mới"
    assert report.table("distribution").text_rows == [
        ["19", "6"],
        ["15–18", "1"],
        ["10–14", "9"],
        ["5–9", "0"],
        ["0–4", "0"],
    ]
    criteria = report.table("criteria")
    assert [row[0] for row in criteria.rows] == [str(n) for n in range(1, 20)]
    assert criteria.text_rows[0][2].endswith("%")
    target = {row[0]: row[1:] for row in report.table("target").text_rows}
    assert target["Bình quân số tiêu chí đạt/xã"] == ["16,0", "14,9"]
    assert target["Số xã đạt chuẩn nông thôn mới"] == ["8", "6"]


def test_the_english_rows(kim_boi_summary):
    report = ntm_report_content(kim_boi_summary, lang="en")
    assert report.sentence == kim_boi_summary.text_en
    assert report.title == "New rural development report of Huyện Kim Bôi, Tỉnh Hoà Bình as of 31/03/2024"
    assert {f.label: f.text for f in report.figures}["Average criteria met per commune"] == "14.9"


def test_the_workbook_holds_the_sentence_and_the_average_as_a_number(kim_boi_summary):
    content = ntm_report_xlsx(kim_boi_summary)
    cells = xlsx_cells(content)
    assert expected_sentence_vi() in [c.value for c in cells]
    average = next(c for c in cells if c.value == "Bình quân số tiêu chí đạt/xã")
    value = average.parent.cell(row=average.row, column=average.column + 1)
    assert value.value == 14.9 and value.number_format == "0.0"

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Tổng hợp", "Các xã", "Theo tiêu chí"]
    summary = workbook["Tổng hợp"]
    assert summary["A4"].value == expected_sentence_vi()
    assert summary["A4"].alignment.wrap_text
    assert "A4:D4" in {str(r) for r in summary.merged_cells.ranges}
    communes = workbook["Các xã"]
    assert communes.freeze_panes == "B4"
    assert [c.value for c in communes[3]][:3] == ["Xã", "Số tiêu chí đạt", "Số chỉ tiêu đạt"]
    assert communes["A3"].font.bold and communes["A3"].border.left.style == "thin"
    assert communes.max_row == 3 + 16
    shares = workbook["Theo tiêu chí"]
    assert shares["C4"].number_format == "0.0%"
    assert 0 <= shares["C4"].value <= 1


def test_the_english_workbook(kim_boi_summary):
    cells = xlsx_cells(ntm_report_xlsx(kim_boi_summary, lang="en"))
    assert kim_boi_summary.text_en in [c.value for c in cells]
    assert "Communes assessed" in [c.value for c in cells]


def test_the_pdf_is_a4_with_the_sentence_and_page_numbers(kim_boi_summary):
    pdf = ntm_report_pdf(kim_boi_summary)
    assert pdf.startswith(b"%PDF")
    assert "(A4)" in pdf_page_size(pdf)
    text = pdf_text(pdf)
    assert expected_sentence_vi() in text
    assert "Huyện Kim Bôi, Tỉnh Hoà Bình" in text
    assert "Trang 1 /" in text
    assert "Nam Thượng" in text and "Thủy lợi và phòng, chống thiên tai" in text


def test_the_english_pdf(kim_boi_summary):
    text = pdf_text(ntm_report_pdf(kim_boi_summary, lang="en"))
    assert " ".join(kim_boi_summary.text_en.split()) in text
    assert "Page 1 /" in text


def test_file_names_are_ascii(kim_boi_summary):
    assert ntm_report_filename(kim_boi_summary, "xlsx") == "bao-cao-ntm-huyen-kim-boi-2024-03-31.xlsx"
    assert ntm_report_filename(kim_boi_summary, "pdf", lang="en") == "ntm-report-huyen-kim-boi-2024-03-31.pdf"
