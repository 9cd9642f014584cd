"""The Django admin writes nothing legal: every legal record is read-only there, for the superuser too."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model

from tamnong.core.models import OutboundEmail

pytestmark = pytest.mark.usefixtures("demo")

# The records that carry a decision, a score, a state or a trace.
LEGAL = [
    "ntm.recognition", "ntm.selfassessment", "criteria.criteriaversion", "ntm.evaluationsnapshot",
    "recognition.dossier", "recognition.dossierevent", "recognition.dossieritem", "recognition.returnreason",
    "ocop.registration", "ocop.round", "ocop.entry", "ocop.memberscore", "ocop.certificate",
    "core.auditevent", "core.outboundemail", "places.adminunitsuccession",
    "orders.order", "orders.bankaccount", "resources.work", "resources.contribution",
]  # fmt: skip


@pytest.fixture
def superuser(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def _registered():
    return {m._meta.label_lower: (m, a) for m, a in admin.site._registry.items()}


@pytest.mark.parametrize("label", LEGAL)
def test_the_admin_refuses_to_add_change_or_delete_a_legal_record(superuser, label):
    assert get_user_model().objects.get(username="admin").is_superuser
    registered = _registered()
    model = apps.get_model(label)
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
    if label not in registered:  # not in the admin at all: nothing to write through it
        assert superuser.get(f"{base}/").status_code == 404
        return
    if label == "core.outboundemail":
        OutboundEmail.objects.create(to="a@example.vn", subject="Thông báo", body="Nội dung")
    count = model.objects.count()
    assert superuser.get(f"{base}/").status_code == 200  # it can be read
    assert superuser.get(f"{base}/add/").status_code == 403
    assert superuser.post(f"{base}/add/", {}).status_code == 403
    assert model.objects.count() == count
    record = model.objects.order_by("pk").first()
    if record is None:
        assert label.startswith("orders."), f"the demo has no {label}"  # the demo has no orders
        return
    assert superuser.get(f"{base}/{record.pk}/change/").status_code == 200  # shown read-only
    assert superuser.post(f"{base}/{record.pk}/change/", {}).status_code == 403
    assert superuser.get(f"{base}/{record.pk}/delete/").status_code == 403
    assert superuser.post(f"{base}/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    superuser.post(f"{base}/", {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
    assert model.objects.count() == count
    page = superuser.get(f"{base}/{record.pk}/change/").content.decode()
    assert 'name="_save"' not in page


def test_the_inlines_of_a_read_only_record_are_read_only(superuser):
    from tamnong.recognition.models import Dossier

    dossier = Dossier.objects.filter(events__isnull=False).first()
    page = superuser.get(f"/admin/recognition/dossier/{dossier.pk}/change/").content.decode()
    assert "events-TOTAL_FORMS" not in page or 'name="events-0-action"' not in page
    assert dossier.events.first().action in page


def test_reference_data_stays_editable_for_the_superuser(superuser):
    from tamnong.places.models import AdminUnit

    unit = AdminUnit.objects.get(scheme="2025-07", code="04990")
    response = superuser.post(
        f"/admin/places/adminunit/{unit.pk}/change/", {"usual_name": "Nật Sơn (cũ)", "region": "", "commune_group": "2"}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.usual_name, unit.commune_group) == ("Nật Sơn (cũ)", None)  # the group only through /groups/
