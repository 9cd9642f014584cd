"""XLSX and CSV templates of a unit's communes, and all-or-nothing imports of them."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tamnong.core.models import AuditEvent
from tamnong.demo.services import demo_logins_create, demo_place_load
from tamnong.ntm import import_jobs, import_templates, imports, snapshots, tasks
from tamnong.ntm.models import (
    CriterionAssessment,
    EvaluationSnapshot,
    ImportJob,
    ImportStatus,
    IndicatorValue,
    SelfAssessment,
)
from tamnong.ntm.services import AssessmentInput, self_assessment_save
from tamnong.places.selectors import unit_get_by_key

pytestmark = pytest.mark.usefixtures("units")

EDITION = "ntm/commune-2021-2025"
ON = dt.date(2024, 12, 31)
NAM_THUONG, SAO_BAY, VINH_DONG = "05068", "05080", "05026"


@pytest.fixture(autouse=True)
def no_records(units):
    """Start from no commune data (the session may have loaded the demo records), in Vietnamese."""
    SelfAssessment.objects.all().delete()
    with translation.override("vi"):
        yield


@pytest.fixture
def logins(db):
    demo_logins_create()
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def kim_boi(db):
    return unit_get_by_key("2020:153")


def _sheet(content: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    codes = [c.value for c in ws[2]]
    rows = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    return wb, ws, codes, rows


def _fill(ws, codes, rows, commune: str, cells: dict) -> None:
    for code, value in cells.items():
        ws.cell(row=rows[commune], column=codes.index(code) + 1, value=value)


def _bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = {
    "3.1": 85,
    "3.2.items": "có",
    "3.2.score": "62,5",
    "8.1": "có",
    "criterion:1": "đạt",
    "criterion:1:evidence": "QĐ 1234/QĐ-UBND phê duyệt quy hoạch chung xã",
    "criterion:advanced/1": "chưa đạt",
    "criterion:advanced/1:evidence": "Biên bản kiểm tra quy hoạch",
}


def _run(content, unit, actor, *, dry_run=False):
    return imports.import_run(content=content, unit=unit, edition_id=EDITION, on=ON, actor=actor, dry_run=dry_run)


# --------------------------------------------------------------------------- templates


def test_the_xlsx_template_has_a_row_per_rural_commune_two_header_rows_and_lists(kim_boi):
    content = import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=ON, lang="vi")
    wb, ws, codes, rows = _sheet(content)
    assert codes[:2] == ["commune_code", "commune_name"]
    assert {"3.1", "8.4", "income_per_capita_mvnd", "criterion:1", "criterion:1:evidence", "criterion:10"} <= set(codes)
    assert "criterion:3" not in codes  # assessed by its indicators
    assert "criterion:advanced/4" not in codes  # its threshold is sourced from 03/06/2024 ...
    march = import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=dt.date(2024, 3, 31))
    assert "criterion:advanced/4" in _sheet(march)[2]  # ... and was not before
    headers = [c.value for c in ws[1]]
    assert headers[codes.index("criterion:1")] == "Tiêu chí 1 (đánh giá trực tiếp)"
    assert headers[codes.index("3.1")].endswith("(%)")
    assert len(rows) == 16  # the 16 communes of Kim Bôi; its township is not assessed
    assert NAM_THUONG in rows and ws.cell(row=rows[NAM_THUONG], column=2).value.startswith("Xã Nam Thượng")
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"có,không"' in lists and '"đạt,chưa đạt"' in lists


def test_the_template_is_prefilled_with_the_latest_values(kim_boi, logins):
    demo_place_load("kim-boi-2024-03.yaml", actor=logins["admin"])
    wb, ws, codes, rows = _sheet(import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=ON))
    r = rows[NAM_THUONG]
    assert isinstance(ws.cell(row=r, column=codes.index("3.1") + 1).value, (int, float))
    assert ws.cell(row=r, column=codes.index("8.1") + 1).value == "có"
    assert ws.cell(row=r, column=codes.index("criterion:1") + 1).value == "đạt"
    assert "Biên bản rà soát" in ws.cell(row=r, column=codes.index("criterion:1:evidence") + 1).value


# --------------------------------------------------------------------------- imports


def test_round_trip_saves_values_assessments_and_evaluation_snapshots(kim_boi, logins):
    wb, ws, codes, rows = _sheet(import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=ON))
    _fill(ws, codes, rows, NAM_THUONG, GOOD)
    _fill(ws, codes, rows, SAO_BAY, {"3.1": 70.5, "8.1": "không"})
    report = _run(_bytes(wb), kim_boi, logins["huyen.kimboi"])
    assert report.ok, report.as_dict()["errors"]
    assert report.saved == 2
    sa = SelfAssessment.objects.get(commune__code=NAM_THUONG, commune__scheme="2020", on=ON)
    values = {v.code: v.value for v in sa.values.all()}
    assert values == {"3.1": 85, "3.2.items": True, "3.2.score": 62.5, "8.1": True}
    assessments = {a.criterion: (a.met, a.evidence) for a in sa.assessments.all()}
    assert assessments["1"] == (True, GOOD["criterion:1:evidence"])
    assert assessments["advanced/1"] == (False, "Biên bản kiểm tra quy hoạch")
    assert sa.evaluation.criteria_met >= 2  # criterion 1 assessed, criterion 3 by its indicators
    assert "1" in sa.evaluation.criteria_met_list and "3" in sa.evaluation.criteria_met_list
    assert EvaluationSnapshot.objects.filter(self_assessment__on=ON).count() == 2
    assert sa.updated_by == logins["huyen.kimboi"]


def test_one_bad_row_among_good_ones_saves_nothing_and_the_report_says_where_and_why(kim_boi, logins):
    wb, ws, codes, rows = _sheet(import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=ON))
    _fill(ws, codes, rows, NAM_THUONG, GOOD)
    _fill(ws, codes, rows, VINH_DONG, {"3.1": 120})
    _fill(ws, codes, rows, SAO_BAY, {"3.1": 90})
    report = _run(_bytes(wb), kim_boi, logins["huyen.kimboi"])
    assert not report.ok
    assert not SelfAssessment.objects.exists()
    assert not IndicatorValue.objects.exists()
    (error,) = report.as_dict()["errors"]
    assert error["row"] == rows[VINH_DONG]
    assert error["column"] == openpyxl.utils.get_column_letter(codes.index("3.1") + 1)
    assert error["header"].startswith("3.1 Tỷ lệ diện tích đất sản xuất nông nghiệp")
    assert error["value"] == "120"
    assert error["reason_vi"] == "tỷ lệ phải từ 0 đến 100"
    assert error["reason_en"] == "a percentage must be between 0 and 100"


def test_every_kind_of_bad_cell_is_reported_at_once(kim_boi, logins):
    wb, ws, codes, rows = _sheet(import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=ON))
    _fill(ws, codes, rows, NAM_THUONG, {"3.1": "nhiều", "8.1": "chắc có", "criterion:1": "đạt"})
    _fill(ws, codes, rows, SAO_BAY, {"criterion:2": "tốt", "criterion:5:evidence": "Biên bản số 5"})
    ws.cell(row=2, column=ws.max_column + 1, value="99.9")  # a column code the set does not have
    ws.append(["04978", "Thị trấn Bo"])  # the township of Kim Bôi: not assessed
    ws.append(["05068", "Nam Thượng again"])
    ws.append(["12345", "nowhere"])
    ws.append(["00001", "a ward of Hà Nội"])
    report = _run(_bytes(wb), kim_boi, logins["huyen.kimboi"]).as_dict()
    reasons = [(e["row"], e["reason_vi"]) for e in report["errors"]]
    text = "\n".join(r for _, r in reasons)
    assert "«nhiều» không phải là số" in text
    assert "«chắc có» không phải có/không" in text
    assert "kết quả đánh giá trực tiếp cần ghi căn cứ" in text
    assert "«tốt» không phải «đạt» hoặc «chưa đạt»" in text
    assert "có căn cứ nhưng chưa ghi kết quả" in text
    assert "mã cột «99.9» không có trong bộ tiêu chí" in text
    assert "không phải xã nông thôn" in text
    assert "đã có ở dòng" in text
    assert "không có xã mã 12345 trong danh mục 2020" in text
    assert "không thuộc Huyện Kim Bôi" in text
    assert report["errors_total"] == 10
    assert not SelfAssessment.objects.exists()


def test_a_dry_run_saves_nothing_and_lists_old_and_new(kim_boi, logins):
    commune = unit_get_by_key(f"2020:{NAM_THUONG}")
    self_assessment_save(
        commune=commune,
        edition_id=EDITION,
        on=ON,
        values={"3.1": 76.5, "8.1": True},
        assessments={"1": AssessmentInput(met=False, evidence="Biên bản cũ")},
        actor=logins["admin"],
    )
    wb, ws, codes, rows = _sheet(import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=ON))
    assert ws.cell(row=rows[NAM_THUONG], column=codes.index("3.1") + 1).value == 76.5  # prefilled
    _fill(ws, codes, rows, NAM_THUONG, GOOD)
    before = AuditEvent.objects.count()
    report = _run(_bytes(wb), kim_boi, logins["huyen.kimboi"], dry_run=True)
    assert report.ok and report.saved == 0
    sa = SelfAssessment.objects.get()
    assert {v.code: v.value for v in sa.values.all()} == {"3.1": 76.5, "8.1": True}
    assert sa.version == 1 and AuditEvent.objects.count() == before
    shown = import_jobs.report_display(report.as_dict(), "vi")
    (commune_changes,) = shown["communes"]
    assert commune_changes["new_record"] is False
    changes = {c["header"].split(" ")[0]: (c["old"], c["new"]) for c in commune_changes["changes"]}
    assert changes["3.1"] == ("76,5", "85")
    assert changes["3.2.items"] == ("—", "có")
    assert "8.1" not in changes  # unchanged
    criterion = [c for c in commune_changes["changes"] if c["header"] == "Tiêu chí 1 (đánh giá trực tiếp)"]
    assert criterion[0]["old"] == "chưa đạt — Biên bản cũ"
    assert criterion[0]["new"] == f"đạt — {GOOD['criterion:1:evidence']}"
    english = import_jobs.report_display(report.as_dict(), "en")
    assert english["communes"][0]["changes"][0]["old"] == "76.5"


def test_a_commune_without_data_on_the_date_starts_from_its_latest_data(kim_boi, logins):
    demo_place_load("kim-boi-2024-03.yaml", actor=logins["admin"])
    wb, ws, codes, rows = _sheet(import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=ON))
    _fill(ws, codes, rows, NAM_THUONG, {"3.1": 95})
    report = _run(_bytes(wb), kim_boi, logins["huyen.kimboi"])
    assert report.ok
    old = SelfAssessment.objects.get(commune__code=NAM_THUONG, on=dt.date(2024, 3, 31))
    new = SelfAssessment.objects.get(commune__code=NAM_THUONG, on=ON)
    old_values = {v.code: v.value for v in old.values.all()}
    assert {v.code: v.value for v in new.values.all()} == {**old_values, "3.1": 95}
    assert new.assessments.count() == old.assessments.count()
    (entry,) = [c for c in report.communes if c["code"] == NAM_THUONG]
    assert entry["from_on"] == "2024-03-31" and [c["field"] for c in entry["changes"]] == ["3.1"]


def test_a_csv_with_bom_and_semicolons_is_read(kim_boi, logins):
    content = import_templates.template_csv(unit=kim_boi, edition_id=EDITION, on=ON)
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").split("\r\n")
    codes = lines[1].split(";")
    for i, line in enumerate(lines):
        if line.startswith(NAM_THUONG + ";"):
            cells = line.split(";")
            cells[codes.index("3.1")] = "82,5"
            cells[codes.index("8.4")] = "không"
            lines[i] = ";".join(cells)
    report = _run("\r\n".join(lines).encode("utf-8-sig"), kim_boi, logins["huyen.kimboi"])
    assert report.ok, report.as_dict()["errors"]
    sa = SelfAssessment.objects.get(commune__code=NAM_THUONG, on=ON)
    assert {v.code: v.value for v in sa.values.all()} == {"3.1": 82.5, "8.4": False}


def test_a_csv_with_commas_and_no_bom_is_read(kim_boi, logins):
    text = 'Mã xã,Tên xã,3.1\ncommune_code,commune_name,3.1\n05068,Nam Thượng,"76,5"\n05080,Sào Báy,88\n'
    report = _run(text.encode("utf-8"), kim_boi, logins["huyen.kimboi"])
    assert report.ok, report.as_dict()["errors"]
    assert SelfAssessment.objects.filter(on=ON).count() == 2
    assert IndicatorValue.objects.get(self_assessment__commune__code=NAM_THUONG).value == 76.5


def test_a_file_that_is_not_a_template_is_refused(kim_boi, logins):
    report = _run(b"\xff\xfe\x00garbage", kim_boi, logins["huyen.kimboi"]).as_dict()
    assert "không phải Excel" in report["errors"][0]["reason_vi"]
    report = _run(b"a;b\n1;2\n", kim_boi, logins["huyen.kimboi"]).as_dict()
    assert "không tìm thấy dòng mã cột" in report["errors"][0]["reason_vi"]


def test_a_commune_outside_the_write_scope_is_refused(kim_boi, logins):
    text = "commune_code;3.1\n05068;90\n05080;90\n"
    report = _run(text.encode(), kim_boi, logins["xa.namthuong"]).as_dict()
    assert not report["ok"]
    (error,) = report["errors"]
    assert error["row"] == 3 and error["value"] == SAO_BAY
    assert error["reason_vi"].startswith("tài khoản không có quyền cập nhật số liệu của Xã Sào Báy")
    assert not SelfAssessment.objects.exists()
    viewer = _run(text.encode(), kim_boi, logins["xem.hoabinh"]).as_dict()
    assert viewer["errors_total"] == 2


def test_the_bulk_path_writes_what_self_assessment_save_writes(kim_boi, logins, monkeypatch):
    wb, ws, codes, rows = _sheet(import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=ON))
    for commune in rows:
        _fill(ws, codes, rows, commune, GOOD)
    content = _bytes(wb)
    monkeypatch.setattr(imports, "BULK_MIN", 1)
    events, history = AuditEvent.objects.count(), IndicatorValue.history.count()
    report = _run(content, kim_boi, logins["huyen.kimboi"])
    assert report.ok and report.saved == 16
    bulk = {sa.commune.code: sa for sa in SelfAssessment.objects.select_related("evaluation", "commune")}
    assert len(bulk) == 16
    assert AuditEvent.objects.count() - events == 16
    assert IndicatorValue.history.count() - history == 16 * 4
    # The same file through self_assessment_save, on another date: the same snapshots.
    monkeypatch.setattr(imports, "BULK_MIN", 10_000)
    other = imports.import_run(
        content=content, unit=kim_boi, edition_id=EDITION, on=dt.date(2024, 12, 30), actor=logins["huyen.kimboi"],
        dry_run=False,
    )  # fmt: skip
    assert other.ok
    for sa in SelfAssessment.objects.filter(on=dt.date(2024, 12, 30)).select_related("evaluation", "commune"):
        twin = bulk[sa.commune.code].evaluation
        assert sa.evaluation.facts == twin.facts
        assert sa.evaluation.criteria_met_list == twin.criteria_met_list
        assert sa.evaluation.content_hash == twin.content_hash
        assert sa.evaluation.result == twin.result
        assert {f: getattr(sa.evaluation, f) for f in snapshots.FIELDS} == {
            f: getattr(twin, f) for f in snapshots.FIELDS
        }
        assert _rows(sa) == _rows(bulk[sa.commune.code])
        after = {e.target_id: e.after for e in AuditEvent.objects.filter(action="ntm.values.write")}
        assert after[str(sa.pk)] == after[str(twin.self_assessment_id)]


def _rows(sa):
    """What a self-assessment holds, and the "created" history of it, without ids and times."""
    values = sorted(sa.values.values_list("code", "number", "flag", "comment", "evidence"))
    assessments = sorted(sa.assessments.values_list("criterion", "met", "evidence", "evidence_file", "assessed_by"))
    history = sorted(
        IndicatorValue.history.filter(self_assessment_id=sa.pk).values_list(
            "id", "code", "number", "flag", "history_type", "history_user__username"
        )
    )
    assert sorted((h[0], h[1]) for h in history) == sorted(sa.values.values_list("id", "code"))
    assessed = sorted(
        CriterionAssessment.history.filter(self_assessment_id=sa.pk).values_list(
            "criterion", "met", "evidence", "history_type", "history_user__username"
        )
    )
    return values, assessments, [h[1:] for h in history], assessed


# --------------------------------------------------------------------------- jobs and the task


def _job(kim_boi, actor, content: bytes, *, dry_run: bool, name="kim-boi.xlsx"):
    return import_jobs.import_job_create(
        actor=actor, unit=kim_boi, edition_id=EDITION, on=ON, filename=name, content=content, dry_run=dry_run
    )


def test_the_task_runs_eagerly_without_redis(kim_boi, logins, settings):
    from config.celery import app

    assert app.conf.task_always_eager is True
    job = _job(kim_boi, logins["huyen.kimboi"], b"commune_code;3.1\n05068;90\n", dry_run=False)
    tasks.import_job_run_task.delay(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.progress == 100 and job.finished_at
    assert job.report["saved"] == 1
    assert SelfAssessment.objects.filter(on=ON).count() == 1


def test_a_large_file_goes_to_the_task(kim_boi, logins, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "INLINE_MAX_BYTES", 1)
    monkeypatch.setattr(tasks.import_job_run_task, "delay", lambda pk: sent.append(pk))
    job = _job(kim_boi, logins["huyen.kimboi"], b"commune_code;3.1\n05068;90\n", dry_run=True)
    tasks.import_job_dispatch(job)
    assert sent == [job.pk]


def test_a_crash_fails_the_job_and_saves_nothing(kim_boi, logins, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "import_run", boom)
    job = _job(kim_boi, logins["huyen.kimboi"], b"commune_code;3.1\n05068;90\n", dry_run=False)
    job = import_jobs.import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.FAILED
    assert "lỗi hệ thống" in job.report["errors"][0]["reason_vi"]


# --------------------------------------------------------------------------- pages


def test_anonymous_visitors_and_viewers_get_403_in_vietnamese(client, logins):
    response = client.get("/ntm/import/")
    assert response.status_code == 403
    assert "Hãy đăng nhập để nhập số liệu." in response.content.decode()
    client.force_login(logins["xem.hoabinh"])
    response = client.get("/ntm/import/")
    assert response.status_code == 403
    assert "Tài khoản không có quyền nhập số liệu của đơn vị nào." in response.content.decode()


def test_the_district_office_sees_the_form_and_downloads_its_templates(client, logins):
    client.force_login(logins["huyen.kimboi"])
    html = client.get("/ntm/import/").content.decode()
    assert "Nhập số liệu của xã" in html and 'value="2020:153"' in html
    query = {"unit": "2020:153", "on": "31/12/2024", "edition": EDITION}
    response = client.get("/ntm/import/template/xlsx/", query)
    assert response.status_code == 200
    assert response["Content-Type"] == imports.XLSX_CONTENT_TYPE
    assert 'filename="tamnong-2020-153-20241231.xlsx"' in response["Content-Disposition"]
    response = client.get("/ntm/import/template/csv/", query)
    assert response.status_code == 200 and response.content.startswith("\ufeff".encode())


def test_a_unit_outside_the_scope_is_refused_on_the_pages(client, logins):
    client.force_login(logins["huyen.kimboi"])
    assert client.get("/ntm/import/", {"unit": "2020:292"}).status_code == 403
    response = client.get("/ntm/import/template/xlsx/", {"unit": "2020:292", "on": "31/12/2024"})
    assert response.status_code == 403
    html = response.content.decode()  # the table's refusal: the action, the unit and why
    assert "Không được «nhập số liệu tiêu chí từ bảng tính» tại Thị xã Kinh Môn" in html and "ngoài địa bàn" in html
    upload = SimpleUploadedFile("x.csv", b"commune_code;3.1\n05068;90\n")
    response = client.post("/ntm/import/", {"unit": "2020:292", "on": "31/12/2024", "edition": EDITION, "file": upload})
    assert response.status_code == 403
    client.force_login(logins["xa.namthuong"])
    response = client.get("/ntm/import/template/xlsx/", {"unit": "2020:153", "on": "31/12/2024"})
    assert response.status_code == 403


def test_the_form_says_what_is_wrong(client, logins):
    client.force_login(logins["huyen.kimboi"])
    response = client.post("/ntm/import/", {"unit": "2020:153", "on": "31-13-2024", "edition": EDITION})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày «31-13-2024» không hợp lệ" in html and "Hãy chọn tệp cần tải lên." in html


def test_upload_a_dry_run_then_apply_it(client, logins, kim_boi):
    client.force_login(logins["huyen.kimboi"])
    wb, ws, codes, rows = _sheet(import_templates.template_xlsx(unit=kim_boi, edition_id=EDITION, on=ON))
    _fill(ws, codes, rows, NAM_THUONG, GOOD)
    upload = SimpleUploadedFile("kim-boi.xlsx", _bytes(wb))
    form = {"unit": "2020:153", "on": "31/12/2024", "edition": EDITION, "file": upload, "dry_run": "1"}
    response = client.post("/ntm/import/", form)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Chạy thử: không lưu gì" in html and "Xã Nam Thượng" in html and "85" in html
    assert not SelfAssessment.objects.exists()
    job = ImportJob.objects.get()
    partial = client.get(f"/ntm/import/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="import-job"') and "every 1s" not in partial
    response = client.post(f"/ntm/import/jobs/{job.pk}/apply/")
    assert response.status_code == 302
    assert SelfAssessment.objects.filter(commune__code=NAM_THUONG, on=ON).exists()
    html = client.get(response["Location"]).content.decode()
    assert "Đã lưu: 1 xã." in html
    assert client.post(f"/ntm/import/jobs/{job.pk}/apply/").status_code == 302  # a second apply: no change
    client.force_login(logins["thixa.kinhmon"])
    assert client.get(f"/ntm/import/jobs/{job.pk}/").status_code == 403


def test_a_running_job_polls_every_second(client, logins, kim_boi):
    client.force_login(logins["huyen.kimboi"])
    job = _job(kim_boi, logins["huyen.kimboi"], b"commune_code;3.1\n05068;90\n", dry_run=True)
    cache.set(f"ntm-import-job:{job.pk}:progress", 40)  # as a worker reports it, mid-transaction
    html = client.get(f"/ntm/import/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in html and '<progress max="100" value="40"' in html
    partial = client.get(f"/ntm/import/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="import-job" hx-get=') and "40%" in partial


def test_the_report_in_english(client, logins, kim_boi):
    client.force_login(logins["huyen.kimboi"])
    upload = SimpleUploadedFile("x.csv", b"commune_code;3.1\n05068;120\n")
    form = {"unit": "2020:153", "on": "31/12/2024", "edition": EDITION, "file": upload}
    response = client.post("/ntm/import/", form, headers={"Accept-Language": "en"})
    html = client.get(response["Location"], headers={"Accept-Language": "en"}).content.decode()
    assert "1 error found: nothing was saved." in html
    assert "a percentage must be between 0 and 100" in html


def test_in_2026_the_form_opens_on_today_and_the_2026_set_and_refuses_the_replaced_set(client, logins):
    """On a day of 2026 the office lands on today and the set in force on the date written (Decision 51/2025's,
    not the 2021–2025 one, which no longer applies); a template or an upload against the replaced set is refused,
    naming the set in force."""
    client.force_login(logins["tinh.phutho"])
    with time_machine.travel(dt.datetime(2026, 10, 15, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=True):
        html = client.get("/ntm/import/").content.decode()
        assert 'name="on" value="15/10/2026"' in html and 'value="2025-07:25"' in html
        assert '<option value="" selected>bộ tiêu chí áp dụng vào ngày đã ghi</option>' in html
        query = {"unit": "2025-07:25", "on": "15/10/2026"}
        response = client.get("/ntm/import/template/xlsx/", query)  # no set chosen: the one in force
        assert response.status_code == 200
        codes = [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0][2]]
        assert "criterion:10" in codes and "3.1" not in codes
        response = client.get("/ntm/import/template/xlsx/", {**query, "edition": EDITION})
        assert response.status_code == 400
        assert "không áp dụng ngày 15/10/2026; ngày này áp dụng" in response.content.decode()
        upload = SimpleUploadedFile("x.csv", b"commune_code;criterion:1\n")
        response = client.post("/ntm/import/", {**query, "edition": EDITION, "file": upload})
        assert response.status_code == 400 and "51/2025/QĐ-TTg" in response.content.decode()
        assert not ImportJob.objects.exists()
    # before 15/02/2026 the 2021–2025 set is the one in force, as before
    response = client.get("/ntm/import/template/xlsx/", {"unit": "2020:153", "on": "31/12/2024", "edition": EDITION})
    assert response.status_code == 200
