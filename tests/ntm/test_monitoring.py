"""Monitoring pages and API, with permissions tested both ways."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model

from tamnong.ntm.models import EvaluationSnapshot, IndicatorValue, SelfAssessment
from tamnong.places.models import AdminUnit

pytestmark = pytest.mark.usefixtures("units")

NAM_THUONG = ("2020", "05068")
SAO_BAY = ("2020", "05080")
KINH_MON_COMMUNE = ("2020", "10678")


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_dashboard_is_public_and_shows_the_sentence(client, demo):
    html = client.get("/ntm/2020/153/", {"on": "2024-03-31"}).content.decode()
    assert "bình quân tiêu chí của cả huyện đạt 14,9 tiêu chí/xã" in html
    assert "Xã Nam Thượng" in html and "leaflet.js" in html


def test_dashboard_defaults_to_the_latest_data(client, demo):
    html = client.get("/ntm/2020/153/").content.decode()
    assert "Tính đến hết tháng 3/2024" in html


def test_province_dashboard_rolls_up_its_districts(client, demo):
    html = client.get("/ntm/2020/17/", {"on": "2024-03-31"}).content.decode()
    assert "Huyện Kim Bôi" in html and "14,9" in html


def test_nation_page_lists_provinces(client, demo):
    html = client.get("/ntm/", {"scheme": "2020", "on": "2024-08-31"}).content.decode()
    assert "Tỉnh Hải Dương" in html and "Tỉnh Hoà Bình" in html


@pytest.mark.parametrize(
    ("username", "unit", "allowed"),
    [
        ("xa.namthuong", NAM_THUONG, True),
        ("xa.namthuong", SAO_BAY, False),
        ("huyen.kimboi", SAO_BAY, True),
        ("huyen.kimboi", KINH_MON_COMMUNE, False),
        ("thixa.kinhmon", KINH_MON_COMMUNE, True),
        ("tinh.hoabinh", NAM_THUONG, True),
        ("tinh.phutho", NAM_THUONG, True),  # the new province sees the old communes merged into it
        ("tinh.phutho", KINH_MON_COMMUNE, False),
        ("xem.hoabinh", NAM_THUONG, True),
        ("trunguong", KINH_MON_COMMUNE, True),
    ],
)
def test_commune_page_is_scoped(client, demo, username, unit, allowed):
    response = login(client, username).get(f"/ntm/{unit[0]}/{unit[1]}/")
    assert response.status_code == (200 if allowed else 403)


def test_commune_page_needs_a_login(client, demo):
    response = client.get("/ntm/2020/05068/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("username", "unit", "allowed"),
    [
        ("xa.namthuong", NAM_THUONG, True),
        ("xa.namthuong", SAO_BAY, False),
        ("huyen.kimboi", SAO_BAY, True),
        ("thixa.kinhmon", NAM_THUONG, False),
        ("xem.hoabinh", NAM_THUONG, False),  # a viewer reads, never writes
    ],
)
def test_entry_form_is_scoped_to_writers(client, demo, username, unit, allowed):
    response = login(client, username).get(f"/ntm/{unit[0]}/{unit[1]}/entry/", {"on": "2024-03-31"})
    assert response.status_code == (200 if allowed else 403)


def _form(client, on="2024-03-31"):
    sa = SelfAssessment.objects.get(commune__scheme="2020", commune__code="05080", on=on)
    data = {"on": on, "edition": sa.edition_id, "version": sa.version}
    for v in sa.values.all():
        data[f"v:{v.code}"] = {True: "có", False: "không"}.get(v.value, str(v.value).replace(".", ","))
    for a in sa.assessments.all():
        data[f"a:{a.criterion}"] = "1" if a.met else "0"
        data[f"e:{a.criterion}"] = a.evidence
    return sa, data


def test_entering_a_value_re_evaluates_and_keeps_history(client, demo):
    login(client, "huyen.kimboi")
    sa, data = _form(client)
    data["v:3.1"] = "70,5"
    response = client.post("/ntm/2020/05080/entry/", data)
    assert response.status_code == 302
    sa.refresh_from_db()
    assert sa.version == 2
    assert sa.values.get(code="3.1").value == 70.5
    assert EvaluationSnapshot.objects.get(self_assessment=sa).criteria_met == 18
    history = IndicatorValue.history.filter(code="3.1", self_assessment=sa).order_by("history_date")
    assert [h.history_user.username if h.history_user else None for h in history][-1] == "huyen.kimboi"
    assert history.count() == 2  # created by the demo, changed once


def test_a_stale_form_is_refused_not_merged(client, demo):
    login(client, "huyen.kimboi")
    sa, data = _form(client)
    stale = dict(data)
    data["v:3.1"] = "70"
    client.post("/ntm/2020/05080/entry/", data)
    stale["v:3.1"] = "99"
    html = client.post("/ntm/2020/05080/entry/", stale).content.decode()
    assert "vừa được huyen.kimboi cập nhật" in html
    assert SelfAssessment.objects.get(pk=sa.pk).values.get(code="3.1").value == 70


def test_bad_values_are_named_and_nothing_is_saved(client, demo):
    login(client, "huyen.kimboi")
    sa, data = _form(client)
    data["v:3.1"] = "tám mươi"
    data["a:1"], data["e:1"] = "1", ""
    html = client.post("/ntm/2020/05080/entry/", data).content.decode()
    assert "«tám mươi» không phải là số" in html
    assert "Cần ghi căn cứ" in html
    assert SelfAssessment.objects.get(pk=sa.pk).version == sa.version


def test_out_of_range_percentage_is_refused(client, demo):
    login(client, "huyen.kimboi")
    sa, data = _form(client)
    data["v:3.1"] = "120"
    html = client.post("/ntm/2020/05080/entry/", data).content.decode()
    assert "tỷ lệ phải từ 0 đến 100" in html
    assert SelfAssessment.objects.get(pk=sa.pk).version == sa.version


def test_live_preview_evaluates_without_saving(client, demo):
    login(client, "huyen.kimboi")
    sa, data = _form(client)
    data["v:3.1"] = "70"
    html = client.post("/ntm/2020/05080/entry/preview", data, headers={"HX-Request": "true"}).content.decode()
    assert 'id="criterion-3" data-status="not_met"' in html
    assert "Chỉ tiêu 3.1: 70% &lt; 80% — chưa đạt" in html
    assert SelfAssessment.objects.get(pk=sa.pk).version == sa.version


def test_summary_api(client, demo):
    body = client.get("/api/v1/ntm/summary", {"unit": "2020:153", "on": "2024-03-31"}).json()
    assert body["communes_assessed"] == 16
    assert body["average_criteria"] == 14.9
    assert [c["name"] for c in body["tiers"]["standard"]][3] == "Mỵ Hòa"
    assert body["distribution"] == {"19": 6, "15-18": 1, "10-14": 9, "5-9": 0, "0-4": 0}
    assert body["targets"]["average_criteria"] == 16.0
    assert body["text_vi"].startswith("Tính đến hết tháng 3/2024")
    kinh_mon = client.get("/api/v1/ntm/summary", {"unit": "2020:292", "on": "2024-08-29"}).json()
    assert (len(kinh_mon["tiers"]["advanced"]), len(kinh_mon["tiers"]["model"])) == (5, 1)


def test_bulk_read_is_scoped(client, demo):
    assert client.get("/api/v1/ntm/self-assessments", {"unit": "2020:153", "on": "2024-03-31"}).json() == []
    login(client, "xa.namthuong")
    rows = client.get("/api/v1/ntm/self-assessments", {"unit": "2020:153", "on": "2024-03-31"}).json()
    assert [r["unit"]["code"] for r in rows] == ["05068"]
    login(client, "huyen.kimboi")
    rows = client.get("/api/v1/ntm/self-assessments", {"unit": "2020:153", "on": "2024-03-31"}).json()
    assert len(rows) == 16 and rows[0]["criteria_total"] == 19


def test_bulk_write_is_all_or_nothing_and_scoped(client, demo):
    payload = {
        "edition": "ntm/commune-2021-2025",
        "on": "2024-06-30",
        "items": [
            {"unit": "2020:05068", "values": {"3.1": 91}},
            {"unit": "2020:05080", "values": {"3.1": 88}},
        ],
    }
    assert client.post("/api/v1/ntm/self-assessments", payload, content_type="application/json").status_code == 403
    login(client, "xa.namthuong")
    refused = client.post("/api/v1/ntm/self-assessments", payload, content_type="application/json")
    assert refused.status_code == 403
    assert "Dòng 2 (2020:05080)" in refused.json()["detail"]
    assert not SelfAssessment.objects.filter(on="2024-06-30").exists()  # item 1 rolled back too
    login(client, "huyen.kimboi")
    bad = {**payload, "items": [*payload["items"], {"unit": "2020:05026", "values": {"3.1": 180}}]}
    response = client.post("/api/v1/ntm/self-assessments", bad, content_type="application/json")
    assert response.status_code == 400
    assert "tỷ lệ phải từ 0 đến 100" in response.json()["items[2].3.1"][0]
    assert not SelfAssessment.objects.filter(on="2024-06-30").exists()
    ok = client.post("/api/v1/ntm/self-assessments", payload, content_type="application/json")
    assert ok.status_code == 200 and [r["values"]["3.1"] for r in ok.json()] == [91, 88]


def test_bulk_write_refuses_a_stale_version(client, demo):
    login(client, "huyen.kimboi")
    sa = SelfAssessment.objects.get(commune=AdminUnit.objects.get(scheme="2020", code="05068"), on="2024-03-31")
    item = {"unit": "2020:05068", "version": sa.version, "values": {"3.1": 95}}
    body = {"edition": sa.edition_id, "on": "2024-03-31", "items": [item]}
    assert client.post("/api/v1/ntm/self-assessments", body, content_type="application/json").status_code == 200
    again = client.post("/api/v1/ntm/self-assessments", body, content_type="application/json")
    assert again.status_code == 409


def test_the_new_map_counts_old_communes_through_successions_and_says_so(client, demo):
    body = client.get("/api/v1/ntm/summary", {"unit": "2025-07:04990", "on": "2024-03-31"}).json()
    assert sorted(c["name"] for c in body["communes"]) == ["Bình Sơn", "Hùng Sơn", "Xuân Thủy", "Đú Sáng"]
    assert "xã cũ" in body["attribution"]
    province = client.get("/api/v1/ntm/summary", {"unit": "2025-07:25", "on": "2024-03-31"}).json()
    assert (province["communes_assessed"], province["average_criteria"]) == (16, 14.9)
    html = client.get("/ntm/2025-07/25/", {"on": "2024-03-31"}).content.decode()
    assert 'id="attribution"' in html
    same_map = client.get("/api/v1/ntm/summary", {"unit": "2020:153", "on": "2024-03-31"}).json()
    assert same_map["attribution"] is None


def test_dashboard_shows_the_figures_over_time(client, demo):
    from django.contrib.auth import get_user_model

    from tamnong.ntm.services import self_assessment_save

    sao_bay = AdminUnit.objects.get(scheme="2020", code="05080")
    self_assessment_save(
        commune=sao_bay, edition_id="ntm/commune-2021-2025", on=__import__("datetime").date(2024, 6, 30),
        values={"3.1": 70}, actor=get_user_model().objects.get(username="admin"),
    )  # fmt: skip
    html = client.get("/ntm/2020/153/", {"on": "2024-06-30"}).content.decode()
    assert 'id="series"' in html and "31/03/2024" in html and "30/06/2024" in html


def test_evidence_files_are_kept_with_values_and_assessments(client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, "huyen.kimboi")
    sa, data = _form(client)
    data["f:3.1"] = SimpleUploadedFile("bien-ban-3.1.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    data["g:1"] = SimpleUploadedFile("qd-quy-hoach.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    assert client.post("/ntm/2020/05080/entry/", data).status_code == 302
    assert sa.values.get(code="3.1").evidence.name.endswith(".pdf")
    assert sa.assessments.get(criterion="1").evidence_file.name.startswith("evidence/qd-quy-hoach")


@pytest.mark.parametrize(("username", "status"), [("huyen.kimboi", 200), ("xa.namthuong", 403), ("xem.hoabinh", 403)])
def test_live_preview_is_scoped_to_writers(client, demo, username, status):
    login(client, username)
    _, data = _form(client)
    assert client.post("/ntm/2020/05080/entry/preview", data).status_code == status


def test_commune_page_shows_who_changed_what_old_to_new(client, demo):
    login(client, "huyen.kimboi")
    sa, data = _form(client)
    old = str(sa.values.get(code="3.1").value).replace(".", ",")
    data["v:3.1"] = "70,5"
    data["a:1"] = "0"
    client.post("/ntm/2020/05080/entry/", data)
    html = client.get("/ntm/2020/05080/").content.decode()
    changes = html[html.index('id="changes"') : html.index("</ol>", html.index('id="changes"'))]
    lines = re.findall(r"<li>(.*?)</li>", changes)
    indicator = next(line for line in lines if "chỉ tiêu 3.1 (" in line)
    assert indicator.startswith("Ngày ") and "cán bộ huyen.kimboi (huyện Kim Bôi) sửa chỉ tiêu 3.1 (" in indicator
    assert f"của số liệu ngày 31/12/2024: từ «{old}» thành «70,5»." in indicator or f"từ «{old}» thành «70,5»." in indicator
    assert any("sửa tiêu chí 1 của số liệu ngày" in line and "từ «đạt» thành «chưa đạt»." in line for line in lines)


def test_history_names_the_user_outside_a_browser_request(demo):
    """A background import or a command has no request for django-simple-history to find the user in."""
    from tamnong.ntm.services import self_assessment_save

    commune = AdminUnit.objects.get(scheme="2020", code="05068")
    officer = get_user_model().objects.get(username="huyen.kimboi")
    self_assessment_save(commune=commune, edition_id="ntm/commune-2021-2025", on=dt.date(2024, 6, 30), values={"3.1": 91},
                         actor=officer)  # fmt: skip
    self_assessment_save(commune=commune, edition_id="ntm/commune-2021-2025", on=dt.date(2024, 6, 30), values={"3.1": None},
                         actor=officer)  # fmt: skip
    created, deleted = IndicatorValue.history.filter(self_assessment__on="2024-06-30", code="3.1").order_by(
        "history_id"
    )
    assert (created.history_type, created.history_user) == ("+", officer)
    assert (deleted.history_type, deleted.history_user) == ("-", officer)
