"""The optional second factor through HTTP: enrolment with a QR code and a code, the login's code
step, and the offices' policy that sends their approvers to enrolment before they act."""

import base64
import datetime as dt
import re

import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tamnong.accounts.models import SecondFactorPolicy
from tamnong.core import clock
from tamnong.places.models import AdminUnit

PASSWORD = "tamnong-demo"
DRAFT = {"edition": "ntm/commune-2021-2025", "province": "2020:17", "title": "Ngưỡng thu nhập"}


def _user(username):
    return get_user_model().objects.get(username=username)


def _code(device: TOTPDevice, later: int = 0) -> str:
    """The code the user's app shows now (or `later` seconds from now)."""
    return (
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=later // device.step):06d}"
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _enrol(client) -> TOTPDevice:
    page = client.get("/accounts/second-factor/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.filter(confirmed=False).latest("pk")
    response = client.post("/accounts/second-factor/", {"action": "confirm", "code": _code(device)})
    assert response.status_code == 302, response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_an_officer_enrols_with_the_qr_code_and_a_code_of_the_app(client, demo):
    client.force_login(_user("xa.namthuong"))
    page = client.get("/accounts/second-factor/").content.decode()
    device = TOTPDevice.objects.get(user__username="xa.namthuong", confirmed=False)
    secret = re.search(r"<figcaption><code>([A-Z2-7 ]+)</code>", page)[1]
    assert secret.replace(" ", "") == base64.b32encode(device.bin_key).decode().rstrip("=")
    wrong = client.post(
        "/accounts/second-factor/", {"action": "confirm", "code": "000000" if _code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 400 and "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    with time_machine.travel(clock.now() + dt.timedelta(seconds=5)):  # django-otp slows a retry after a wrong code
        device.refresh_from_db()
        ok = client.post("/accounts/second-factor/", {"action": "confirm", "code": _code(device)})
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "Xác thực hai lớp đang bật" in client.get("/accounts/second-factor/").content.decode()


def test_a_login_with_a_device_asks_for_its_code_before_the_session_opens(demo):
    device = TOTPDevice.objects.create(user=_user("xa.binhson"), name="Tamnông", confirmed=True)
    client = Client()
    step = client.post("/accounts/login/", {"username": "xa.binhson", "password": PASSWORD, "next": "/recognition/"})
    assert step.status_code == 302 and step.url == "/accounts/login/code/"
    assert not _logged_in(client)
    assert client.get("/recognition/").status_code == 302  # not logged in yet
    wrong = client.post("/accounts/login/code/", {"code": "12345"})
    assert wrong.status_code == 400 and "6 chữ số" in wrong.content.decode() and not _logged_in(client)
    with time_machine.travel(clock.now() + dt.timedelta(seconds=5)):
        device.refresh_from_db()
        done = client.post("/accounts/login/code/", {"code": _code(device)})
        assert done.status_code == 302 and done.url == "/recognition/"
        assert _logged_in(client) and client.session.get("otp_device_id") == device.persistent_id
        # The same code a second time is refused (a code works once).
        again = Client()
        again.post("/accounts/login/", {"username": "xa.binhson", "password": PASSWORD})
        assert again.post("/accounts/login/code/", {"code": _code(device)}).status_code == 400
    # The code step waits five minutes at most.
    late = Client()
    late.post("/accounts/login/", {"username": "xa.binhson", "password": PASSWORD})
    with time_machine.travel(clock.now() + dt.timedelta(minutes=6)):
        device.refresh_from_db()
        response = late.post("/accounts/login/code/", {"code": _code(device)})
        assert response.status_code == 302 and response.url == "/accounts/login/" and not _logged_in(late)


def test_a_province_requires_it_of_its_approvers_who_are_sent_to_enrolment_before_acting(demo):
    hoa_binh = AdminUnit.objects.get(scheme="2020", code="17")
    office = Client()
    office.force_login(_user("tinh.hoabinh"))
    page = office.get("/accounts/second-factor/").content.decode()
    assert "Yêu cầu người phê duyệt xác thực hai lớp" in page and hoa_binh.name in page and "Phú Thọ" not in page
    saved = office.post("/accounts/second-factor/", {"action": "policy", "unit": hoa_binh.pk, "require": "on"})
    assert saved.status_code == 302
    policy = SecondFactorPolicy.objects.get(unit=hoa_binh)
    assert policy.require_for_approvers and policy.changed_by.username == "tinh.hoabinh"

    # The province office itself, without a device: the API refuses its session's writes by name.
    refused = office.post("/api/v1/criteria/versions", DRAFT, content_type="application/json")
    assert refused.status_code == 403 and "xác thực hai lớp" in refused.json()["detail"]
    # A page's form sends it to enrolment, then back.
    sent = office.post(
        "/accounts/tokens/", {"action": "create", "name": "x"}, HTTP_REFERER="http://testserver/accounts/tokens/"
    )
    assert sent.status_code == 302 and sent.url.startswith("/accounts/second-factor/?next=")
    # The district office below is an approver too; a commune officer is not.
    district = Client()
    district.force_login(_user("huyen.kimboi"))
    assert district.post("/accounts/tokens/", {"action": "create", "name": "x"}).status_code == 302
    council = Client()  # a member of Kim Bôi's and Hòa Bình's OCOP councils
    council.force_login(_user("hoidong.kimboi"))
    assert council.post("/accounts/tokens/", {"action": "create", "name": "x"}).status_code == 302
    commune = Client()
    commune.force_login(_user("xa.namthuong"))
    assert commune.post("/accounts/tokens/", {"action": "create", "name": "Báo cáo"}).status_code == 200

    _enrol(office)  # enrolment verifies this session
    created = office.post("/api/v1/criteria/versions", DRAFT, content_type="application/json")
    assert created.status_code == 201, created.content
    # Required: it cannot be turned off.
    device = TOTPDevice.objects.get(user__username="tinh.hoabinh")
    with time_machine.travel(clock.now() + dt.timedelta(seconds=40)):
        device.refresh_from_db()
        kept = office.post("/accounts/second-factor/", {"action": "remove", "code": _code(device)})
    assert kept.status_code == 400 and "không tắt được" in kept.content.decode()
    assert TOTPDevice.objects.filter(user__username="tinh.hoabinh", confirmed=True).exists()

    # An approver logging in without a device is sent to enrolment right after the password.
    login = Client().post("/accounts/login/", {"username": "duyet.hoabinh", "password": PASSWORD})
    assert login.status_code == 302 and login.url.startswith("/accounts/second-factor/?next=")


def test_the_new_province_covers_the_units_merged_into_it_and_sets_only_its_own_policy(demo):
    hoa_binh = AdminUnit.objects.get(scheme="2020", code="17")
    phu_tho = AdminUnit.objects.get(scheme="2025-07", code="25")
    office = Client()
    office.force_login(_user("tinh.phutho"))
    other = office.post("/accounts/second-factor/", {"action": "policy", "unit": hoa_binh.pk, "require": "on"})
    assert other.status_code == 400 and "Chỉ văn phòng điều phối của tỉnh này" in other.content.decode()
    assert not SecondFactorPolicy.objects.filter(unit=hoa_binh).exists()
    assert (
        office.post("/accounts/second-factor/", {"action": "policy", "unit": phu_tho.pk, "require": "on"}).status_code
        == 302
    )
    district = Client()
    district.force_login(_user("huyen.kimboi"))  # Kim Bôi of 2020 lies in Phú Thọ of July 2025
    assert district.post("/api/v1/criteria/versions", DRAFT, content_type="application/json").status_code == 403
    # Turned off again, the same write is no longer stopped for the second factor.
    assert office.post("/accounts/second-factor/", {"action": "policy", "unit": phu_tho.pk}).status_code == 302
    response = district.post("/api/v1/criteria/versions", DRAFT, content_type="application/json")
    assert "xác thực hai lớp" not in response.content.decode()
    viewer = Client()
    viewer.force_login(_user("xem.hoabinh"))
    assert "Yêu cầu người phê duyệt" not in viewer.get("/accounts/second-factor/").content.decode()
    assert (
        viewer.post("/accounts/second-factor/", {"action": "policy", "unit": hoa_binh.pk, "require": "on"}).status_code
        == 400
    )


def test_an_officer_not_required_turns_it_off_with_a_code(client, demo):
    client.force_login(_user("xa.namthuong"))
    device = _enrol(client)
    with time_machine.travel(clock.now() + dt.timedelta(seconds=40)):
        device.refresh_from_db()
        response = client.post("/accounts/second-factor/", {"action": "remove", "code": _code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user__username="xa.namthuong").exists()
