import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from tamnong.accounts.models import Role, RoleAssignment
from tamnong.accounts.services import village_create, village_merge, village_rename
from tamnong.core.errors import DomainError
from tamnong.core.models import AuditEvent
from tamnong.places.models import AdminUnit, Village

pytestmark = pytest.mark.usefixtures("units")


@pytest.fixture
def commune():
    return AdminUnit.objects.get(scheme="2025-07", code="04990")  # Xã Nật Sơn


@pytest.fixture
def officer(db, commune):
    """A commune officer of Nật Sơn and of its neighbour 04978 (villages are written by the commune's officer)."""
    user = get_user_model().objects.create_user("can_bo_xa", password="x")
    for unit in (commune, AdminUnit.objects.get(scheme="2025-07", code="04978")):
        RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=unit)
    return user


def test_create_rename_and_merge_villages_with_an_audit_trail(commune, officer):
    dong = village_create(commune=commune, name="Thôn Đồng Bài", kind="thon", actor=officer)
    khu = village_create(commune=commune, name="Xóm Khú", kind="xom", actor=officer)
    village_rename(village=khu, name="Xóm Khú Mới", actor=officer)
    village_merge(villages=[khu], into=dong, on=dt.date(2025, 9, 1), actor=officer)

    khu.refresh_from_db()
    assert khu.valid_to == dt.date(2025, 8, 31)
    assert khu.merged_into == dong
    assert list(Village.objects.filter(commune=commune, valid_to__isnull=True)) == [dong]
    actions = list(
        AuditEvent.objects.filter(target_type="places.village", target_id=str(khu.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["places.village.write"] * 3
    rename = AuditEvent.objects.filter(action="places.village.write", target_id=str(khu.pk)).order_by("id")[1]
    assert (rename.before["name"], rename.after["name"], rename.actor) == ("Xóm Khú", "Xóm Khú Mới", officer)


def test_a_second_village_with_the_same_name_in_any_spelling_is_refused(commune, officer):
    village_create(commune=commune, name="Thôn Mỵ", actor=officer)
    with pytest.raises(DomainError) as err:
        village_create(commune=commune, name="thôn mị", actor=officer)
    assert err.value.field == "name"
    assert "đã có thôn" in err.value.message_vi
    assert Village.objects.filter(commune=commune).count() == 1


def test_villages_belong_to_communes_only(officer):
    province = AdminUnit.objects.get(scheme="2025-07", code="25")
    with pytest.raises(DomainError) as err:
        village_create(commune=province, name="Thôn A", actor=officer)
    assert err.value.field == "commune"
    assert not Village.objects.exists()


def test_villages_of_two_communes_cannot_merge(commune, officer):
    other = AdminUnit.objects.get(scheme="2025-07", code="04978")
    a = village_create(commune=commune, name="Thôn A", actor=officer)
    b = village_create(commune=other, name="Thôn B", actor=officer)
    with pytest.raises(DomainError):
        village_merge(villages=[b], into=a, on=dt.date(2025, 9, 1), actor=officer)
    b.refresh_from_db()
    assert b.valid_to is None
