"""Criteria versions through the HTTP API (`criteria.version.*`), both ways: the provincial office
drafts, changes, submits and (a second officer) approves or returns its province's version, each act
audited with the province and before → after; a district office, a commune officer, another
province's office, or a province office on the national set is refused with a 403 naming the action
(or, for a version it may not even read, the province and why), and nothing is written."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tamnong.accounts.models import Role, RoleAssignment
from tamnong.core.models import AuditEvent
from tamnong.criteria.models import CriteriaVersion
from tamnong.places.models import AdminUnit

pytestmark = pytest.mark.django_db

URL = "/api/v1/criteria/versions"
EDITION = "ntm/commune-2021-2025"
CHANGE = {"tier": "standard", "code": "income_per_capita_mvnd", "year": 2024, "values": {"TDMNPB": "45"},
          "reference": "Quyết định 99/QĐ-UBND ngày 01/02/2024 của UBND tỉnh (thử)"}  # fmt: skip


def api(username):
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def post(username, url, body=None):
    return api(username).post(url, body or {}, format="json", HTTP_ACCEPT_LANGUAGE="vi")


def counts():
    return {m.__name__: m.objects.count() for m in (CriteriaVersion, AuditEvent)}


@pytest.fixture
def hoa_binh(demo):
    return AdminUnit.objects.get(scheme="2020", code="17")


@pytest.fixture
def hai_duong_office(demo):
    user = get_user_model().objects.create(username="tinh.haiduong")
    RoleAssignment.objects.create(user=user, role=Role.PROVINCE_OFFICE, unit=AdminUnit.objects.get(scheme="2020", code="30"))
    return user


@pytest.mark.parametrize(
    ("login", "province", "words"),
    [
        ("huyen.kimboi", "2020:17", ["Tỉnh Hoà Bình", "văn phòng điều phối tỉnh"]),
        ("xa.namthuong", "2020:17", ["Tỉnh Hoà Bình", "cán bộ xã"]),
        ("tinh.hoabinh", "", ["cấp trung ương", "văn phòng điều phối trung ương"]),
        ("tinh.haiduong", "2020:17", ["Tỉnh Hoà Bình", "ngoài địa bàn"]),
    ],
)
def test_only_the_provinces_office_drafts_its_version(hoa_binh, hai_duong_office, login, province, words):
    before = counts()
    refused = post(login, URL, {"edition": EDITION, "province": province, "title": "Ngưỡng thu nhập"})
    assert refused.status_code == 403, refused.content
    detail = refused.json()["detail"]
    assert "soạn phiên bản bộ tiêu chí" in detail and all(w in detail for w in words), detail
    assert counts() == before


def test_the_province_drafts_submits_and_a_second_officer_approves(hoa_binh, hai_duong_office):
    created = post("tinh.hoabinh", URL, {"edition": EDITION, "province": "2020:17", "title": "Ngưỡng thu nhập"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    audit = AuditEvent.objects.get(action="criteria.version.create", target_id=str(pk))
    assert audit.unit == hoa_binh and audit.actor.username == "tinh.hoabinh" and audit.after["status"] == "draft"

    before = counts()
    for login, why in (("tinh.haiduong", "ngoài địa bàn"), ("huyen.kimboi", "văn phòng điều phối tỉnh")):
        read = api(login).get(f"{URL}/{pk}", HTTP_ACCEPT_LANGUAGE="vi")  # may not read it: the read refusal
        assert read.status_code == 403 and "không có quyền soạn hoặc duyệt bộ tiêu chí của tỉnh Hoà Bình" in (
            read.json()["detail"])
        # a write is refused as its action: the action, the province and the reason, before its changes are read
        for url, body, action in ((f"{URL}/{pk}/changes", {"changes": [CHANGE]}, "sửa phiên bản bộ tiêu chí"),
                                  (f"{URL}/{pk}/submit", None, "trình phiên bản bộ tiêu chí"),
                                  (f"{URL}/{pk}/review", {"approve": True}, "duyệt phiên bản bộ tiêu chí"),
                                  (f"{URL}/{pk}/review", {"approve": False, "note": "x"}, "trả lại phiên bản bộ tiêu chí cho người soạn")):
            refused = post(login, url, body)
            detail = refused.json()["detail"]
            assert refused.status_code == 403, (login, url, refused.content)
            assert f"Không được «{action}» tại Tỉnh Hoà Bình" in detail and why in detail, (login, url, detail)
    assert counts() == before
    assert CriteriaVersion.objects.get(pk=pk).status == "draft"

    assert post("tinh.hoabinh", f"{URL}/{pk}/changes", {"changes": [CHANGE]}).status_code == 200
    change = AuditEvent.objects.get(action="criteria.version.change", target_id=str(pk))
    assert change.unit == hoa_binh and "value: 45" in change.after["provinces/17.yaml"]
    assert post("tinh.hoabinh", f"{URL}/{pk}/submit").json()["status"] == "submitted"
    submit = AuditEvent.objects.get(action="criteria.version.submit", target_id=str(pk))
    assert (submit.before["status"], submit.after["status"]) == ("draft", "submitted") and submit.unit == hoa_binh

    before = counts()
    assert post("tinh.haiduong", f"{URL}/{pk}/review", {"approve": True}).status_code == 403
    own = post("tinh.hoabinh", f"{URL}/{pk}/review", {"approve": True})  # four eyes
    assert own.status_code == 403 and "cán bộ thứ hai" in own.json()["detail"]
    assert counts() == before
    approved = post("duyet.hoabinh", f"{URL}/{pk}/review", {"approve": True})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    audit = AuditEvent.objects.get(action="criteria.version.approve", target_id=str(pk))
    assert audit.unit == hoa_binh and audit.actor.username == "duyet.hoabinh"
    assert (audit.before["status"], audit.after["status"]) == ("submitted", "approved")


def test_a_second_officer_returns_a_version_with_its_reason(hoa_binh):
    pk = post("tinh.hoabinh", URL, {"edition": EDITION, "province": "2020:17", "title": "Ngưỡng"}).json()["id"]
    post("tinh.hoabinh", f"{URL}/{pk}/changes", {"changes": [CHANGE]})
    post("tinh.hoabinh", f"{URL}/{pk}/submit")
    returned = post("duyet.hoabinh", f"{URL}/{pk}/review", {"approve": False, "note": "Thiếu căn cứ"})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    audit = AuditEvent.objects.get(action="criteria.version.return", target_id=str(pk))
    assert audit.unit == hoa_binh and audit.after == {"status": "returned", "note": "Thiếu căn cứ"}
