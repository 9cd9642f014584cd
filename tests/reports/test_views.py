"""The report page and its downloads, over HTTP. Reports are public: no login."""

import datetime as dt

from tamnong.core import clock
from tests.reports.files import expected_sentence_vi, pdf_page_size, pdf_text, xlsx_cells

URL = "/reports/ntm/2020/153/"


def test_the_page_shows_the_sentence_and_the_download_links(client, kim_boi_summary):
    response = client.get(URL, {"on": "2024-03-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert expected_sentence_vi() in html
    assert "Báo cáo kết quả xây dựng nông thôn mới của Huyện Kim Bôi, Tỉnh Hoà Bình tính đến ngày 31/03/2024" in html
    assert 'href="?on=2024-03-31&amp;format=xlsx"' in html
    assert 'href="?on=2024-03-31&amp;format=pdf"' in html
    assert "Tải về Excel (XLSX)" in html and "Tải về PDF" in html
    assert "Mỵ Hòa" in html and "Thủy lợi và phòng, chống thiên tai" in html


def test_the_date_may_be_written_the_vietnamese_way(client, kim_boi_summary):
    html = client.get(URL, {"on": "31/03/2024"}).content.decode()
    assert expected_sentence_vi() in html
    assert 'href="?on=2024-03-31&amp;format=pdf"' in html


def test_the_english_page(client, kim_boi_summary):
    html = client.get(URL, {"on": "2024-03-31"}, headers={"Accept-Language": "en"}).content.decode()
    assert kim_boi_summary.text_en in html
    assert "New rural development report of Huyện Kim Bôi, Tỉnh Hoà Bình as of 31/03/2024" in html
    assert "Download Excel (XLSX)" in html
    assert expected_sentence_vi() not in html


def test_the_language_switch_gives_the_english_page(client, kim_boi_summary):
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    assert kim_boi_summary.text_en in client.get(URL, {"on": "2024-03-31"}).content.decode()


def test_the_workbook_download(client, kim_boi_summary):
    response = client.get(URL, {"on": "2024-03-31", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-ntm-huyen-kim-boi-2024-03-31.xlsx"'
    values = [c.value for c in xlsx_cells(response.content)]
    assert expected_sentence_vi() in values and 14.9 in values


def test_the_pdf_download(client, kim_boi_summary):
    response = client.get(URL, {"on": "2024-03-31", "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-ntm-huyen-kim-boi-2024-03-31.pdf"'
    assert "(A4)" in pdf_page_size(response.content)
    assert expected_sentence_vi() in pdf_text(response.content)


def test_the_english_pdf_download(client, kim_boi_summary):
    response = client.get(URL, {"on": "2024-03-31", "format": "pdf"}, headers={"Accept-Language": "en"})
    assert response["Content-Disposition"] == 'attachment; filename="ntm-report-huyen-kim-boi-2024-03-31.pdf"'
    assert " ".join(kim_boi_summary.text_en.split()) in pdf_text(response.content)


def test_without_a_date_the_report_is_as_of_the_end_of_the_previous_month(client, units):
    response = client.get(URL)
    assert response.status_code == 302
    end_of_last_month = clock.today().replace(day=1) - dt.timedelta(days=1)
    assert response["Location"] == f"{URL}?on={end_of_last_month.isoformat()}"


def test_a_bad_date_is_refused_in_vietnamese(client, units):
    response = client.get(URL, {"on": "31-13-2024"})
    assert response.status_code == 400
    assert "Ngày «31-13-2024» không hợp lệ" in response.content.decode()


def test_a_bad_date_is_refused_in_english(client, units):
    response = client.get(URL, {"on": "2024-02-30"}, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "Date “2024-02-30” is not valid" in response.content.decode()


def test_an_unknown_unit_is_not_found(client, units):
    response = client.get("/reports/ntm/2020/999/", {"on": "2024-03-31"})
    assert response.status_code == 404
    assert "Không có đơn vị mã 999 trong danh mục 2020." in response.content.decode()


def test_a_date_before_any_criteria_set_is_refused(client, units):
    response = client.get(URL, {"on": "2019-12-31"})
    assert response.status_code == 400
    assert "Chưa có bộ tiêu chí nào có hiệu lực vào ngày 31/12/2019." in response.content.decode()


def test_an_unknown_format_is_refused(client, units):
    response = client.get(URL, {"on": "2024-03-31", "format": "docx"})
    assert response.status_code == 400
    assert "Không có định dạng «docx»" in response.content.decode()


def test_a_unit_without_data_gets_a_report_saying_so(client, units):
    html = client.get("/reports/ntm/2020/154/", {"on": "2024-03-31"}).content.decode()
    assert "chưa có xã nào có số liệu đánh giá theo bộ tiêu chí" in html


def test_report_of_a_new_map_unit_states_how_old_communes_are_counted(client, demo):
    html = client.get("/reports/ntm/2025-07/04990/", {"on": "2024-03-31"}).content.decode()
    assert "tính theo các xã cũ" in html
