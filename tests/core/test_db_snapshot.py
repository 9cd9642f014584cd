"""The copy of the test database that a transactional test puts back when it ends (tests/db_snapshot.py)."""

import pytest
from django.contrib.auth import get_user_model

from tamnong.places.models import AdminUnit
from tests.db_snapshot import snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_putting_the_copy_back_undoes_what_a_test_wrote(units):
    unit = AdminUnit.objects.order_by("pk").first()
    get_user_model().objects.filter(username="admin").update(first_name="Đã sửa")
    AdminUnit.objects.filter(pk=unit.pk).update(name="Đã sửa")
    get_user_model().objects.create(username="moi.tao")

    snapshot.restore()

    assert get_user_model().objects.get(username="admin").first_name != "Đã sửa"
    assert AdminUnit.objects.get(pk=unit.pk).name == unit.name
    assert not get_user_model().objects.filter(username="moi.tao").exists()
    # The sequences follow the copy: a new record gets a fresh id, not one the copy holds.
    assert get_user_model().objects.create(username="moi.tao").pk > max(
        get_user_model().objects.exclude(username="moi.tao").values_list("pk", flat=True)
    )
