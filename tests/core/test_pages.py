import pytest


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_home_in_vietnamese_by_default_and_english_on_request(client):
    assert "Nông thôn mới" in client.get("/").content.decode() or "nông thôn mới" in client.get("/").content.decode()
    english = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert "New Rural Development" in english
