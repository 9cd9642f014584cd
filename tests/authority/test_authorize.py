"""authorize() and audit(): roles over territories on the act's date, the system actor, refusals."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from tamnong.accounts import authority
from tamnong.core.models import AuditEvent
from tamnong.ocop.models import Round
from tamnong.places.models import AdminUnit

pytestmark = pytest.mark.django_db
D = dt.date


def user(name):
    return get_user_model().objects.get(username=name)


def unit(key):
    scheme, code = key.split(":")
    return AdminUnit.objects.get(scheme=scheme, code=code)


def test_actor_none_is_a_programming_error_not_the_system():
    with pytest.raises(TypeError):
        authority.authorize(None, "ocop.producer.create", unit=unit("2020:05068"), on=D(2024, 1, 1))


def test_the_system_is_explicit_and_audited_as_such():
    grant = authority.authorize(authority.SYSTEM, "ocop.round.create", unit=unit("2020:17"), on=D(2024, 1, 1))
    assert grant.role == "system"
    event = authority.audit(grant, target=unit("2020:17"), after={"x": 1})
    event.refresh_from_db()
    assert event.actor is None and event.by_system and event.unit == unit("2020:17")
    assert event.rule.startswith("ocop.round.create#") and event.action == "ocop.round.create"


def test_a_commune_officer_keeps_records_of_its_commune_only():
    officer = user("xa.binhson")
    grant = authority.authorize(officer, "ocop.producer.create", unit=unit("2020:04990"), on=D(2024, 1, 1))
    assert grant.role == "commune_officer" and grant.assignment is not None
    with pytest.raises(authority.NotAuthorised) as exc:
        authority.authorize(officer, "ocop.producer.create", unit=unit("2020:05068"), on=D(2024, 1, 1))
    assert "thêm chủ thể OCOP" in exc.value.message_vi and "ngoài địa bàn" in exc.value.message_vi
    assert exc.value.action == "ocop.producer.create" and exc.value.unit == unit("2020:05068")


def test_a_province_role_covers_the_merged_province_after_july_2025():
    # Phú Thọ of 2025-07 took Hòa Bình in: its office revokes a certificate Hòa Bình issued.
    grant = authority.authorize(user("tinh.phutho"), "ocop.certificate.revoke", unit=unit("2020:17"), on=D(2026, 3, 1))
    assert grant.role == "province_office"


def test_the_viewer_writes_nothing():
    with pytest.raises(authority.NotAuthorised) as exc:
        authority.authorize(user("xem.hoabinh"), "ocop.round.create", unit=unit("2020:17"), on=D(2024, 1, 1))
    assert "người xem" in exc.value.message_vi and "văn phòng điều phối tỉnh" in exc.value.message_vi


def test_a_district_office_loses_its_council_on_6_july_2025():
    office, kim_boi = user("huyen.kimboi"), unit("2020:153")
    authority.authorize(office, "ocop.round.create", unit=kim_boi, on=D(2025, 7, 5))
    with pytest.raises(authority.NotAuthorised) as exc:
        authority.authorize(office, "ocop.round.create", unit=kim_boi, on=D(2025, 7, 6))
    assert "06/07/2025" in exc.value.message_vi


def test_a_council_member_scores_only_for_a_council_it_sits_on_with_the_role_there():
    council = Round.objects.filter(unit=unit("2020:153"), level="district").first()
    member = council.members.first()
    authority.authorize(member, "ocop.sheet.score", unit=council.unit, on=council.held_on, council=council)
    other = Round.objects.filter(unit=unit("2020:292"), level="district").first()
    with pytest.raises(authority.NotAuthorised) as exc:
        authority.authorize(member, "ocop.sheet.score", unit=other.unit, on=other.held_on, council=other)
    assert other.name in exc.value.message_vi


def test_a_service_that_forgets_to_authorise_is_rolled_back():
    @authority.acts("ocop.producer.create")
    def forgetful(*, actor):
        AuditEvent.objects.create(action="x", target_type="t", target_id="1")

    before = AuditEvent.objects.count()
    with pytest.raises(authority.AuthorityNotChecked):
        forgetful(actor=authority.SYSTEM)
    assert AuditEvent.objects.count() == before
