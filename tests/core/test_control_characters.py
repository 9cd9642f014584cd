"""A NUL, or another control character but tab, line feed and carriage return, in a form's field (its
name or its text) is refused with a 400 before any page reads it, and in a JSON body before any API
reads it: PostgreSQL cannot store a NUL, so a page or an API saving the field would fail. Nothing is
written. A file's content may hold any byte; uploads, their limits and the CSRF check work as before."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from tamnong.core.models import AuditEvent
from tamnong.core.text import has_control_character
from tamnong.ntm import entry_views
from tamnong.ntm.models import SelfAssessment
from tamnong.resources.models import Work
from tests.ntm.test_entry import BINH_SON, form_of

pytestmark = pytest.mark.usefixtures("demo")

PASSWORD = "tamnong-demo"
REFUSED = "ký tự điều khiển"  # the refusal's words, Vietnamese first


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _binh_son():
    return SelfAssessment.objects.get(commune__scheme="2020", commune__code="04990", on="2024-03-31")


def _entry_form(client):
    _login(client, "xa.binhson")
    return form_of(client.get(BINH_SON, {"on": "2024-03-31"}).content.decode())


def test_which_characters_are_control_characters():
    assert all(has_control_character(f"a{chr(c)}b") for c in range(32) if chr(c) not in "\t\n\r")
    assert not any(has_control_character(text) for text in ("Đơn\t5", "dòng 1\r\ndòng 2", "\x7f", "\u200b", "🍯", ""))


@pytest.mark.parametrize("typed", ["sai\x00mat-khau", "\x00", "huyen.kimboi\x1b"])
def test_a_login_with_a_control_character_is_refused_and_not_counted(typed):
    client = Client()
    before = (AccessAttempt.objects.count(), AccessFailureLog.objects.count(), AuditEvent.objects.count())
    for fields in ({"username": typed, "password": PASSWORD}, {"username": "huyen.kimboi", "password": typed}):
        refused = client.post("/accounts/login/", fields, REMOTE_ADDR="10.0.0.7")
        assert refused.status_code == 400 and REFUSED in refused.content.decode()
        assert "control character" in refused.content.decode()  # and in English
    assert "_auth_user_id" not in client.session
    assert (AccessAttempt.objects.count(), AccessFailureLog.objects.count(), AuditEvent.objects.count()) == before


def test_the_login_form_still_passes_its_csrf_check_and_signs_in():
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    fields = {"username": "huyen.kimboi", "password": PASSWORD}
    assert client.post("/accounts/login/", fields).status_code == 403  # no token: CSRF refuses, as before
    assert client.post("/accounts/login/", {**fields, "csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "change",
    [
        {"v:3.1": "6\x001"},  # a value
        {"v:3.1\x00": "61"},  # a field's name
        {"version": "1\x00"},
        {"on": "2024-03-31\x0b"},
    ],
)
def test_the_entry_form_with_a_control_character_is_refused_and_saves_nothing(client, change):
    data = _entry_form(client)
    version, audited = _binh_son().version, AuditEvent.objects.count()
    refused = client.post(BINH_SON, {**data, **change})
    assert refused.status_code == 400 and REFUSED in refused.content.decode()
    refused = client.post(BINH_SON, {**data, **change, "f:3.1": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})  # multipart
    assert refused.status_code == 400 and REFUSED in refused.content.decode()
    assert (_binh_son().version, AuditEvent.objects.count()) == (version, audited)


def test_an_upload_whose_content_holds_nul_bytes_is_saved_and_the_limits_still_apply(client, monkeypatch):
    data = _entry_form(client)
    sa = _binh_son()
    content = b"%PDF-1.4\x00\x01\x02 bien ban\x00"
    data["f:3.1"] = SimpleUploadedFile("bien-ban.pdf", content, content_type="application/pdf")
    data["c:3.1"] = "Biên bản\r\nkèm theo\tngày 31/03"  # line breaks and tabs are text
    saved = client.post(BINH_SON, data)
    assert saved.status_code == 302
    value = _binh_son().values.get(code="3.1")
    assert _binh_son().version == sa.version + 1 and value.evidence.read() == content
    assert value.comment == "Biên bản\r\nkèm theo\tngày 31/03"
    monkeypatch.setattr(entry_views, "MAX_EVIDENCE_BYTES", 10)  # the page's own limit
    data = _entry_form(client)
    data["f:3.1"] = SimpleUploadedFile("lon.pdf", b"%PDF-1.4 " + b"x" * 100, content_type="application/pdf")
    saved = client.post(BINH_SON, data, follow=True)
    assert "lớn hơn 20 MB nên không được lưu" in saved.content.decode()
    assert _binh_son().values.get(code="3.1").evidence.read() == content


def test_django_s_limit_on_a_form_s_size_still_refuses_a_large_form(client, settings):
    data = _entry_form(client)
    version = _binh_son().version
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    data["c:3.1"] = "x" * 2000
    assert client.post(BINH_SON, data).status_code == 400
    assert _binh_son().version == version


def test_a_json_body_with_a_nul_is_refused_by_the_api_naming_where(client):
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username="xa.namthuong"))
    before = (SelfAssessment.objects.count(), AuditEvent.objects.count())
    url, edition = "/api/v1/ntm/self-assessments", "ntm/commune-2021-2025"
    for item, place in (
        ({"unit": "2020:05068", "values": {"3.1": "\x00"}}, "items[0].values.3.1"),  # PostgreSQL: a 500 before
        ({"unit": "2020:05068", "values": {"3.1": 91}, "assessments": {"1\x00": {"met": True, "evidence": "x"}}},
         "items[0].assessments.1\\u0000"),
        ({"unit": "2020:05068\x1f", "values": {"3.1": 91}}, "items[0].unit"),
    ):  # fmt: skip
        refused = api.post(url, {"edition": edition, "on": "2024-06-30", "items": [item]}, format="json")
        assert refused.status_code == 400, refused.content
        assert refused.json() == {"detail": f"Trường «{place}» của yêu cầu có ký tự điều khiển (như NUL): "
                                            "không trường nào nhận ký tự này."}  # fmt: skip
    english = api.post(url, "\x00", format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and "control character" in english.json()["detail"]
    assert (SelfAssessment.objects.count(), AuditEvent.objects.count()) == before
    written = api.post(url, {"edition": edition, "on": "2024-06-30",
                             "items": [{"unit": "2020:05068", "values": {"3.1": 91}}]}, format="json")  # fmt: skip
    assert written.status_code == 200, written.content


def test_a_form_body_sent_to_the_api_is_checked_by_the_api_after_its_sign_in():
    work = Work.objects.order_by("pk").first()
    api = APIClient()
    anonymous = api.post("/api/v1/resources/works", {"name": "Cầu\x00"}, format="multipart")
    assert anonymous.status_code in (401, 403)  # refused before the body is read, as any anonymous write
    api.force_authenticate(get_user_model().objects.get(username="trunguong"))
    for send, url in ((api.post, "/api/v1/resources/works"), (api.patch, f"/api/v1/resources/works/{work.pk}")):
        for body, place in (({"name": "Cầu\x00"}, "name"), ({"name\x00": "Cầu"}, "name\\u0000")):
            for kind in ("multipart", None):  # multipart/form-data; application/x-www-form-urlencoded
                if kind is None:
                    refused = send(url, urlencode(body), content_type="application/x-www-form-urlencoded")
                else:
                    refused = send(url, body, format=kind)
                assert refused.status_code == 400, refused.content
                assert refused.json()["detail"].startswith(f"Trường «{place}» của yêu cầu có ký tự điều khiển")
    assert Work.objects.get(pk=work.pk).name == work.name
