"""Importing a list of works (XLSX or CSV with Vietnamese headers): all or nothing, every problem named by
its row, its column and the reason in Vietnamese."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from tamnong.core.models import AuditEvent
from tamnong.resources.imports import COLUMNS, template_xlsx, works_import
from tamnong.resources.models import Disbursement, Work, WorkFunding

CODES = [code for code, _, _ in COLUMNS]


def _row(**values) -> list:
    base = {"commune": "04990", "type": "Đường giao thông nông thôn", "name": "Đường nội đồng Bình Sơn số 9",
            "quantity": "1,8", "plan_year": 2024, "status": "khởi công mới", "started_on": "12/02/2024",
            "planned_end_on": "30/11/2024", "central_budget": "1,2 tỷ", "local_budget": 300_000_000,
            "disbursed_vnd": "450.000.000", "disbursed_on": "28/03/2024", "investor": "UBND xã Bình Sơn"}  # fmt: skip
    base |= values
    return [base.get(code, "") for code in CODES]


def _xlsx(*rows) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    for row in rows:
        wb["Công trình"].append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _counts():
    return Work.objects.count(), WorkFunding.objects.count(), Disbursement.objects.count()


def test_the_template_has_vietnamese_headers_and_the_column_codes():
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    ws = wb["Công trình"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["Mã xã", "Thôn (tên, nếu có)", "Loại công trình (mã hoặc tên)"]
    assert "Vốn ngân sách trung ương (đồng)" in headers and "Đã giải ngân (đồng)" in headers
    assert [c.value for c in ws[2]] == CODES
    kinds = [row[0] for row in wb["Loại công trình"].iter_rows(min_row=2, values_only=True)]
    assert "rural_road" in kinds and "clean_water_scheme" in kinds


def test_a_good_list_is_checked_then_saved_with_budget_and_disbursement(user, kim_boi):
    office = user("tinh.hoabinh")  # the province keeps Kim Bôi's records since the districts' end
    content = _xlsx(_row(), _row(name="Kênh tưới Đồng Mới", type="irrigation_canal", commune="2020:04984", quantity=2,
                                 status="chuẩn bị đầu tư", started_on="", planned_end_on="", disbursed_vnd="",
                                 disbursed_on=""))  # fmt: skip
    before = _counts()
    dry = works_import(content=content, unit=kim_boi, actor=office, dry_run=True)
    assert dry.ok and dry.rows == 2 and dry.saved == 0 and _counts() == before
    report = works_import(content=content, unit=kim_boi, actor=office, dry_run=False)
    assert report.ok and report.saved == 2
    road = Work.objects.get(name="Đường nội đồng Bình Sơn số 9")
    assert (road.type, road.status, road.commune.code, str(road.quantity)) == ("rural_road", "new", "04990", "1.800")
    assert {f.source: f.amount_vnd for f in road.funding.all()} == {
        "central_budget": 1_200_000_000,
        "local_budget": 300_000_000,
    }
    assert road.disbursements.get().amount_vnd == 450_000_000
    assert Work.objects.get(name="Kênh tưới Đồng Mới").status == "planned"
    assert AuditEvent.objects.filter(action="resources.works.import", after__saved=2).exists()
    # the same file again: every row is already there, nothing is saved twice
    again = works_import(content=content, unit=kim_boi, actor=office, dry_run=False)
    assert again.saved == 0 and [p.reason_vi for p in again.problems][0].startswith("công trình này đã có")


def test_one_bad_row_saves_nothing_and_each_problem_names_its_row_and_column(user, kim_boi):
    office = user("tinh.hoabinh")  # the province keeps Kim Bôi's records since the districts' end
    rows = [
        _row(),  # row 3: good
        _row(name="", type="hầm chui", quantity="-2", commune="10678"),  # row 4
        _row(name="Trường mầm non", type="school", local_budget="-5.000.000", started_on="31/02/2024"),  # row 5
        _row(
            name="Nhà văn hóa thôn Mới", type="village_cultural_house", status="hoàn thành", completed_on="01/01/2024"
        ),  # row 6
        _row(name="Đường trục xã", disbursed_vnd="3 tỷ"),  # row 7: more disbursed than the budget
        _row(name="Sân thể thao", type="commune_sports_area", status="đang làm"),  # row 8
        _row(name="Đường thôn Sáng", status="chuyển tiếp"),  # row 9: continuing, but started in its plan year
    ]
    before = _counts()
    report = works_import(content=_xlsx(*rows), unit=kim_boi, actor=office, dry_run=False)
    assert not report.ok and report.saved == 0 and _counts() == before
    found = {(p.row, p.column, p.header): p.reason_vi for p in report.problems}
    column = {code: openpyxl.utils.get_column_letter(i + 1) for i, code in enumerate(CODES)}

    def reason(row, code):
        return found[(row, column[code], next(h for c, h, _ in COLUMNS if c == code))]

    assert reason(4, "name") == "ô bắt buộc đang trống"
    assert reason(4, "commune") == "không có xã mã 10678 trong Huyện Kim Bôi"  # a commune outside the unit
    assert reason(4, "type").startswith("loại công trình «hầm chui» không có")
    assert reason(5, "local_budget") == "số tiền «-5.000.000» không được âm"
    assert reason(5, "started_on") == "ngày phải viết dd/mm/yyyy"
    assert "trước ngày khởi công 12/02/2024" in reason(6, "completed_on")
    assert reason(7, "disbursed_vnd").startswith("số đã giải ngân vượt tổng vốn 1.500.000.000 đồng")
    assert reason(8, "status").startswith("trạng thái phải là chuẩn bị đầu tư")
    assert "khởi công trước năm kế hoạch 2024" in reason(9, "status")
    assert 3 not in {p.row for p in report.problems}


def test_a_csv_with_only_the_vietnamese_headers_is_read(user, binh_son):
    header = ";".join(h for _, h, _ in COLUMNS)
    line = ";".join(str(v) for v in _row(commune="04990", name="Ngầm tràn suối Cháu", type="ngầm", quantity="1"))
    content = f"{header}\n{line}\n".encode("utf-8-sig")
    report = works_import(content=content, unit=binh_son, actor=user("xa.binhson"), dry_run=False)
    assert report.ok, [p.as_dict() for p in report.problems]
    assert Work.objects.get(name="Ngầm tràn suối Cháu").type == "spillway"


def test_the_import_page_is_scoped_and_reports_by_element(client, user):
    upload = SimpleUploadedFile("cong-trinh.xlsx", _xlsx(_row()))
    client.force_login(user("thixa.kinhmon"))
    assert client.post("/resources/import/", {"unit": "2020:153", "file": upload}).status_code == 403
    client.force_login(user("xem.hoabinh"))
    assert client.post("/resources/import/", {"unit": "2020:153", "file": upload}).status_code == 403
    client.force_login(user("huyen.kimboi"))  # no district imports after 01/07/2025
    refused = client.post("/resources/import/", {"unit": "2020:153", "file": upload})
    assert refused.status_code == 403 and "nhập công trình từ bảng tính" in refused.content.decode()
    client.force_login(user("tinh.hoabinh"))
    upload.seek(0)
    page = client.post("/resources/import/", {"unit": "2020:153", "file": upload, "dry_run": "1"}).content.decode()
    assert 'id="import-result" data-rows="1" data-saved="0"' in page
    bad = SimpleUploadedFile("cong-trinh.xlsx", _xlsx(_row(quantity="nhiều")))
    page = client.post("/resources/import/", {"unit": "2020:153", "file": bad}).content.decode()
    assert 'id="import-problems" data-problems="1"' in page and "khối lượng phải là số" in page
    template = client.get("/resources/import/template.xlsx")
    assert template.status_code == 200 and template["Content-Disposition"].endswith('mau-cong-trinh.xlsx"')
