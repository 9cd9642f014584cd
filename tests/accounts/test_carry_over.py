"""Roles pass to the successor units of 1 July 2025 only when the national office confirms: through HTTP,
before (refused) and after (allowed), out of territory still refused, each new role audited."""

import re

import pytest
from django.contrib.auth import get_user_model

from tamnong.accounts.models import Role, RoleAssignment
from tamnong.core.models import AuditEvent
from tamnong.places.models import AdminUnit
from tamnong.resources.models import Work

pytestmark = pytest.mark.usefixtures("demo")

WORK = {"type": "rural_road", "name": "Đường liên thôn Nật Sơn", "quantity": "1,2", "plan_year": "2026",
        "status": "new", "started_on": "05/03/2026", "planned_end_on": "30/09/2026",
        "funding_local_budget": "500.000.000"}  # fmt: skip


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _key() -> str:
    old = RoleAssignment.objects.get(user__username="xa.binhson", role=Role.COMMUNE_OFFICER, unit__scheme="2020")
    nat_son = AdminUnit.objects.get(scheme="2025-07", code="04990")
    return f"{old.pk}:{nat_son.pk}"


def test_a_commune_officer_writes_on_its_successor_only_once_the_national_office_confirms(client):
    officer = login(client, "xa.binhson")
    refused = officer.post("/resources/works/new/", WORK | {"commune": "2025-07:04990"})
    assert refused.status_code == 403 and not Work.objects.filter(name=WORK["name"]).exists()
    assert officer.get("/accounts/carry-over/").status_code == 403  # the officer cannot confirm for itself

    page = login(client, "trunguong").get("/accounts/carry-over/")
    html = page.content.decode()
    assert page.status_code == 200 and f'value="{_key()}"' in html and "Vai trò trên các đơn vị kế thừa" in html
    assert "Xã Nật Sơn" in html and "Xã Đú Sáng" in html  # the new commune and the old ones it took in
    assert "không còn cấp huyện" in html  # huyen.kimboi: no district on the new list
    confirmed = client.post("/accounts/carry-over/", {"proposal": [_key()]})
    assert confirmed.status_code == 302
    new = RoleAssignment.objects.get(user__username="xa.binhson", unit__scheme="2025-07", unit__code="04990")
    assert new.role == Role.COMMUNE_OFFICER
    event = AuditEvent.objects.get(action="accounts.roles.carry_over", target_id=str(new.pk))
    assert event.actor.username == "trunguong" and event.rule.startswith("accounts.roles.carry_over#")
    assert event.after["carried_from"]["unit"] == "2020:04990" and event.after["unit"] == "2025-07:04990"
    assert f'value="{_key()}"' not in client.get("/accounts/carry-over/").content.decode()  # done: not proposed

    officer = login(client, "xa.binhson")
    saved = officer.post("/resources/works/new/", WORK | {"commune": "2025-07:04990"})
    assert saved.status_code == 302, re.findall(r"<li data-field=[^<]*<[^<]*", saved.content.decode())
    assert Work.objects.get(name=WORK["name"]).commune.key == "2025-07:04990"
    other = officer.post("/resources/works/new/", WORK | {"commune": "2025-07:05068", "name": "Đường khác"})
    assert other.status_code == 403 and not Work.objects.filter(name="Đường khác").exists()


def test_a_province_officer_may_not_confirm_and_a_stale_choice_saves_nothing(client):
    assert login(client, "tinh.phutho").post("/accounts/carry-over/", {"proposal": [_key()]}).status_code == 403
    before = RoleAssignment.objects.count()
    stale = login(client, "trunguong").post("/accounts/carry-over/", {"proposal": [_key(), "999999:1"]})
    assert stale.status_code == 400 and "Thay đổi thứ 2" in stale.content.decode()
    assert RoleAssignment.objects.count() == before  # all or nothing
    empty = client.post("/accounts/carry-over/", {})
    assert empty.status_code == 400 and "Chưa chọn thay đổi nào" in empty.content.decode()


def test_a_superuser_confirms_the_whole_list_and_the_province_office_reaches_the_new_province(client):
    admin = get_user_model().objects.create_superuser("quantri.test", password="x")  # noqa: S106
    client.force_login(admin)
    html = client.get("/accounts/carry-over/").content.decode()
    keys = re.findall(r'name="proposal" value="(\d+:\d+)"', html)
    assert _key() in keys
    assert client.post("/accounts/carry-over/", {"proposal": keys}).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.roles.carry_over").count() == len(keys)
    # Hòa Bình of 2020 was merged into Phú Thọ of July 2025: its office now holds Phú Thọ too
    assert RoleAssignment.objects.filter(
        user__username="tinh.hoabinh", role=Role.PROVINCE_OFFICE, unit__scheme="2025-07", unit__code="25"
    ).exists()
    assert re.findall(r'name="proposal" value="(\d+:\d+)"', client.get("/accounts/carry-over/").content.decode()) == []
