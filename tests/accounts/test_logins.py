"""Logins through HTTP: password guessing locked by django-axes, sessions for shared computers,
the admin through the same login."""

import datetime as dt

import time_machine
from django.conf import settings
from django.test import Client

from tamnong.core import clock

PASSWORD = "tamnong-demo"


def _post_login(client, username, password, address="10.0.0.1", lang="vi"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password},
        REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=lang,
    )  # fmt: skip


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_lock_the_username_on_that_computer_then_the_right_one_fails(demo):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = _post_login(client, "huyen.kimboi", "sai-mat-khau")
        assert wrong.status_code == 200 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.content.decode()
    for _ in range(40 - settings.AXES_FAILURE_LIMIT + 1):
        locked = _post_login(client, "huyen.kimboi", "sai-mat-khau")
        assert locked.status_code == 429
    right = _post_login(client, "huyen.kimboi", PASSWORD)
    body = right.content.decode()
    assert right.status_code == 429 and not _logged_in(client)
    assert "Đăng nhập tạm bị khoá" in body and "15 phút" in body
    english = _post_login(Client(), "huyen.kimboi", PASSWORD, lang="en")
    assert english.status_code == 429 and "locked for 15 minutes" in english.content.decode()


def test_the_lock_holds_one_username_on_one_address_and_ends_after_the_cool_off(demo):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(attacker, "tinh.hoabinh", "doan-mo", address="203.0.113.9")
    assert _post_login(attacker, "tinh.hoabinh", PASSWORD, address="203.0.113.9").status_code == 429
    # The office, from its own computer, still logs in; another username from the attacker's address too.
    office = Client()
    assert _post_login(office, "tinh.hoabinh", PASSWORD, address="10.1.2.3").status_code == 302 and _logged_in(office)
    other = Client()
    assert _post_login(other, "duyet.hoabinh", PASSWORD, address="203.0.113.9").status_code == 302
    with time_machine.travel(clock.now() + dt.timedelta(minutes=16)):
        later = Client()
        assert _post_login(later, "tinh.hoabinh", PASSWORD, address="203.0.113.9").status_code == 302
        assert _logged_in(later)


def test_a_success_resets_the_count(demo):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post_login(client, "xa.namthuong", "sai")
    assert _post_login(client, "xa.namthuong", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post_login(client, "xa.namthuong", "sai").status_code == 200
    assert _post_login(client, "xa.namthuong", PASSWORD).status_code == 302


def test_the_admin_logs_in_through_the_same_login(demo):
    client = Client()
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302 and page.url == "/accounts/login/?next=/admin/"
    # No password is checked at the admin's own address.
    client.post("/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    assert not _logged_in(client)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "admin", "sai")
    assert _post_login(client, "admin", PASSWORD).status_code == 429 and not _logged_in(client)
    fresh = Client()
    response = fresh.post("/accounts/login/?next=/admin/", {"username": "admin", "password": PASSWORD, "next": "/admin/"},
                          REMOTE_ADDR="10.9.9.9")  # fmt: skip
    assert response.status_code == 302 and response.url == "/admin/"
    assert fresh.get("/admin/").status_code == 200


def test_the_session_suits_a_shared_computer(demo):
    client = Client()
    response = _post_login(client, "xa.binhson", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes
    assert client.session.get_expiry_age() == 8 * 3600
    page = client.get("/accounts/login/").content.decode()
    assert "8 giờ" in page and "5 lần" in page
    # Eight hours later the session is over.
    with time_machine.travel(clock.now() + dt.timedelta(hours=8, minutes=1)):
        assert client.get("/recognition/").status_code == 302
