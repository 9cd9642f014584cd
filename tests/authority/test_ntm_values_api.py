"""A commune's self-assessment values through the HTTP API (`ntm.values.write`), both ways: an office
or the commune's own officer, over the commune, on the day the values describe, writes them (an audit
row with the commune and before → after); any other login, a viewer, or a district office for a day
after the districts' end is refused with a 403 naming the action, the commune and the reason, and
nothing is written — for one commune refused, the whole request."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tamnong.core.models import AuditEvent
from tamnong.ntm.models import IndicatorValue, SelfAssessment
from tamnong.places.models import AdminUnit

pytestmark = pytest.mark.django_db

URL = "/api/v1/ntm/self-assessments"
EDITION = "ntm/commune-2021-2025"
ACTION = "ghi số liệu tự đánh giá tiêu chí"


def post(username, on, *items):
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    body = {"edition": EDITION, "on": on, "items": [{"unit": unit, "values": values} for unit, values in items]}
    return client.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="vi")


def counts():
    return {m.__name__: m.objects.count() for m in (SelfAssessment, IndicatorValue, AuditEvent)}


@pytest.fixture
def nam_thuong(demo):
    return AdminUnit.objects.get(scheme="2020", code="05068")


NT, BS = "2020:05068", "2020:04990"  # Nam Thượng and Bình Sơn, two communes of Kim Bôi


@pytest.mark.parametrize(
    ("login", "reason"),
    [
        ("xa.binhson", "ngoài địa bàn"),  # a commune officer, of another commune
        ("xem.hoabinh", "người xem"),  # reads Hòa Bình, writes nothing
        ("chuthe.namthuong", "không có vai trò nào"),  # a producer of the commune: no office role
    ],
)
def test_no_one_but_the_offices_and_the_communes_officer_writes_its_values(nam_thuong, login, reason):
    before = counts()
    refused = post(login, "2024-06-30", (NT, {"3.1": 91}))
    assert refused.status_code == 403, refused.content
    detail = refused.json()["detail"]
    assert ACTION in detail and "Xã Nam Thượng" in detail and "30/06/2024" in detail and reason in detail, detail
    assert counts() == before


@pytest.mark.parametrize("login", ["xa.namthuong", "huyen.kimboi", "tinh.hoabinh", "trunguong"])
def test_the_communes_officer_and_the_offices_over_it_write_its_values(nam_thuong, login):
    written = post(login, "2024-06-30", (NT, {"3.1": 91}))
    assert written.status_code == 200, written.content
    sa = SelfAssessment.objects.get(commune=nam_thuong, edition_id=EDITION, on="2024-06-30")
    assert sa.values.get(code="3.1").number == 91
    audit = AuditEvent.objects.get(action="ntm.values.write", target_id=str(sa.pk))
    assert audit.unit == nam_thuong and audit.actor.username == login and audit.rule.startswith("ntm.values.write#")
    assert audit.before is None and audit.after["values"]["3.1"] == 91
    again = post(login, "2024-06-30", (NT, {"3.1": 95}))
    assert again.status_code == 200
    second = AuditEvent.objects.filter(action="ntm.values.write", target_id=str(sa.pk)).order_by("-pk").first()
    assert (second.before["values"]["3.1"], second.after["values"]["3.1"]) == (91, 95)


def test_one_commune_out_of_scope_refuses_the_whole_request(nam_thuong):
    before = counts()
    refused = post("xa.namthuong", "2024-06-30", (NT, {"3.1": 91}), (BS, {"3.1": 91}))
    assert refused.status_code == 403
    detail = refused.json()["detail"]
    assert detail.startswith("Dòng 2 (2020:04990)") and ACTION in detail and "Xã Bình Sơn" in detail
    assert counts() == before  # Nam Thượng's values, accepted alone, are not written either


def test_a_district_office_keeps_its_communes_data_until_the_districts_end(nam_thuong):
    assert post("huyen.kimboi", "2025-06-30", (NT, {"3.1": 91})).status_code == 200
    before = counts()
    refused = post("huyen.kimboi", "2025-07-01", (NT, {"3.1": 91}))
    assert refused.status_code == 403
    detail = refused.json()["detail"]
    assert ACTION in detail and "01/07/2025" in detail and "văn phòng điều phối huyện" in detail, detail
    assert counts() == before


def test_an_import_checks_each_commune_against_the_table_on_the_values_date(nam_thuong):
    import datetime as dt

    from tamnong.ntm import imports

    kim_boi = AdminUnit.objects.get(scheme="2020", code="153")
    office = get_user_model().objects.get(username="huyen.kimboi")
    content = b"commune_code;3.1\n05068;90\n"
    before = counts()
    late = imports.import_run(content=content, unit=kim_boi, edition_id=EDITION, on=dt.date(2025, 7, 15),
                              actor=office, dry_run=False)  # fmt: skip
    assert not late.ok and late.saved == 0
    reason = late.as_dict()["errors"][0]["reason_vi"]
    assert "Xã Nam Thượng" in reason and ACTION in reason and "15/07/2025" in reason, reason
    assert counts() == before
    early = imports.import_run(content=content, unit=kim_boi, edition_id=EDITION, on=dt.date(2025, 6, 30),
                               actor=office, dry_run=False)  # fmt: skip
    assert early.ok and early.saved == 1
    sa = SelfAssessment.objects.get(commune=nam_thuong, edition_id=EDITION, on=dt.date(2025, 6, 30))
    audit = AuditEvent.objects.get(action="ntm.values.write", target_id=str(sa.pk))
    assert audit.unit == nam_thuong and audit.actor == office
