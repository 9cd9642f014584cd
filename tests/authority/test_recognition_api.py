"""Recognition dossiers through the HTTP API, both ways: the role the workflow table names for the
step, over the commune, on the act's date, acts (an audit row with the commune and before → after);
any other login, or the right role outside its territory, is refused with a 403 naming the action, the
commune and the reason, and nothing is written."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tamnong.core.models import AuditEvent
from tamnong.places.models import AdminUnit
from tamnong.recognition.models import Dossier, DossierEvent, ReturnReason

pytestmark = pytest.mark.django_db

DOSSIERS = "/api/v1/recognition/dossiers"


def api(username):
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def post(username, url, body):
    return api(username).post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="vi")


def counts():
    return {m.__name__: m.objects.count() for m in (Dossier, DossierEvent, ReturnReason, AuditEvent)}


@pytest.fixture
def nam_thuong(demo):
    return AdminUnit.objects.get(scheme="2020", code="05068")


@pytest.fixture
def dossier(nam_thuong):
    """Nam Thượng's advanced dossier of the demo, submitted to the district on 31/03/2024."""
    return Dossier.objects.get(commune=nam_thuong, tier="advanced", is_demo=True)


def test_the_communes_own_officer_opens_a_dossier_and_no_one_else(nam_thuong):
    body = {"unit": "2020:05068", "tier": "model", "on": "2024-03-31"}
    before = counts()
    outside = post("xa.binhson", DOSSIERS, body)  # a commune officer, of another commune
    assert outside.status_code == 403, outside.content
    detail = outside.json()["detail"]
    assert "lập hồ sơ đề nghị xét công nhận" in detail and "Xã Nam Thượng" in detail
    assert "31/03/2024" in detail and "ngoài địa bàn" in detail
    wrong_role = post("huyen.kimboi", DOSSIERS, body)  # the district covers the commune but does not open
    assert wrong_role.status_code == 403
    detail = wrong_role.json()["detail"]
    assert "lập hồ sơ đề nghị xét công nhận" in detail and "Xã Nam Thượng" in detail and "cán bộ xã" in detail
    assert post("xem.hoabinh", DOSSIERS, body).status_code == 403
    assert counts() == before

    created = post("xa.namthuong", DOSSIERS, body)
    assert created.status_code == 201, created.content
    audit = AuditEvent.objects.get(action="recognition.dossier.create", target_id=str(created.json()["id"]))
    assert audit.unit == nam_thuong and audit.actor.username == "xa.namthuong"
    assert audit.rule == "recognition.dossier.create#1" and audit.after["state"] == "draft"


def test_only_the_district_verifies_before_july_2025(dossier, nam_thuong):
    url = f"{DOSSIERS}/{dossier.pk}/transitions"
    body = {"action": "verify", "on": "2024-04-05", "version": dossier.version}
    before = counts()
    for login in ("xa.namthuong", "xem.hoabinh", "tinh.hoabinh"):  # all read the dossier; none verifies
        refused = post(login, url, body)
        assert refused.status_code == 403, (login, refused.content)
        detail = refused.json()["detail"]
        assert "thẩm tra hồ sơ (cấp huyện)" in detail and "Xã Nam Thượng" in detail and "05/04/2024" in detail
        assert "văn phòng điều phối huyện" in detail, detail  # the reason: whose step it is
    assert counts() == before
    dossier.refresh_from_db()
    assert dossier.state == "submitted"

    verified = post("huyen.kimboi", url, body)
    assert verified.status_code == 200, verified.content
    assert verified.json()["state"] == "verified"
    audit = AuditEvent.objects.get(action="recognition.verify", target_id=str(dossier.pk))
    assert audit.unit == nam_thuong and audit.rule == "recognition.verify#1"
    assert (audit.before["state"], audit.after["state"]) == ("submitted", "verified")


def test_a_return_by_the_wrong_role_writes_no_reason(dossier):
    url = f"{DOSSIERS}/{dossier.pk}/transitions"
    body = {"action": "return", "on": "2024-04-05", "version": dossier.version,
            "reasons": [{"item": "3.1", "reason": "Thiếu biên bản"}]}  # fmt: skip
    before = counts()
    refused = post("xa.namthuong", url, body)
    assert refused.status_code == 403 and "trả hồ sơ kèm lý do" in refused.json()["detail"]
    assert counts() == before
    assert post("huyen.kimboi", url, body).status_code == 200
    assert ReturnReason.objects.filter(dossier=dossier, target="3.1").count() == 1


def test_after_july_2025_the_province_appraises_and_the_old_district_is_refused(dossier, nam_thuong):
    url = f"{DOSSIERS}/{dossier.pk}/transitions"
    body = {"action": "appraise", "on": "2025-07-02", "version": dossier.version}
    before = counts()
    refused = post("huyen.kimboi", url, body)
    assert refused.status_code == 403, refused.content
    detail = refused.json()["detail"]
    assert "thẩm định hồ sơ (cấp tỉnh)" in detail and "02/07/2025" in detail
    assert "văn phòng điều phối tỉnh" in detail
    assert counts() == before
    appraised = post("tinh.phutho", url, body)
    assert appraised.status_code == 200, appraised.content
    audit = AuditEvent.objects.get(action="recognition.appraise", target_id=str(dossier.pk))
    assert audit.unit == nam_thuong and audit.actor.username == "tinh.phutho"
