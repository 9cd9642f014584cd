"""Works, disbursements and capital mobilised through the HTTP API (`resources.*`), both ways: the
commune's officer and the offices over it write, each act audited with the commune and before →
after; another commune's officer, a viewer or a producer is refused with a 403 naming the action, the
commune and the reason, and nothing is written. The works import page obeys `resources.works.import`."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tamnong.core.models import AuditEvent
from tamnong.places.models import AdminUnit
from tamnong.resources.models import Contribution, Disbursement, Work, WorkFunding

pytestmark = pytest.mark.django_db

WORKS = "/api/v1/resources/works"
ROAD = {"name": "Đường nội đồng Bình Sơn (thử quyền)", "type": "rural_road", "commune": "2020:04990",
        "quantity": "1.2", "plan_year": 2024, "status": "new", "started_on": "2024-02-15",
        "planned_end_on": "2024-12-31", "funding": {"central_budget": 1_000_000_000}}  # fmt: skip
CAPITAL = {"unit": "2020:04990", "starts_on": "2024-04-01", "ends_on": "2024-06-30", "source": "local_budget",
           "amount_vnd": 1_000_000_000}  # fmt: skip


def api(username):
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def counts():
    return {m.__name__: m.objects.count() for m in (Work, WorkFunding, Disbursement, Contribution, AuditEvent)}


@pytest.fixture
def binh_son(demo):
    return AdminUnit.objects.get(scheme="2020", code="04990")


@pytest.mark.parametrize(
    ("login", "reason"),
    [("xa.namthuong", "ngoài địa bàn"), ("thixa.kinhmon", "ngoài địa bàn"), ("xem.hoabinh", "người xem"),
     ("chuthe.namthuong", "không có vai trò nào")],
)  # fmt: skip
def test_no_one_outside_the_commune_nor_a_viewer_writes_its_works(binh_son, login, reason):
    client = api(login)
    demo_road = Work.objects.filter(commune=binh_son, is_demo=True, started_on__isnull=False).first()
    before = counts()
    for response, action in (
        (client.post(WORKS, ROAD, format="json"), "thêm công trình"),
        (client.post("/api/v1/resources/contributions", CAPITAL, format="json"), "ghi nguồn lực huy động"),
    ):
        assert response.status_code == 403, response.content
        detail = response.json()["detail"]
        assert action in detail and "Xã Bình Sơn" in detail and reason in detail, detail
    url = f"{WORKS}/{demo_road.pk}"
    # A work outside the account's territory is not even read; a viewer reads it and is refused the act.
    assert client.patch(url, {"quantity": "9"}, format="json").status_code == 403
    assert client.post(f"{url}/disbursements", {"on": "2024-03-20", "amount_vnd": 5}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert counts() == before
    demo_road.refresh_from_db()
    assert str(demo_road.quantity) != "9.000"


def test_a_viewer_is_refused_each_act_by_name(binh_son):
    demo_road = Work.objects.filter(commune=binh_son, is_demo=True, started_on__isnull=False).first()
    url = f"{WORKS}/{demo_road.pk}"
    client = api("xem.hoabinh")
    before = counts()
    for response, action in (
        (client.patch(url, {"quantity": "9"}, format="json"), "sửa công trình"),
        (client.post(f"{url}/disbursements", {"on": "2024-03-20", "amount_vnd": 5}, format="json"), "ghi giải ngân"),
        (client.delete(url), "xóa công trình"),
    ):
        assert response.status_code == 403
        assert action in response.json()["detail"] and "Xã Bình Sơn" in response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize("login", ["xa.binhson", "huyen.kimboi", "tinh.hoabinh"])
def test_the_communes_officer_and_the_offices_over_it_write_and_each_act_is_audited(binh_son, login):
    client = api(login)
    created = client.post(WORKS, ROAD, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    audit = AuditEvent.objects.get(action="resources.work.create", target_id=str(pk))
    assert audit.unit == binh_son and audit.actor.username == login and audit.rule.startswith("resources.work.create#")
    assert audit.before is None and audit.after["name"] == ROAD["name"]

    changed = client.patch(f"{WORKS}/{pk}", {"quantity": "1.5"}, format="json")
    assert changed.status_code == 200, changed.content
    update = AuditEvent.objects.get(action="resources.work.update", target_id=str(pk))
    assert (update.before["quantity"], update.after["quantity"]) == ("1.200", "1.500") and update.unit == binh_son

    paid = client.post(f"{WORKS}/{pk}/disbursements", {"on": "2024-03-20", "amount_vnd": 200_000_000}, format="json")
    assert paid.status_code == 201, paid.content
    record = AuditEvent.objects.get(action="resources.disbursement.record", target_id=str(pk))
    assert (record.before["disbursed_vnd"], record.after["disbursed_vnd"]) == (0, 200_000_000)

    assert client.delete(f"{WORKS}/{pk}").status_code == 204
    deleted = AuditEvent.objects.get(action="resources.work.delete", target_id=str(pk))
    assert deleted.unit == binh_son and deleted.before["name"] == ROAD["name"] and deleted.after is None


def test_moving_a_work_to_a_commune_outside_the_territory_is_refused(binh_son):
    client = api("xa.binhson")
    pk = client.post(WORKS, ROAD, format="json").json()["id"]
    before = counts()
    moved = client.patch(f"{WORKS}/{pk}", {"commune": "2020:05068"}, format="json")  # to Nam Thượng
    assert moved.status_code == 403
    assert "sửa công trình" in moved.json()["detail"] and "Xã Nam Thượng" in moved.json()["detail"]
    assert counts() == before
    assert Work.objects.get(pk=pk).commune == binh_son


def test_the_works_import_page_obeys_the_table(client, binh_son):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tamnong.resources.imports import template_xlsx

    before = counts()
    for login in ("xa.namthuong", "xem.hoabinh", "huyen.kimboi"):  # today, no district office imports
        client.force_login(get_user_model().objects.get(username=login))
        upload = SimpleUploadedFile("cong-trinh.xlsx", template_xlsx())
        refused = client.post("/resources/import/", {"unit": "2020:04990", "file": upload})
        assert refused.status_code == 403, login
        assert "nhập công trình từ bảng tính" in refused.content.decode()
    assert counts() == before
    client.force_login(get_user_model().objects.get(username="xa.binhson"))
    upload = SimpleUploadedFile("cong-trinh.xlsx", template_xlsx())
    assert client.post("/resources/import/", {"unit": "2020:04990", "file": upload, "dry_run": "1"}).status_code == 200
