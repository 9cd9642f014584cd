"""The forgeries found on the demo (issue 15), each through the HTTP API: refused with a message that
names the action, the unit and the reason, and nothing written."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tamnong.accounts import authority
from tamnong.core.models import AuditEvent
from tamnong.ocop import services
from tamnong.ocop.models import Certificate, Entry, MemberScore, MemberScoreRevision, Product, Round
from tamnong.places.models import AdminUnit

pytestmark = pytest.mark.django_db


def api(username):
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    return client


def counts():
    return {m.__name__: m.objects.count() for m in (Round, Entry, MemberScore, MemberScoreRevision, Certificate,
                                                    AuditEvent)}  # fmt: skip


def unit(key):
    scheme, code = key.split(":")
    return AdminUnit.objects.get(scheme=scheme, code=code)


BUOI = "Bưởi Da xanh Nam Thượng"


@pytest.mark.parametrize("login", ["chuthe.namthuong", "xem.hoabinh", "chuthe.hoptien", "hoidong.kinhmon"])
def test_no_ordinary_login_sets_up_a_national_council(login):
    product = Product.objects.get(name=BUOI)
    before = counts()
    response = api(login).post(
        "/api/v1/ocop/rounds",
        {"name": "x", "level": "national", "held_on": "2026-12-01", "members": [login], "products": [product.pk]},
        format="json",
    )
    assert response.status_code == 403, response.content
    detail = response.json()["detail"]
    assert "lập hội đồng đánh giá OCOP" in detail and "cấp trung ương" in detail
    assert counts() == before


def test_a_producer_cannot_score_nor_certify_its_own_product():
    council = services.round_create(
        actor=authority.SYSTEM, name="Hội đồng trung ương thử", level="national", unit=None,
        held_on=dt.date(2026, 12, 1), members=[], products=[Product.objects.get(name=BUOI)],
    ) if False else None  # a national council needs members with the role: made below
    member = get_user_model().objects.create(username="bo.hoidong")
    member.roles.create(role="council_member", unit=None)
    council = services.round_create(
        actor=authority.SYSTEM, name="Hội đồng OCOP trung ương (thử)", level="national", unit=None,
        held_on=dt.date(2026, 12, 1), members=[member], products=[Product.objects.get(name=BUOI)],
    )  # fmt: skip
    entry = council.entries.get()
    before = counts()
    client = api("chuthe.namthuong")
    r = client.post(f"/api/v1/ocop/entries/{entry.pk}/scores", {"parts": {"A": 40, "B": 25, "C": 35}}, format="json")
    assert r.status_code == 403 and "chấm phiếu" in r.json()["detail"]
    r = client.post(f"/api/v1/ocop/entries/{entry.pk}/certificate",
                    {"decision_number": "X", "issued_on": "2026-12-01"}, format="json")  # fmt: skip
    assert r.status_code == 403 and "cấp giấy chứng nhận OCOP" in r.json()["detail"]
    assert counts() == before
    # The member who holds the role scores; the national office issues, once; a second attempt is a 400.
    r = api("bo.hoidong").post(f"/api/v1/ocop/entries/{entry.pk}/scores", {"parts": {"A": 40, "B": 25, "C": 35}},
                               format="json")  # fmt: skip
    assert r.status_code == 200, r.content
    body = {"decision_number": "99/QĐ-BNNMT", "issued_on": "2026-12-01"}
    assert api("trunguong").post(f"/api/v1/ocop/entries/{entry.pk}/certificate", body, format="json").status_code == 201
    again = api("trunguong").post(f"/api/v1/ocop/entries/{entry.pk}/certificate", body, format="json")
    assert again.status_code == 400 and "đã có giấy chứng nhận" in str(again.json())


def test_a_commune_officer_cannot_revoke_a_provincial_certificate():
    certificate = Certificate.objects.filter(issuer_level="province", revoked_on__isnull=True,
                                             product__commune__code="04990").first() or Certificate.objects.filter(
        issuer_level="province", revoked_on__isnull=True, issuer__code="17").first()  # fmt: skip
    before = counts()
    r = api("xa.binhson").post(f"/api/v1/ocop/certificates/{certificate.pk}/revoke",
                               {"revoked_on": "2026-12-01", "reason": "thử"}, format="json")  # fmt: skip
    assert r.status_code == 403
    assert "thu hồi giấy chứng nhận OCOP" in r.json()["detail"] and "cán bộ xã" in r.json()["detail"]
    assert counts() == before
    certificate.refresh_from_db()
    assert certificate.revoked_on is None


def test_a_commune_officer_cannot_set_up_a_district_council_on_its_commune():
    before = counts()
    r = api("xa.binhson").post("/api/v1/ocop/rounds", {"name": "x", "level": "district", "held_on": "2024-05-01",
                                                       "unit": "2020:04990", "members": ["xa.binhson"]}, format="json")  # fmt: skip
    assert r.status_code == 400 and "cùng cấp" in str(r.json())
    r = api("xa.binhson").post("/api/v1/ocop/rounds", {"name": "x", "level": "district", "held_on": "2024-05-01",
                                                       "unit": "2020:153", "members": ["xa.binhson"]}, format="json")  # fmt: skip
    assert r.status_code == 403 and "Kim Bôi" in r.json()["detail"]
    assert counts() == before


def test_a_decided_council_locks_its_sheets_and_a_reopening_keeps_history():
    council = Round.objects.get(name="Hội đồng OCOP thị xã Kinh Môn, đợt 1/2023")
    assert council.decided_on == dt.date(2023, 6, 30)
    entry = council.entries.exclude(certificate__isnull=False).first() or council.entries.first()
    member = get_user_model().objects.get(username="hoidong.kinhmon")
    before = counts()
    r = api("hoidong.kinhmon").post(f"/api/v1/ocop/entries/{entry.pk}/scores", {"parts": {"A": 20, "B": 10, "C": 20}},
                                    format="json")  # fmt: skip
    assert r.status_code == 400 and "đã quyết định ngày 30/06/2023" in str(r.json())
    assert counts() == before
    # Reopened with a reason (audited): a result not certified is scored again, the old sheet kept.
    with pytest.raises(services.DomainError):
        services.round_reopen(round_=council, actor=authority.SYSTEM, on=dt.date(2023, 7, 1), reason=" ")
    services.round_reopen(round_=council, actor=authority.SYSTEM, on=dt.date(2023, 7, 1), reason="Phúc khảo")
    event = AuditEvent.objects.filter(action="ocop.round.reopen", target_id=str(council.pk)).get()
    assert event.after["reason"] == "Phúc khảo" and event.rule.startswith("ocop.round.reopen#")
    uncertified = council.entries.filter(certificate__isnull=True).first()
    if uncertified is not None:
        old = MemberScore.objects.get(entry=uncertified, member=member).parts
        services.score_submit(entry=uncertified, member=member, parts={"A": 20, "B": 10, "C": 20})
        assert MemberScoreRevision.objects.filter(score__entry=uncertified, parts=old).exists()


def test_a_commune_officer_cannot_import_a_provincial_certificate(tmp_path):
    from openpyxl import Workbook

    from tamnong.ocop import imports

    wb = Workbook()
    ws = wb.active
    ws.append([c for c, _, _ in imports.COLUMNS])
    row = {"product": "Sản phẩm nhập thử", "producer": "HTX nhập thử", "producer_kind": "hợp tác xã",
           "commune": "05068", "group": "1", "stars": 4, "decision_number": "1/QĐ-UBND",
           "decision_date": "10/01/2024", "level": "tỉnh"}  # fmt: skip
    ws.append([row.get(c, "") for c, _, _ in imports.COLUMNS])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    officer = get_user_model().objects.get(username="xa.namthuong")
    before = counts()
    report = imports.products_import(content=path.read_bytes(), unit=unit("2020:05068"), actor=officer, dry_run=False)
    assert report.saved == 0 and any("nhập giấy chứng nhận OCOP đã cấp" in p.reason_vi for p in report.problems)
    assert counts() == before
