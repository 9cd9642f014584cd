"""Villages and unit boundaries (`places.village.write`, `places.boundaries.upload`), both ways. There
is no API: offices keep villages in the admin, which calls tamnong.accounts.services. The commune's
officer and the offices over it write its villages, on the day the act is dated, each act audited with
the commune and before → after; another commune's officer or a viewer is refused naming the action,
the commune and the reason, and nothing is written. Boundaries of a whole list are the national
office's."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model

from tamnong.accounts import authority
from tamnong.accounts.services import boundary_set_upload, village_create, village_merge, village_rename
from tamnong.core.models import AuditEvent
from tamnong.places.models import AdminUnit, BoundarySet, Village

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def counts():
    return {m.__name__: m.objects.count() for m in (Village, BoundarySet, AuditEvent)}


@pytest.fixture
def nam_thuong(demo):
    return AdminUnit.objects.get(scheme="2020", code="05068")


@pytest.mark.parametrize(("login", "reason"), [("xa.binhson", "ngoài địa bàn"), ("xem.hoabinh", "người xem")])
def test_no_one_outside_the_commune_nor_a_viewer_adds_its_villages(nam_thuong, login, reason):
    before = counts()
    with pytest.raises(authority.NotAuthorised) as refused:
        village_create(commune=nam_thuong, name="Thôn Thử Quyền", actor=user(login))
    message = refused.value.message_vi
    assert refused.value.action == "places.village.write" and refused.value.unit == nam_thuong
    assert "thêm, đổi tên, gộp thôn" in message and "Xã Nam Thượng" in message and reason in message, message
    assert counts() == before


def test_the_communes_officer_adds_renames_and_merges_its_villages_audited(nam_thuong):
    officer = user("xa.namthuong")
    a = village_create(commune=nam_thuong, name="Thôn Thử A", actor=officer)
    b = village_create(commune=nam_thuong, name="Thôn Thử B", actor=officer)
    created = AuditEvent.objects.get(action="places.village.write", target_id=str(a.pk))
    assert created.unit == nam_thuong and created.rule.startswith("places.village.write#") and created.before is None
    before = counts()
    with pytest.raises(authority.NotAuthorised):
        village_rename(village=b, name="Thôn Đổi Tên", actor=user("xa.binhson"))
    with pytest.raises(authority.NotAuthorised):
        village_merge(villages=[b], into=a, on=dt.date(2026, 1, 1), actor=user("xa.binhson"))
    assert counts() == before
    b.refresh_from_db()
    assert (b.name, b.valid_to) == ("Thôn Thử B", None)
    village_rename(village=b, name="Thôn Đổi Tên", actor=officer)
    village_merge(villages=[b], into=a, on=dt.date(2026, 1, 1), actor=officer)
    events = AuditEvent.objects.filter(action="places.village.write", target_id=str(b.pk)).order_by("id")
    assert [(e.before or {}).get("name") for e in events] == [None, "Thôn Thử B", "Thôn Đổi Tên"]
    assert events.last().after["valid_to"] == "2025-12-31" and all(e.unit == nam_thuong for e in events)


def test_a_district_office_dates_its_villages_before_the_districts_end(nam_thuong):
    office = user("huyen.kimboi")
    village = village_create(commune=nam_thuong, name="Thôn Cũ", valid_from=dt.date(2024, 1, 1), actor=office)
    before = counts()
    with pytest.raises(authority.NotAuthorised) as refused:  # a new name from today: no district any more
        village_rename(village=village, name="Thôn Mới", actor=office)
    assert "văn phòng điều phối huyện" in refused.value.message_vi
    assert counts() == before


def test_only_the_national_office_uploads_the_boundaries_of_a_list(demo):
    square = {"type": "Polygon", "coordinates": [[[105.5, 20.7], [105.6, 20.7], [105.6, 20.8], [105.5, 20.7]]]}
    data = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ma_xa": "05068"}, "geometry": square}]}).encode()  # fmt: skip
    before = counts()
    for login in ("tinh.hoabinh", "xa.namthuong"):
        with pytest.raises(authority.NotAuthorised) as refused:
            boundary_set_upload(scheme="2020", level=3, code_property="ma_xa", source="x", data=data, actor=user(login))
        assert "tải ranh giới đơn vị" in refused.value.message_vi and "cấp trung ương" in refused.value.message_vi
    assert counts() == before
    boundary = boundary_set_upload(scheme="2020", level=3, code_property="ma_xa", source="x", data=data,
                                   actor=user("trunguong"))  # fmt: skip
    audit = AuditEvent.objects.get(action="places.boundaries.upload", target_id=str(boundary.pk))
    assert audit.unit is None and audit.actor.username == "trunguong" and audit.after["features"] == 1


def test_the_admin_refuses_a_village_the_table_refuses_with_a_403(client, nam_thuong):
    from django.contrib.auth.models import Permission

    # Kim Bôi's office, made staff with the admin's permission to add villages: its territory holds the
    # commune, but a village from today is no district's any more.
    viewer = user("huyen.kimboi")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="add_village"))
    client.force_login(viewer)
    before = counts()
    form = {"commune": nam_thuong.pk, "name": "Thôn Qua Cửa Sau", "kind": "thon", "valid_from": ""}
    response = client.post("/admin/places/village/add/", form)
    assert response.status_code == 403 and "thêm, đổi tên, gộp thôn" in response.content.decode()
    assert counts() == before
