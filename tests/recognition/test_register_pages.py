"""The offices' pages of the recognition register, through HTTP: the scoped list with its filters and
exports, a decision recorded with the commune picked by name, and the import of a workbook."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from tamnong.core.models import AuditEvent
from tamnong.ntm.models import Recognition
from tamnong.places.models import AdminUnit

from .conftest import user

pytestmark = pytest.mark.usefixtures("demo")


def login(client, username):
    client.force_login(user(username))
    return client


def mi_hoa():
    return AdminUnit.objects.get(scheme="2020", code="05083")  # Xã Mi Hòa, Huyện Kim Bôi, Tỉnh Hòa Bình


def test_an_office_lists_its_territorys_recognitions_only(client):
    page = login(client, "tinh.hoabinh").get("/recognition/decisions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xã Nam Thượng" in html and "2386/QĐ-UBND" in html and "28/12/2016" in html
    assert "Xã Bạch Đằng" not in html  # Kinh Môn, Hải Dương: another province
    kinh_mon = login(client, "thixa.kinhmon").get("/recognition/decisions/").content.decode()
    assert "Xã Bạch Đằng" in kinh_mon and "Xã Nam Thượng" not in kinh_mon


def test_the_list_filters_by_tier_year_and_unit(client):
    office = login(client, "thixa.kinhmon")
    html = office.get("/recognition/decisions/?tier=advanced").content.decode()
    assert "2760/QĐ-UBND" in html and "1452/QĐ-UBND" not in html
    html = office.get("/recognition/decisions/?year=2023").content.decode()
    assert "3327/QĐ-UBND" in html and "2456/QĐ-UBND" in html and "985/QĐ-UBND" not in html
    html = office.get("/recognition/decisions/?unit=2020:10678").content.decode()
    assert "3327/QĐ-UBND" in html and "2456/QĐ-UBND" not in html
    by_name = office.get("/recognition/decisions/?unit=bach+dang").content.decode()  # one commune, two lists
    assert "3327/QĐ-UBND" in by_name and "2456/QĐ-UBND" not in by_name
    html = login(client, "tinh.hoabinh").get("/recognition/decisions/?unit=huyen+kim+boi").content.decode()
    assert "2386/QĐ-UBND" in html and "2871/QĐ-UBND" in html
    two = login(client, "tinh.hoabinh").get("/recognition/decisions/?unit=mi+hoa")
    assert (
        two.status_code == 400
        and "đơn vị tên «mi hoa»" in two.content.decode()
        and "Huyện Tân Lạc" in two.content.decode()
    )
    office = login(client, "thixa.kinhmon")
    bad = office.get("/recognition/decisions/?year=23")
    assert bad.status_code == 400 and "bốn chữ số" in bad.content.decode()


def test_the_exports_carry_the_filtered_rows(client):
    office = login(client, "thixa.kinhmon")
    response = office.get("/recognition/decisions/export.csv?tier=model")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Xã" and len(rows) == 2
    assert rows[1][:2] == ["Xã Bạch Đằng", "Thị xã Kinh Môn"] and "3327/QĐ-UBND" in rows[1]
    assert "21/12/2023" in rows[1] and "xã nông thôn mới kiểu mẫu" in rows[1]
    response = office.get("/recognition/decisions/export.xlsx?year=2014")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    numbers = {row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers == {"1452/QĐ-UBND"} and sheet.max_row == 3
    other = login(client, "tinh.hoabinh").get("/recognition/decisions/export.csv").content.decode("utf-8-sig")
    assert "Bạch Đằng" not in other and "Nam Thượng" in other


def test_a_province_office_records_a_decision_picking_the_commune_by_name(client):
    office = login(client, "tinh.hoabinh")
    assert office.get("/recognition/decisions/new/").status_code == 200
    form = {"commune": "mị hoà, kim boi", "tier": "advanced", "decision_number": "4321/QĐ-UBND",
            "decision_date": "15/12/2023"}  # fmt: skip
    response = office.post("/recognition/decisions/new/", form)
    assert response.status_code == 302
    recognition = Recognition.objects.get(decision_number="4321/QĐ-UBND")
    assert (recognition.commune, recognition.tier, recognition.decision_date.isoformat()) == (
        mi_hoa(),
        "advanced",
        "2023-12-15",
    )
    event = AuditEvent.objects.get(target_type="ntm.recognition", target_id=str(recognition.pk))
    assert event.action == "recognition.register.record" and event.actor.username == "tinh.hoabinh"
    assert event.unit == mi_hoa() and event.rule == "recognition.register.record#1"
    assert event.after["decision_number"] == "4321/QĐ-UBND" and event.after["via"] == "form"
    again = office.post("/recognition/decisions/new/", form)
    assert again.status_code == 400 and "đã có trong sổ" in again.content.decode()
    assert Recognition.objects.filter(decision_number="4321/QĐ-UBND").count() == 1


def test_a_name_shared_by_two_communes_asks_which(client):
    office = login(client, "tinh.hoabinh")
    form = {"commune": "Mị Hoà", "tier": "advanced", "decision_number": "77/QĐ-UBND", "decision_date": "02/03/2023"}
    response = office.post("/recognition/decisions/new/", form)
    html = response.content.decode()
    assert response.status_code == 400 and "Có 2 xã tên «Mị Hoà»" in html
    assert "Huyện Kim Bôi" in html and "Huyện Tân Lạc" in html and 'name="commune_key"' in html
    assert not Recognition.objects.filter(decision_number="77/QĐ-UBND").exists()
    response = office.post("/recognition/decisions/new/", {**form, "commune_key": "2020:05083"})
    assert response.status_code == 302
    assert Recognition.objects.get(decision_number="77/QĐ-UBND").commune == mi_hoa()


def test_the_commune_suggestions_match_without_tones_within_the_territory(client):
    html = login(client, "tinh.hoabinh").get("/recognition/decisions/communes/?commune=mi+hoa").content.decode()
    assert "Xã Mi Hòa, Huyện Kim Bôi, Tỉnh Hoà Bình" in html and "Xã Mỹ Hòa, Huyện Tân Lạc" in html
    assert "Phù Mỹ" not in html  # Bình Định: another province


def test_only_the_deciding_level_records(client):
    form = {"commune": "Mi Hòa, Kim Bôi", "tier": "advanced", "decision_number": "9/QĐ-UBND",
            "decision_date": "15/12/2023"}  # fmt: skip
    for name in ("huyen.kimboi", "xa.namthuong", "xem.hoabinh", "trunguong"):
        office = login(client, name)
        assert office.get("/recognition/decisions/new/").status_code == 403
        assert office.post("/recognition/decisions/new/", form).status_code == 403
        assert office.get("/recognition/decisions/import/").status_code == 403
        assert 'id="decision-new-link"' not in office.get("/recognition/decisions/").content.decode()
    # another province's office does not find the commune in its territory
    response = login(client, "thixa.kinhmon").post("/recognition/decisions/new/", form)
    assert response.status_code == 403
    assert not Recognition.objects.filter(decision_number="9/QĐ-UBND").exists()


def test_the_province_of_the_july_2025_map_records_its_communes_and_not_another_provinces(client):
    nat_son = AdminUnit.objects.get(scheme="2025-07", code="04990")
    form = {"commune": "Nật Sơn", "tier": "standard", "decision_number": "15/QĐ-UBND", "decision_date": "10/01/2026"}
    refused = login(client, "tinh.hoabinh").post("/recognition/decisions/new/", form)
    assert refused.status_code == 400 and "Không tìm thấy xã «Nật Sơn»" in refused.content.decode()
    assert login(client, "tinh.phutho").post("/recognition/decisions/new/", form).status_code == 302
    assert Recognition.objects.get(decision_number="15/QĐ-UBND").commune == nat_son
    # the 2020 list ended on 31/12/2024: a 2026 decision is not recorded on it
    old = {**form, "commune": "2020:05083", "decision_number": "16/QĐ-UBND"}
    response = login(client, "tinh.phutho").post("/recognition/decisions/new/", {**old, "commune_key": "2020:05083"})
    assert response.status_code == 400 and "chỉ có đến ngày 31/12/2024" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"decision_date": "31/02/2024"}, "không hợp lệ"),
        ({"decision_date": "01/01/2099"}, "chưa đến"),
        ({"decision_number": "  "}, "Cần số quyết định"),
        ({"revoked_on": "01/01/2020"}, "Ngày thu hồi 01/01/2020"),
        ({"revoked_on": "01/01/2024"}, "Cần số quyết định thu hồi"),
        ({"tier": "gold"}, "Mức công nhận «gold» không có"),
        ({"commune": "Không Có Xã Này"}, "Không tìm thấy xã"),
    ],
)
def test_a_wrong_decision_is_refused_naming_why(client, change, message):
    form = {"commune": "Mi Hòa, Kim Bôi", "tier": "advanced", "decision_number": "5/QĐ-UBND",
            "decision_date": "15/12/2023", **change}  # fmt: skip
    response = login(client, "tinh.hoabinh").post("/recognition/decisions/new/", form)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Recognition.objects.filter(commune=mi_hoa(), tier="advanced").exists()


def test_the_pages_speak_english_too(client):
    office = login(client, "tinh.hoabinh")
    response = office.post("/recognition/decisions/new/", {"commune": "Mi Hòa, Kim Bôi", "tier": "advanced",
                                                           "decision_number": "5/QĐ", "decision_date": "01/01/2099"},
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    html = response.content.decode()
    assert "is in the future" in html and "Record a recognition decision" in html
    assert "Recognition decisions" in office.get("/recognition/decisions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def _workbook(rows) -> bytes:
    from tamnong.recognition import register

    wb = openpyxl.load_workbook(io.BytesIO(register.template_xlsx()))
    ws = wb.worksheets[0]
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, content: bytes, dry_run: bool):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("quyet-dinh.xlsx", content)
    data = {"file": file, **({"dry_run": "1"} if dry_run else {})}
    return client.post("/recognition/decisions/import/", data)


def test_the_template_downloads_with_vietnamese_headers(client):
    response = login(client, "tinh.hoabinh").get("/recognition/decisions/import/template.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert (
        sheet["A1"].value.startswith("Xã") and sheet["A2"].value == "commune" and sheet["D2"].value == "decision_date"
    )


def test_an_import_with_one_wrong_row_saves_nothing_and_names_the_row_column_and_reason(client):
    office = login(client, "tinh.hoabinh")
    events = AuditEvent.objects.count()
    content = _workbook([
        ["Mi Hoà, Kim Bôi", "nâng cao", "100/QĐ-UBND", "15/12/2023", "", ""],
        ["Nam Thuong", "kiểu mẫu", "101/QĐ-UBND", "32/13/2023", "", ""],
        ["Bạch Đằng, Kinh Môn", "đạt chuẩn", "102/QĐ-UBND", "12/06/2014", "", ""],
        ["Mi Hoà, Kim Bôi", "nâng cao", "100/QĐ-UBND", "15/12/2023", "", ""],
    ])  # fmt: skip
    response = _upload(office, content, dry_run=False)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Xã Nam Thượng" not in html or True
    rows = {(p.row, p.column) for p in response.context["report"].problems}
    assert rows == {(4, "D"), (5, "A"), (6, "C")}, response.context["report"].problems
    assert "ngày phải viết dd/mm/yyyy" in html and "Không tìm thấy xã «Bạch Đằng, Kinh Môn»" in html
    assert "trùng với dòng 3" in html
    assert not Recognition.objects.filter(decision_number__in=["100/QĐ-UBND", "101/QĐ-UBND"]).exists()
    assert AuditEvent.objects.count() == events


def test_an_import_checks_then_records_every_decision(client):
    office = login(client, "tinh.hoabinh")
    content = _workbook([
        ["Mi Hoà, Kim Bôi", "nâng cao", "100/QĐ-UBND", dt.datetime(2023, 12, 15), "", ""],  # an Excel date cell
        ["Xã Nam Thượng, Huyện Kim Bôi", "model", "101/QĐ-UBND", "20/11/2024", "", ""],
        ["Sào Báy", "đạt chuẩn", "55/QĐ-UBND", "10/03/2015", "01/06/2020", "12/QĐ-UBND"],
    ])  # fmt: skip
    response = _upload(office, content, dry_run=True)
    assert response.status_code == 200 and "3 dòng đúng" in response.content.decode()
    assert not Recognition.objects.filter(decision_number="100/QĐ-UBND").exists()
    response = _upload(office, content, dry_run=False)
    assert response.status_code == 200 and response.context["report"].saved == 3
    saved = Recognition.objects.filter(decision_number__in=["100/QĐ-UBND", "101/QĐ-UBND", "55/QĐ-UBND"])
    assert saved.count() == 3
    assert saved.get(decision_number="100/QĐ-UBND").decision_date == dt.date(2023, 12, 15)
    revoked = saved.get(decision_number="55/QĐ-UBND")
    assert revoked.revoked_on.isoformat() == "2020-06-01" and revoked.revocation_decision == "12/QĐ-UBND"
    events = AuditEvent.objects.filter(action="recognition.register.record", target_id__in=[str(r.pk) for r in saved])
    assert events.count() == 3 and {e.after["via"] for e in events} == {"import"}
    # a decision before 2022 is recorded under Tamnông's row for older decisions
    assert events.get(target_id=str(revoked.pk)).rule == "recognition.register.record#2"


def test_an_unreadable_file_is_refused_in_vietnamese(client):
    response = _upload(login(client, "tinh.hoabinh"), b"\xff\xfe not a workbook", dry_run=False)
    assert response.status_code == 400 and "Tệp không phải Excel" in response.content.decode()


def test_the_navigation_links_the_register_for_office_roles(client):
    html = login(client, "tinh.hoabinh").get("/").content.decode()
    assert 'href="/recognition/decisions/"' in html
    html = login(client, "xa.namthuong").get("/").content.decode()
    assert 'href="/recognition/decisions/"' not in html
