import pytest
from django.contrib.auth import get_user_model

from tamnong.core.models import AuditEvent
from tamnong.places.models import AdminUnit, Village

pytestmark = pytest.mark.usefixtures("units")


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("quan_tri", password="x")
    client.force_login(user)
    return client


def test_the_admin_sets_neither_the_commune_group_nor_the_region_nor_the_official_name(admin_client):
    """The group and the region are set by dated, reviewed proposals (/groups/), never in the admin."""
    unit = AdminUnit.objects.get(scheme="2025-07", code="04990")
    before = (unit.commune_group, unit.region, unit.name)
    url = f"/admin/places/adminunit/{unit.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'name="commune_group"' not in page and 'name="region"' not in page and 'name="name"' not in page
    assert 'name="usual_name"' in page
    admin_client.post(url, {"usual_name": "Nật Sơn", "region": "TDMNPB", "commune_group": "3"})
    unit.refresh_from_db()
    assert (unit.commune_group, unit.region, unit.name) == before


def test_villages_created_in_the_admin_are_audited_and_checked(admin_client):
    commune = AdminUnit.objects.get(scheme="2025-07", code="04990")
    form = {"commune": commune.pk, "name": "Thôn Đồng Bài", "kind": "thon", "valid_from": ""}
    assert admin_client.post("/admin/places/village/add/", form).status_code == 302
    village = Village.objects.get()
    assert AuditEvent.objects.filter(action="places.village.write", target_id=str(village.pk)).exists()
    again = admin_client.post("/admin/places/village/add/", {**form, "name": "thôn đồng bài"})
    assert again.status_code == 200 and "đã có thôn" in again.content.decode()
    assert Village.objects.count() == 1
