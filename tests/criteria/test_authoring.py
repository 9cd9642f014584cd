"""Criteria authoring through the pages: a province office fills income thresholds for its region
from the XLSX template, a second officer approves, evaluations use them from their date."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tamnong import rules
from tamnong.criteria.editions import edition_get, edition_texts
from tamnong.criteria.models import CriteriaVersion, VersionStatus
from tamnong.criteria.selectors import evaluation_compute
from tamnong.ntm.models import SelfAssessment
from tamnong.ntm.selectors import self_assessment_facts
from tamnong.places.models import AdminUnit

EDITION = "ntm/commune-2021-2025"
REFERENCE = "318/QĐ-TTg ngày 08/03/2022, Phụ lục I"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _draft(client, username="tinh.hoabinh") -> CriteriaVersion:
    login(client, username)
    response = client.post(
        "/criteria/versions/", {"edition": EDITION, "province": "2020:17", "title": "Ngưỡng thu nhập vùng TDMNPB"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return CriteriaVersion.objects.latest("pk")


def _template(client, version):
    response = client.get(f"/criteria/versions/{version.pk}/thresholds.xlsx")
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb.active
    codes = [c.value for c in ws[2]]
    rows = {(ws.cell(r, 1).value, ws.cell(r, 3).value): r for r in range(3, ws.max_row + 1)}
    return wb, ws, codes, rows


def _upload(client, version, wb):
    out = io.BytesIO()
    wb.save(out)
    upload = SimpleUploadedFile("nguong.xlsx", out.getvalue())
    return client.post(f"/criteria/versions/{version.pk}/", {"file": upload})


def _income(commune, on):
    sa = SelfAssessment.objects.get(commune=commune, on=dt.date(2024, 3, 31))
    evaluation = evaluation_compute(edition=edition_get(EDITION), unit=commune, on=on, facts=self_assessment_facts(sa))
    return next(i for i in evaluation.tiers[0].criteria[9].indicators if i.code == "income_per_capita_mvnd")


def test_a_province_fills_its_region_a_second_officer_approves_and_evaluations_follow_the_date(client, demo):
    version = _draft(client)
    wb, ws, codes, rows = _template(client, version)
    # Hòa Bình is in the northern midlands and mountains: one column per year for that region only.
    assert [c for c in codes if c and ":" in c] == [
        "TDMNPB:2022",
        "TDMNPB:2023",
        "TDMNPB:2024",
        "TDMNPB:2025",
        "TDMNPB:2026",
    ]
    row = rows[("standard", "income_per_capita_mvnd")]
    ws.cell(row, codes.index("TDMNPB:2024") + 1, 45)
    ws.cell(row, codes.index("reference") + 1, REFERENCE)
    html = _upload(client, version, wb).content.decode()
    assert "import-problems" not in html
    assert "TDMNPB" in html and "45" in html  # the diff
    nam_thuong = AdminUnit.objects.get(scheme="2020", code="05068")
    assert "Xã Nam Thượng, Huyện Kim Bôi, Tỉnh Hoà Bình" in html  # the impact preview names the communes
    assert _income(nam_thuong, dt.date(2024, 3, 31)).status == "unknown"  # nothing takes effect before approval
    assert client.post(f"/criteria/versions/{version.pk}/submit").status_code == 302
    refused = client.post(f"/criteria/versions/{version.pk}/approve")
    assert refused.status_code == 403 and "cán bộ thứ hai" in refused.content.decode()
    login(client, "duyet.hoabinh")
    assert client.post(f"/criteria/versions/{version.pk}/approve").status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED and version.effective_from == dt.date(2024, 1, 1)
    after = _income(nam_thuong, dt.date(2024, 3, 31))
    assert after.status in ("met", "not_met") and after.threshold == 45
    assert _income(nam_thuong, dt.date(2023, 12, 31)).status == "unknown"  # the old entry before the date
    snapshot = SelfAssessment.objects.get(commune=nam_thuong, on=dt.date(2024, 3, 31)).evaluation
    assert snapshot.content_hash == version.content_hash  # re-evaluated on approval
    # Approved means frozen.
    login(client, "tinh.hoabinh")
    assert "không sửa được nữa" in _upload(client, version, wb).content.decode()


def test_the_yaml_export_loads_with_the_repositorys_loader_and_evaluates_the_same(client, demo, tmp_path):
    version = _draft(client)
    wb, ws, codes, rows = _template(client, version)
    row = rows[("standard", "income_per_capita_mvnd")]
    ws.cell(row, codes.index("TDMNPB:2023") + 1, 41)
    ws.cell(row, codes.index("reference") + 1, REFERENCE)
    _upload(client, version, wb)
    client.post(f"/criteria/versions/{version.pk}/submit")
    login(client, "duyet.hoabinh")
    client.post(f"/criteria/versions/{version.pk}/approve")
    response = client.get(f"/criteria/versions/{version.pk}/yaml.zip")
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    exported = rules.load_edition_dir(tmp_path / EDITION)
    assert exported.content_hash == edition_get(EDITION).content_hash
    commune = AdminUnit.objects.get(scheme="2020", code="05080")
    sa = SelfAssessment.objects.get(commune=commune, on=dt.date(2024, 3, 31))
    here = evaluation_compute(edition=edition_get(EDITION), unit=commune, on=sa.on, facts=self_assessment_facts(sa))
    from tamnong.places.selectors import unit_place

    there = rules.evaluate(
        exported, rules.Facts.from_mapping(self_assessment_facts(sa)), on=sa.on, place=unit_place(commune, on=sa.on)
    )
    assert there.to_dict() == here.to_dict()


def test_a_bad_file_is_refused_whole_with_a_message_per_row(client, demo):
    version = _draft(client)
    wb, ws, codes, rows = _template(client, version)
    income = rows[("standard", "income_per_capita_mvnd")]
    ws.cell(income, codes.index("TDMNPB:2024") + 1, 45)  # no reference
    irrigation = rows[("standard", "3.1")]
    ws.cell(irrigation, codes.index("TDMNPB:2024") + 1, "tám mươi lăm")
    ws.cell(irrigation, codes.index("reference") + 1, REFERENCE)
    ws.append(["standard", "10", "thu_nhap_sai", "", "", "", 50])
    html = _upload(client, version, wb).content.decode()
    assert "Nothing was saved" in html or "Không có gì được lưu" in html
    assert "thiếu căn cứ pháp lý" in html
    assert "ngưỡng phải là một số" in html and "tám mươi lăm" in html
    assert "không có chỉ tiêu mã «thu_nhap_sai»" in html
    version.refresh_from_db()
    assert version.files == {}  # nothing written into the draft


def test_a_province_may_not_loosen_a_national_threshold(client, demo):
    version = _draft(client)
    wb, ws, codes, rows = _template(client, version)
    row = rows[("standard", "3.1")]
    ws.cell(row, codes.index("TDMNPB:2024") + 1, 70)  # the national threshold is 80
    ws.cell(row, codes.index("reference") + 1, "Quyết định của UBND tỉnh")
    html = _upload(client, version, wb).content.decode()
    assert "nới lỏng" in html
    version.refresh_from_db()
    assert version.files == {}


@pytest.mark.parametrize(
    ("username", "province", "status"),
    [
        ("tinh.hoabinh", "2020:17", 302),
        ("trunguong", "2020:17", 302),
        ("tinh.phutho", "2020:17", 302),  # Phú Thọ of July 2025 took in Hòa Bình
        ("huyen.kimboi", "2020:17", 403),
        ("tinh.hoabinh", "", 403),  # a province office does not author the national set
        ("trunguong", "", 302),
    ],
)
def test_authoring_is_scoped(client, demo, username, province, status):
    login(client, username)
    response = client.post("/criteria/versions/", {"edition": EDITION, "province": province, "title": "Thử"})
    assert response.status_code == status


def test_another_province_cannot_read_or_review_a_version(client, demo):
    from tamnong.accounts.models import Role, RoleAssignment

    version = _draft(client)
    other = get_user_model().objects.create(username="tinh.haiduong")
    RoleAssignment.objects.create(
        user=other, role=Role.PROVINCE_OFFICE, unit=AdminUnit.objects.get(scheme="2020", code="30")
    )
    login(client, "tinh.haiduong")
    assert client.get(f"/criteria/versions/{version.pk}/").status_code == 403
    assert client.get(f"/criteria/versions/{version.pk}/thresholds.xlsx").status_code == 403
    assert client.post(f"/criteria/versions/{version.pk}/approve").status_code == 403
    assert client.get("/criteria/versions/").status_code == 200
    assert f"/criteria/versions/{version.pk}/" not in client.get("/criteria/versions/").content.decode()


# --------------------------------------------------------------------------- the API


def test_the_api_drafts_changes_submits_and_a_second_officer_approves(client, demo):
    login(client, "tinh.hoabinh")
    created = client.post(
        "/api/v1/criteria/versions",
        {"edition": EDITION, "province": "2020:17", "title": "Ngưỡng thu nhập"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    bad = client.post(
        f"/api/v1/criteria/versions/{pk}/changes",
        {"changes": [{"tier": "standard", "code": "income_per_capita_mvnd", "year": 2024, "values": {"TDMNPB": "bốn lăm"},
                      "reference": REFERENCE}]},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 400 and "ngưỡng phải là một số" in bad.json()["changes[0].values.TDMNPB"][0]
    item = {"tier": "standard", "code": "income_per_capita_mvnd", "year": 2024, "values": {"TDMNPB": "45"},
            "reference": REFERENCE}  # fmt: skip
    changed = client.post(
        f"/api/v1/criteria/versions/{pk}/changes", {"changes": [item]}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert [(d["place"], d["year"], d["new"]) for d in body["diff"]][0] == ("TDMNPB", 2024, "45")
    assert any(i["commune"]["key"] == "2020:05068" for i in body["impact"])
    assert client.post(f"/api/v1/criteria/versions/{pk}/submit").json()["status"] == "submitted"
    assert (
        client.post(
            f"/api/v1/criteria/versions/{pk}/review", {"approve": True}, content_type="application/json"
        ).status_code
        == 403
    )
    login(client, "duyet.hoabinh")
    reviewed = client.post(f"/api/v1/criteria/versions/{pk}/review", {"approve": True}, content_type="application/json")
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "approved"
    assert reviewed.json()["effective_from"] == "2024-01-01"
    files = client.get(f"/api/v1/criteria/versions/{pk}/files").json()["files"]
    assert "value: 45" in files["provinces/17.yaml"]


def test_the_api_is_scoped(client, demo):
    assert client.get("/api/v1/criteria/versions").status_code in (401, 403)
    login(client, "huyen.kimboi")
    refused = client.post(
        "/api/v1/criteria/versions",
        {"edition": EDITION, "province": "2020:17", "title": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/criteria/versions").json() == []


def test_the_openapi_document_lists_the_authoring_endpoints(client, demo):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/criteria/versions",
        "/api/v1/criteria/versions/{id}/changes",
        "/api/v1/criteria/versions/{id}/review",
    ):
        assert path in schema["paths"]


def test_the_form_of_one_indicator_writes_the_same_as_the_xlsx(client, demo):
    version = _draft(client)
    page = client.get(f"/criteria/versions/{version.pk}/", {"row": "standard/income_per_capita_mvnd"}).content.decode()
    assert 'name="TDMNPB:2024"' in page and 'name="DBSH:2024"' not in page  # the province's region only
    refused = client.post(
        f"/criteria/versions/{version.pk}/",
        {"row": "standard/income_per_capita_mvnd", "TDMNPB:2024": "45,5", "reference": ""},
    )
    assert "thiếu căn cứ pháp lý" in refused.content.decode()
    saved = client.post(
        f"/criteria/versions/{version.pk}/",
        {"row": "standard/income_per_capita_mvnd", "TDMNPB:2024": "45,5", "reference": REFERENCE},
    )
    assert saved.status_code == 302
    version.refresh_from_db()
    assert "value: 45.5" in version.files["provinces/17.yaml"]
    page = client.get(saved["Location"]).content.decode()
    assert 'value="45,5"' in page


def test_a_version_without_changes_cannot_be_submitted_and_a_return_needs_a_reason(client, demo):
    version = _draft(client)
    refused = client.post(f"/criteria/versions/{version.pk}/submit")
    assert refused.status_code == 400 and "chưa thay đổi ngưỡng nào" in refused.content.decode()
    client.post(
        f"/criteria/versions/{version.pk}/",
        {"row": "standard/income_per_capita_mvnd", "TDMNPB:2025": "50", "reference": REFERENCE},
    )
    assert client.post(f"/criteria/versions/{version.pk}/submit").status_code == 302
    login(client, "duyet.hoabinh")
    no_reason = client.post(f"/criteria/versions/{version.pk}/return", {"note": ""})
    assert no_reason.status_code == 400 and "Cần ghi lý do trả lại" in no_reason.content.decode()
    assert client.post(f"/criteria/versions/{version.pk}/return", {"note": "Sai phụ lục"}).status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.RETURNED and version.review_note == "Sai phụ lục"
    login(client, "tinh.hoabinh")  # returned: the author edits again
    page = client.get(f"/criteria/versions/{version.pk}/").content.decode()
    assert 'id="upload-thresholds"' in page and "Sai phụ lục" in page


def test_the_national_office_adds_an_indicator_of_51_2025_and_fills_it_by_commune_group(client, demo):
    login(client, "trunguong")
    client.post("/criteria/versions/", {"edition": "ntm/commune-2026-2030", "province": "", "title": "Chỉ tiêu 1.1"})
    version = CriteriaVersion.objects.latest("pk")
    spec = {"add_indicator": "1", "criterion_key": "standard/1", "code": "1.1", "name_vi": "Tỷ lệ thôn có quy hoạch",
            "name_en": "Share of villages with a plan", "kind": "percent", "unit": "percent", "comparator": ">=",
            "reference": "51/2025/QĐ-TTg ngày 29/12/2025, Phụ lục I"}  # fmt: skip
    added = client.post(f"/criteria/versions/{version.pk}/", spec)
    assert added.status_code == 302 and added["Location"].endswith("?row=standard/1.1")
    page = client.get(added["Location"]).content.decode()
    assert 'name="1:2026"' in page and 'name="3:2030"' in page  # one row per commune group
    again = client.post(f"/criteria/versions/{version.pk}/", spec).content.decode()
    assert "Mã chỉ tiêu «1.1» đã có" in again
    grid = {"row": "standard/1.1", "1:2026": "100", "2:2026": "90", "3:2026": "80", "reference": spec["reference"]}
    assert client.post(f"/criteria/versions/{version.pk}/", grid).status_code == 302
    version.refresh_from_db()
    from tamnong.criteria.authoring import draft_edition
    from tamnong.rules import authoring as thresholds

    cells = thresholds.table(draft_edition(version)[0])
    assert [cells[("standard/1.1", g, 2028)] for g in "123"] == [100, 90, 80]
    login(client, "tinh.hoabinh")
    province = client.post(
        "/criteria/versions/", {"edition": "ntm/commune-2021-2025", "province": "2020:17", "title": "x"}
    )
    pk = CriteriaVersion.objects.latest("pk").pk
    refused = client.post(f"/criteria/versions/{pk}/", {**spec, "criterion_key": "standard/10", "code": "10.9"})
    assert province.status_code == 302 and "Chỉ bộ tiêu chí quốc gia được thêm chỉ tiêu" in refused.content.decode()


def test_the_api_adds_an_indicator_to_a_national_draft(client, demo):
    login(client, "trunguong")
    pk = client.post(
        "/api/v1/criteria/versions",
        {"edition": "ntm/commune-2026-2030", "title": "Tiêu chí 1"},
        content_type="application/json",
    ).json()["id"]
    spec = {"tier": "standard", "criterion": "1", "code": "1.1", "name_vi": "Tỷ lệ thôn có quy hoạch",
            "name_en": "Share of villages with a plan", "kind": "percent", "unit": "percent", "comparator": ">=",
            "reference": "51/2025/QĐ-TTg, Phụ lục I"}  # fmt: skip
    added = client.post(f"/api/v1/criteria/versions/{pk}/indicators", spec, content_type="application/json")
    assert added.status_code == 200, added.content
    bad = client.post(
        f"/api/v1/criteria/versions/{pk}/indicators",
        {**spec, "code": "1.2", "unit": "km"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "đơn vị" in str(bad.json())
    change = {
        "tier": "standard",
        "code": "1.1",
        "year": 2026,
        "values": {"1": 100, "2": 90, "3": 80},
        "reference": "51/2025",
    }
    diff = client.post(
        f"/api/v1/criteria/versions/{pk}/changes", {"changes": [change]}, content_type="application/json"
    )
    assert {(d["place"], d["year"], d["new"]) for d in diff.json()["diff"]} >= {("1", 2026, "100"), ("3", 2030, "80")}


def test_the_versions_page_warns_when_a_release_changed_files_an_approved_version_replaces(client, demo, monkeypatch):
    login(client, "trunguong")
    client.post("/criteria/versions/", {"edition": EDITION, "province": "", "title": "Tưới tiêu 2024"})
    version = CriteriaVersion.objects.latest("pk")
    grid = {
        "row": "standard/3.1",
        "reference": "Thử",
        **{f"{r}:2024": "85" for r in ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")},
    }
    assert client.post(f"/criteria/versions/{version.pk}/", grid).status_code == 302
    client.post(f"/criteria/versions/{version.pk}/submit")
    login(client, "admin")
    assert client.post(f"/criteria/versions/{version.pk}/approve").status_code == 302
    assert "Bản cài đặt Tamnông mới" not in client.get("/criteria/versions/").content.decode()
    shipped = rules.edition_files

    def next_release(edition_id, data_dir=None):
        texts = shipped(edition_id, data_dir)
        texts["standard/c03.yaml"] = texts["standard/c03.yaml"].replace("80", "82", 1)
        return texts

    monkeypatch.setattr(rules, "edition_files", next_release)
    page = client.get("/criteria/versions/").content.decode()
    assert f"sau khi phiên bản {version.number}" in page
    # The approved version still applies: 85 from 2024, as approved.
    assert "value: 85" in edition_texts(EDITION)["standard/c03.yaml"]
