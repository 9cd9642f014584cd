"""The API through HTTP: browsers with their session and CSRF token, machines with named revocable
tokens, never a password."""

import base64
import hashlib
import re

from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tamnong.accounts.models import ApiToken
from tamnong.criteria.models import CriteriaVersion

EDITION = "ntm/commune-2021-2025"
DRAFT = {"edition": EDITION, "province": "2020:17", "title": "Ngưỡng thu nhập"}


def _user(username):
    return get_user_model().objects.get(username=username)


def _make_token(client, name="Máy chủ báo cáo của tỉnh") -> str:
    response = client.post("/accounts/tokens/", {"action": "create", "name": name})
    assert response.status_code == 200
    return re.search(r'<code id="new-token">([^<]+)</code>', response.content.decode())[1]


def test_a_password_alone_no_longer_writes(demo):
    machine = APIClient()
    before = CriteriaVersion.objects.count()
    basic = base64.b64encode(b"tinh.hoabinh:tamnong-demo").decode()
    response = machine.post("/api/v1/criteria/versions", DRAFT, format="json", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code in (401, 403)
    assert CriteriaVersion.objects.count() == before
    # The same call by a user the API does authenticate is accepted: the refusal above is the password's.
    machine.force_authenticate(_user("tinh.hoabinh"))
    assert machine.post("/api/v1/criteria/versions", DRAFT, format="json").status_code == 201


def test_a_token_is_shown_once_stored_hashed_works_and_once_revoked_is_refused(client, demo):
    client.force_login(_user("tinh.hoabinh"))
    key = _make_token(client)
    token = ApiToken.objects.get(user__username="tinh.hoabinh")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest() and key not in token.key_hash
    page = client.get("/accounts/tokens/").content.decode()
    assert "Máy chủ báo cáo của tỉnh" in page and key not in page and token.prefix in page and "chưa dùng" in page

    machine = APIClient()
    created = machine.post("/api/v1/criteria/versions", DRAFT, format="json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert created.status_code == 201, created.content
    token.refresh_from_db()
    assert token.last_used_at is not None

    assert client.post("/accounts/tokens/", {"action": "revoke", "token": token.pk}).status_code == 302
    refused = machine.post("/api/v1/criteria/versions", DRAFT, format="json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert refused.status_code in (401, 403)
    assert "thu hồi" in refused.json()["detail"]
    assert machine.get("/api/v1/criteria/versions", HTTP_AUTHORIZATION=f"Bearer {key}").status_code in (401, 403)
    assert machine.get("/api/v1/criteria/versions", HTTP_AUTHORIZATION="Bearer tn_forged").status_code in (401, 403)


def test_a_token_needs_a_name_and_only_its_owner_revokes_it(client, demo):
    client.force_login(_user("tinh.hoabinh"))
    blank = client.post("/accounts/tokens/", {"action": "create", "name": "  "})
    assert blank.status_code == 400 and "Đặt tên cho khoá" in blank.content.decode()
    _make_token(client, "Đồng bộ")
    twice = client.post("/accounts/tokens/", {"action": "create", "name": "Đồng bộ"})
    assert twice.status_code == 400 and "Đã có một khoá đang dùng tên «Đồng bộ»" in twice.content.decode()
    token = ApiToken.objects.get(user__username="tinh.hoabinh", name="Đồng bộ")
    client.force_login(_user("duyet.hoabinh"))
    assert client.post("/accounts/tokens/", {"action": "revoke", "token": token.pk}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert APIClient().get("/accounts/tokens/").status_code == 302  # login first


def test_a_browser_session_writes_only_with_its_csrf_token(demo):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(_user("tinh.hoabinh"))
    refused = browser.post("/api/v1/criteria/versions", DRAFT, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    page = browser.get("/accounts/tokens/")
    csrf = page.cookies["csrftoken"].value
    created = browser.post("/api/v1/criteria/versions", DRAFT, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert created.status_code == 201, created.content


def test_the_openapi_document_offers_the_token_and_the_session_never_basic(client, demo):
    schemes = client.get("/api/schema/", {"format": "json"}).json()["components"]["securitySchemes"]
    assert schemes["apiToken"] == {**schemes["apiToken"], "type": "http", "scheme": "bearer"}
    assert "cookieAuth" in schemes and not any(s.get("scheme") == "basic" for s in schemes.values())
