"""The orders API: a public order request with the same checks and limit as the form, the buyer's order
by its key, the producer's inbox and status changes (both producers, both ways), and the schema."""

import pytest
from django.contrib.auth import get_user_model

from tamnong.orders import services, vietqr
from tamnong.orders.models import Order
from tests.orders.helpers import HA_NOI


def _body(*items, **fields):
    data = {
        "items": [{"product": p, "quantity": q} for p, q in items], "name": "Lê Thị Hoa", "phone": "0398 765 432",
        "email": "hoa@example.vn", "province": HA_NOI, "address": "12 Trần Phú, phường Hà Đông", "note": "",
    }  # fmt: skip
    data.update(fields)
    return data


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def _create(client, *items, **fields):
    response = client.post("/api/v1/orders/", _body(*items, **fields), content_type="application/json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_buyer_sends_an_order_and_reads_it_by_its_key(client, in_force_today, django_capture_on_commit_callbacks):
    honey, _ = in_force_today
    with django_capture_on_commit_callbacks(execute=True):
        created = _create(client, (honey.pk, 3))
    order = Order.objects.get()
    assert created == {
        "token": order.token, "code": order.code, "status": "new",
        "status_url": f"http://127.0.0.1:8000/orders/{order.token}/",
    }  # fmt: skip
    data = client.get(f"/api/v1/orders/{order.token}").json()
    assert data["items"] == [{"product": honey.pk, "product_name": "Mật ong rừng Hợp Tiến", "quantity": 3}]
    assert (data["status"], data["province"], data["amount_vnd"], data["vietqr"]) == ("new", HA_NOI, None, None)
    assert [c["status_to"] for c in data["changes"]] == ["new"]
    assert [e["state"] for e in data["emails"]] == ["sent"]
    assert "buyer_phone" not in data and "token" not in data
    assert client.get("/api/v1/orders/not-a-key").status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"items": []}, "items"),
        ({"items": [{"product": "HONEY", "quantity": 0}]}, "items.0.quantity"),
        ({"items": [{"product": "HONEY", "quantity": -1}]}, "items.0.quantity"),
        ({"items": [{"product": "HONEY", "quantity": "two"}]}, "items.0.quantity"),
        ({"items": [{"product": "HONEY", "quantity": 1.5}]}, "items.0.quantity"),
        ({"items": [{"product": "HONEY", "quantity": 1}, {"product": "BUOI", "quantity": 1}]}, "items"),
        ({"phone": "+1 202 555 0100"}, "phone"),
        ({"email": "hoa@@example.vn"}, "email"),
        ({"province": "2020:17"}, "province"),
        ({"province": "Hà Nội"}, "province"),
        ({"name": "H" * 101}, "name"),
        ({"address": ""}, "address"),
        ({"note": "n" * 1001}, "note"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(client, in_force_today, change, field):
    honey, buoi = in_force_today
    body = _body((honey.pk, 1), **change)
    for item in body["items"]:
        item["product"] = {"HONEY": honey.pk, "BUOI": buoi.pk}.get(item["product"], item["product"])
    response = client.post("/api/v1/orders/", body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == [field], response.json()
    assert not Order.objects.exists()


def test_english_messages_on_request(client, in_force_today):
    honey, _ = in_force_today
    response = client.post(
        "/api/v1/orders/", _body((honey.pk, 0)), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json() == {
        "items.0.quantity": [
            "The quantity of “Mật ong rừng Hợp Tiến” must be a whole number from 1 to 10,000 (got “0”)."
        ]
    }


def test_the_robot_trap_and_the_limit_through_the_api(client, in_force_today):
    honey, _ = in_force_today
    response = client.post(
        "/api/v1/orders/", _body((honey.pk, 1), website="http://spam.example"), content_type="application/json"
    )
    assert response.status_code == 400 and list(response.json()) == ["non_field_errors"]
    for _ in range(services.RATE_LIMIT):
        _create(client, (honey.pk, 1))
    response = client.post("/api/v1/orders/", _body((honey.pk, 1)), content_type="application/json")
    assert response.status_code == 429
    assert "Bạn đã gửi 5 đơn hàng trong một giờ qua" in response.json()["detail"]
    assert 3500 < int(response["Retry-After"]) <= 3600
    assert Order.objects.count() == services.RATE_LIMIT


def test_the_inbox_api_shows_each_producer_only_its_orders(client, in_force_today):
    honey, buoi = in_force_today
    honey_code = _create(client, (honey.pk, 1))["code"]
    buoi_code = _create(client, (buoi.pk, 2))["code"]
    assert client.get("/api/v1/orders/inbox").status_code in (401, 403)
    for login, mine, theirs in (("chuthe.hoptien", honey_code, buoi_code), ("chuthe.namthuong", buoi_code, honey_code)):
        _login(client, login)
        rows = client.get("/api/v1/orders/inbox").json()
        assert [r["code"] for r in rows] == [mine]
        assert rows[0]["buyer_phone"] == "0398765432" and rows[0]["next_statuses"] == ["confirmed", "cancelled"]
        other = Order.objects.get(code=theirs)
        response = client.post(f"/api/v1/orders/{other.pk}/status", {"status": "cancelled", "note": "x"},
                               content_type="application/json")  # fmt: skip
        assert response.status_code == 403
        assert client.get("/api/v1/orders/inbox?status=confirmed").json() == []
    _login(client, "huyen.kimboi")
    assert client.get("/api/v1/orders/inbox").status_code == 403
    assert client.get("/api/v1/orders/inbox?status=paid").status_code == 400


def test_the_producer_moves_an_order_through_the_api(client, in_force_today):
    honey, _ = in_force_today
    token = _create(client, (honey.pk, 2))["token"]
    order = Order.objects.get(token=token)
    _login(client, "chuthe.hoptien")
    services.bank_account_save(
        producer=honey.producer, actor=get_user_model().objects.get(username="chuthe.hoptien"), bank_bin="970436",
        account_number="0071001234567", holder_name="HTX Mat ong Hop Tien", now=order.created_at,
    )  # fmt: skip
    url = f"/api/v1/orders/{order.pk}/status"
    response = client.post(url, {"status": "shipped"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == [
        f"Đơn hàng {order.code} không chuyển được từ «mới» sang «đang giao hàng»: từ «mới» chỉ chuyển được sang "
        "«đã xác nhận», «đã huỷ»."
    ]
    response = client.post(url, {"status": "confirmed"}, content_type="application/json")
    assert response.status_code == 400 and list(response.json()) == ["amount_vnd"]
    response = client.post(
        url, {"status": "confirmed", "amount_vnd": 250000, "note": ""}, content_type="application/json"
    )
    data = response.json()
    assert response.status_code == 200
    assert (data["status"], data["amount_vnd"], data["next_statuses"]) == (
        "confirmed",
        250000,
        ["shipped", "cancelled"],
    )
    assert vietqr.parse(data["vietqr"]).amount == 250000
    assert client.get(f"/api/v1/orders/{token}").json()["vietqr"] == data["vietqr"]
    for status in ("shipped", "done"):
        assert client.post(url, {"status": status}, content_type="application/json").status_code == 200
    client.logout()
    data = client.get(f"/api/v1/orders/{token}").json()
    assert [c["status_to"] for c in data["changes"]] == ["new", "confirmed", "shipped", "done"]
    assert data["vietqr"] is None


def test_the_schema_documents_the_orders_api_in_vietnamese(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = {
        op["operationId"]: op["summary"]
        for path in schema["paths"].values()
        for op in path.values()
        if "operationId" in op
    }
    assert operations["orders_create"].startswith("Gửi đơn đặt hàng đến một chủ thể OCOP")
    assert {"orders_get", "orders_inbox", "orders_status_change"} <= set(operations)
    assert {"/api/v1/orders/", "/api/v1/orders/{token}", "/api/v1/orders/inbox", "/api/v1/orders/{id}/status"} <= set(
        schema["paths"]
    )
