"""Reference data in the admin stays within the staff user's territory."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tamnong.ntm.models import Target
from tamnong.places.models import AdminUnit, Village

pytestmark = pytest.mark.usefixtures("demo")


def staff(client, username, *codenames):
    user = get_user_model().objects.get(username=username)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def test_a_province_officer_edits_its_own_units_and_not_another_province(client):
    officer = staff(client, "tinh.hoabinh", "view_adminunit", "change_adminunit")
    own = AdminUnit.objects.get(scheme="2020", code="05068")  # Xã Nam Thượng, Hòa Bình
    other = AdminUnit.objects.get(scheme="2025-07", code="04990")  # Xã Nật Sơn, Phú Thọ of 2025
    response = officer.post(f"/admin/places/adminunit/{own.pk}/change/", {"usual_name": "Nam Thượng",
                                                                          "region": own.region or "",
                                                                          "commune_group": "2"})  # fmt: skip
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.usual_name == "Nam Thượng"
    before = (other.usual_name, other.commune_group)
    response = officer.post(
        f"/admin/places/adminunit/{other.pk}/change/", {"usual_name": "Nật Sơn mới", "region": "", "commune_group": "3"}
    )
    assert response.status_code in (302, 403, 404)
    other.refresh_from_db()
    assert (other.usual_name, other.commune_group) == before
    listing = officer.get("/admin/places/adminunit/?q=nat+son").content.decode()
    assert f"/admin/places/adminunit/{other.pk}/change/" not in listing
    listing = officer.get("/admin/places/adminunit/?q=nam+thuong").content.decode()
    assert f"/admin/places/adminunit/{own.pk}/change/" in listing


def test_a_record_is_refused_for_a_unit_outside_the_territory(client):
    officer = staff(client, "tinh.hoabinh", "view_village", "add_village", "view_target", "add_target")
    other = AdminUnit.objects.get(scheme="2025-07", code="04990")
    response = officer.post("/admin/places/village/add/", {"commune": other.pk, "name": "Thôn Mới", "kind": "thon",
                                                           "valid_from": ""})  # fmt: skip
    assert response.status_code == 200
    assert "ngoài các đơn vị" in response.content.decode()
    assert not Village.objects.filter(commune=other).exists()
    own = AdminUnit.objects.get(scheme="2020", code="05068")
    response = officer.post("/admin/places/village/add/", {"commune": own.pk, "name": "Thôn Mới", "kind": "thon",
                                                           "valid_from": ""})  # fmt: skip
    assert response.status_code == 302
    assert Village.objects.filter(commune=own, name="Thôn Mới").exists()
    province = AdminUnit.objects.get(scheme="2025-07", level=1, code="25")  # Phú Thọ
    form = {"unit": province.pk, "year": "2026", "communes-TOTAL_FORMS": "0", "communes-INITIAL_FORMS": "0"}
    response = officer.post("/admin/ntm/target/add/", form)
    assert response.status_code == 200
    assert not Target.objects.filter(unit=province, year=2026).exists()


def test_a_viewer_changes_nothing_even_as_staff(client):
    viewer = staff(client, "xem.hoabinh", "view_adminunit", "change_adminunit")
    own = AdminUnit.objects.get(scheme="2020", code="05068")
    viewer.post(f"/admin/places/adminunit/{own.pk}/change/", {"usual_name": "X", "region": "", "commune_group": "2"})
    own.refresh_from_db()
    assert own.usual_name != "X"


def test_a_producer_added_in_the_admin_goes_through_the_service_and_is_audited(client):
    from tamnong.core.models import AuditEvent
    from tamnong.ocop.models import Producer

    officer = staff(client, "tinh.phutho", "view_producer", "add_producer")
    commune = AdminUnit.objects.get(scheme="2025-07", code="04990")  # Xã Nật Sơn, Phú Thọ
    form = {"name": "HTX Chè Nật Sơn", "kind": "cooperative", "tax_code": "", "commune": commune.pk, "website": ""}
    response = officer.post("/admin/ocop/producer/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    producer = Producer.objects.get(name="HTX Chè Nật Sơn")
    event = AuditEvent.objects.get(target_type="ocop.producer", target_id=str(producer.pk))
    assert event.action == "ocop.producer.create" and event.actor.username == "tinh.phutho" and event.unit == commune
    # a commune of an older list is refused with the reason, nothing saved
    old = AdminUnit.objects.get(scheme="2020", code="05068")
    response = officer.post("/admin/ocop/producer/add/", {**form, "name": "HTX cũ", "commune": old.pk})
    assert response.status_code == 200 and "danh mục 2020" in response.content.decode()
    assert not Producer.objects.filter(name="HTX cũ").exists()
