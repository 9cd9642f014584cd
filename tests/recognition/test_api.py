"""The recognition API: create, list, detail, transitions (403, 400 naming state and action, 409 when
stale), the public register, and the OpenAPI document."""

import pytest

from .conftest import user


@pytest.fixture
def as_user(client):
    def login(name):
        client.force_login(user(name))
        return client

    return login


def _post(client, url, body):
    return client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi")


def test_create_list_and_detail(as_user, dossier):
    client = as_user("xa.namthuong")
    response = _post(
        client, "/api/v1/recognition/dossiers", {"unit": "2020:05068", "tier": "model", "on": "2024-03-31"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and body["unit"] == "2020:05068" and body["on"] == "2024-03-31"
    assert any(i["key"] == "3.1" and i["value"] == 82 for i in body["items"])
    assert body["completeness"]["complete"] is False
    assert "satisfaction_survey" in body["completeness"]["missing_documents"]
    listed = (
        as_user("huyen.kimboi").get("/api/v1/recognition/dossiers", {"unit": "2020:153", "state": "submitted"}).json()
    )
    assert [d["id"] for d in listed] == [dossier.pk]
    assert as_user("xa.binhson").get("/api/v1/recognition/dossiers").json() == []  # not his commune
    detail = as_user("tinh.hoabinh").get(f"/api/v1/recognition/dossiers/{dossier.pk}").json()
    assert detail["state"] == "submitted" and detail["history"][-1]["action"] == "submit"
    assert detail["content_hash"].startswith("sha256:")
    assert as_user("xa.binhson").get(f"/api/v1/recognition/dossiers/{dossier.pk}").status_code == 403


def test_transitions_through_the_api(as_user, dossier):
    url = f"/api/v1/recognition/dossiers/{dossier.pk}/transitions"
    denied = _post(as_user("tinh.hoabinh"), url, {"action": "verify", "on": "2024-04-05", "version": dossier.version})
    assert denied.status_code == 403
    illegal = _post(
        as_user("huyen.kimboi"), url, {"action": "recognise", "on": "2024-04-05", "version": dossier.version}
    )
    assert illegal.status_code == 400
    assert "«công nhận»" in illegal.json()["action"][0] and "«đã nộp»" in illegal.json()["action"][0]
    returned = _post(as_user("huyen.kimboi"), url, {
        "action": "return", "on": "2024-04-05", "version": dossier.version,
        "reasons": [{"item": "3.1", "reason": "Thiếu biên bản"}, {"item": "household_power_pct", "reason": "Xác nhận"}],
    })  # fmt: skip
    assert returned.status_code == 200, returned.content
    assert returned.json()["reopened"] == ["3.1", "household_power_pct"]
    stale = _post(as_user("xa.namthuong"), url, {"action": "submit", "on": "2024-04-06", "version": dossier.version})
    assert stale.status_code == 409 and "tải lại" in stale.json()["detail"]


def test_recognise_through_the_api_and_the_register(as_user, dossier):
    url = f"/api/v1/recognition/dossiers/{dossier.pk}/transitions"
    version = dossier.version
    for action, who, extra in [("verify", "huyen.kimboi", {}), ("appraise", "tinh.hoabinh", {}),
                               ("recognise", "tinh.hoabinh", {"decision_number": "12/QĐ-UBND", "decision_date": "2024-04-20"})]:  # fmt: skip
        response = _post(as_user(who), url, {"action": action, "on": "2024-04-20", "version": version, **extra})
        assert response.status_code == 200, response.content
        version = response.json()["version"]
    assert response.json()["approved_hash"] == response.json()["content_hash"]
    register = (
        as_user("xem.hoabinh").get("/api/v1/recognition/register", {"unit": "2020:153", "on": "2024-04-20"}).json()
    )
    assert {r["commune"] for r in register if r["tier"] == "standard"} == {
        "Xã Nam Thượng", "Xã Sào Báy", "Xã Vĩnh Đồng", "Xã Mi Hòa", "Xã Đông Bắc", "Xã Vĩnh Tiến"}  # fmt: skip
    advanced = [r for r in register if r["tier"] == "advanced"]
    assert advanced == [{**advanced[0], "unit": "2020:05068", "decision_number": "12/QĐ-UBND",
                         "decision_date": "2024-04-20", "dossier": dossier.pk}]  # fmt: skip
    before = as_user("xem.hoabinh").get("/api/v1/recognition/register", {"unit": "2020:153", "on": "2024-03-31"}).json()
    assert len(before) == 6


def test_the_openapi_document_describes_the_endpoints(client, demo):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for operation in ["recognition_dossiers_list", "recognition_dossier_create", "recognition_dossier_transition",
                      "recognition_dossier_retrieve", "recognition_register"]:  # fmt: skip
        assert operation in schema
    assert "Chuyển trạng thái hồ sơ" in schema
