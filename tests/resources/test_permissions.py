"""Who may read and write works and capital: an office or a commune officer whose write scope covers the
commune writes; an officer outside it is refused; a viewer reads and never writes. Through the API,
the pages and the services."""

import pytest

from tamnong.core.errors import PermissionDeniedError
from tamnong.resources import services
from tamnong.resources.models import Contribution, Work

ROAD = {"name": "Đường liên thôn Bình Sơn – Đú Sáng", "type": "rural_road", "commune": "2020:04990", "quantity": "2.400",
        "plan_year": 2024, "status": "new", "started_on": "2024-02-15", "planned_end_on": "2024-12-31",
        "funding": {"central_budget": 2_000_000_000, "local_budget": 400_000_000}}  # fmt: skip
CAPITAL = {"unit": "2020:04990", "starts_on": "2024-04-01", "ends_on": "2024-06-30", "source": "local_budget",
           "amount_vnd": 1_000_000_000}  # fmt: skip


def _as(client, user, username):
    client.force_login(user(username))
    return client


@pytest.mark.parametrize("username", ["xa.binhson", "huyen.kimboi", "tinh.hoabinh", "tinh.phutho"])
def test_the_commune_officer_and_the_offices_above_write(client, user, username):
    api = _as(client, user, username)
    created = api.post("/api/v1/resources/works", ROAD, content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["budget_vnd"] == 2_400_000_000 and body["criteria"]["ntm/commune-2021-2025"] == "2"
    url = f"/api/v1/resources/works/{body['id']}"
    changed = api.patch(
        url, {"quantity": "2.6", "funding": {"central_budget": 2_500_000_000}}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["budget_vnd"] == 2_500_000_000
    paid = api.post(
        f"{url}/disbursements", {"on": "2024-03-20", "amount_vnd": 500_000_000}, content_type="application/json"
    )
    assert paid.status_code == 201 and api.get(url).json()["disbursement_rate"] == "20.00"
    capital = api.post("/api/v1/resources/contributions", CAPITAL, content_type="application/json")
    assert capital.status_code == 201, capital.json()
    assert api.delete(f"/api/v1/resources/contributions/{capital.json()['id']}").status_code == 204
    assert api.delete(url).status_code == 204 and not Work.objects.filter(pk=body["id"]).exists()


@pytest.mark.parametrize("username", ["xa.namthuong", "thixa.kinhmon", "xem.hoabinh"])
def test_an_officer_outside_the_commune_and_a_viewer_are_refused(client, user, username):
    api = _as(client, user, username)
    works, capital = Work.objects.count(), Contribution.objects.count()
    refused = api.post("/api/v1/resources/works", ROAD, content_type="application/json")
    assert refused.status_code == 403 and "Xã Bình Sơn" in refused.json()["detail"]
    assert api.post("/api/v1/resources/contributions", CAPITAL, content_type="application/json").status_code == 403
    demo_road = Work.objects.filter(commune__code="04990", is_demo=True).first()
    assert (
        api.patch(
            f"/api/v1/resources/works/{demo_road.pk}", {"quantity": "9"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert api.delete(f"/api/v1/resources/works/{demo_road.pk}").status_code == 403
    assert api.post(f"/api/v1/resources/works/{demo_road.pk}/disbursements", {"on": "2024-03-20", "amount_vnd": 5},
                    content_type="application/json").status_code == 403  # fmt: skip
    assert (Work.objects.count(), Contribution.objects.count()) == (works, capital)


def test_a_viewer_reads_works_in_its_scope_and_nothing_outside(client, user):
    api = _as(client, user, "xem.hoabinh")
    listed = api.get("/api/v1/resources/works", {"unit": "2020:04990"})
    assert listed.status_code == 200 and len(listed.json()) == 14  # Bình Sơn's demo works
    demo_road = Work.objects.filter(commune__code="04990", is_demo=True).first()
    assert api.get(f"/api/v1/resources/works/{demo_road.pk}").status_code == 200
    page = api.get(f"/resources/works/{demo_road.pk}/").content.decode()
    assert 'id="work-name"' in page and 'id="disbursement-form"' not in page and 'id="work-edit"' not in page
    assert api.post(f"/resources/works/{demo_road.pk}/", {"action": "delete"}).status_code == 403
    assert Work.objects.filter(pk=demo_road.pk).exists()
    # Kinh Môn's office sees none of Kim Bôi's works
    other = _as(client, user, "thixa.kinhmon")
    assert other.get("/api/v1/resources/works", {"unit": "2020:153"}).json() == []
    assert other.get(f"/api/v1/resources/works/{demo_road.pk}").status_code == 403
    assert other.get("/resources/2020/153/").status_code == 403


def test_anonymous_users_read_the_published_summary_only(client, demo):
    assert (
        client.get(
            "/api/v1/resources/summary", {"unit": "2020:153", "from": "2024-01-01", "to": "2024-03-31"}
        ).status_code
        == 200
    )
    assert client.get("/api/v1/resources/works", {"unit": "2020:153"}).status_code == 403
    assert client.post("/api/v1/resources/works", ROAD, content_type="application/json").status_code == 403
    assert client.get("/resources/2020/153/").status_code == 302  # to the login page


def test_the_services_check_the_scope_themselves(user, binh_son):
    demo_road = Work.objects.filter(commune=binh_son, is_demo=True).first()
    for username in ("xa.namthuong", "xem.hoabinh"):
        with pytest.raises(PermissionDeniedError):
            services.work_update(actor=user(username), work=demo_road, quantity="3")
        with pytest.raises(PermissionDeniedError):
            services.work_delete(actor=user(username), work=demo_road)
    assert services.work_update(actor=user("huyen.kimboi"), work=demo_road, quantity="3").quantity == 3


def test_a_work_cannot_be_moved_to_a_commune_outside_the_scope(client, user):
    api = _as(client, user, "xa.binhson")
    road = api.post("/api/v1/resources/works", ROAD, content_type="application/json").json()
    moved = api.patch(
        f"/api/v1/resources/works/{road['id']}", {"commune": "2020:05068"}, content_type="application/json"
    )
    assert moved.status_code == 403 and Work.objects.get(pk=road["id"]).commune.code == "04990"
