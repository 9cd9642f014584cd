"""The pages ask the table what they may show through tamnong.accounts.authority: `where` (the units an
actor may act on, for pickers, queues and buttons), `refusal`, `may_somewhere` and `records_on`. They
must answer exactly as authorize() decides: for every demo login, a sample of actions of each kind of
row, units of the three lists on both sides of the demo (and the national level), on dates on each side
of the law's changes, `where(...).covers(unit)` and `where(...).filter(units)` equal `may(...)`."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.places.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

LOGINS = (
    "trunguong", "tinh.hoabinh", "tinh.phutho", "huyen.kimboi", "thixa.kinhmon", "xa.namthuong", "xa.binhson",
    "xem.hoabinh", "hoidong.kimboi", "hoidong.kinhmon", "chuthe.namthuong", "chuthe.hoptien",
)  # fmt: skip
ACTIONS = (
    "resources.work.create", "ntm.values.write", "ntm.values.import", "criteria.version.create", "ocop.round.create",
    "ocop.registration.precheck", "ocop.certificate.revoke", "recognition.dossier.create", "orders.order.create",
    "places.commune_group.propose", "ocop.sheet.score",
)  # fmt: skip
DATES = (dt.date(2024, 6, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1), dt.date(2025, 7, 6))


def _units():
    keys = [("2020", "17"), ("2020", "30"), ("2020", "153"), ("2020", "292"), ("2020", "04990"), ("2020", "10678"),
            ("2025-07", "25"), ("2025-07", "31")]  # fmt: skip
    units = [AdminUnit.objects.get(scheme=s, code=c) for s, c in keys]
    for province in units[-2:]:
        units += list(AdminUnit.objects.filter(parent=province, level=Level.COMMUNE).order_by("code")[:6])
    units += list(AdminUnit.objects.filter(parent__in=units[2:4], level=Level.COMMUNE).order_by("code")[:8])
    return units


@pytest.mark.parametrize("login", (*LOGINS, "anonymous", "system"))
def test_where_answers_as_may_for_every_login_action_unit_and_date(demo, login):
    if login == "anonymous":
        user = AnonymousUser()
    elif login == "system":
        user = authority.SYSTEM
    else:
        user = get_user_model().objects.get(username=login)
    units = _units()
    queryset = AdminUnit.objects.filter(pk__in=[u.pk for u in units])
    allowed = 0
    for action in ACTIONS:
        for on in (*DATES, clock.today()):
            where = authority.where(user, action, on=on)
            expected = {u.pk for u in units if authority.may(user, action, unit=u, on=on)}
            assert {u.pk for u in units if where.covers(u)} == expected, (user, action, on)
            assert set(where.filter(queryset).values_list("pk", flat=True)) == expected, (user, action, on)
            assert where.covers(None) == authority.may(user, action, unit=None, on=on), (user, action, on)
            allowed += len(expected)
    assert allowed > 0  # anyone may at least place an order


def test_refusal_is_the_error_authorize_raises():
    user = get_user_model().objects.get(username="huyen.kimboi")
    kinh_mon = AdminUnit.objects.get(scheme="2020", code="292")
    refused = authority.refusal(user, "ntm.values.import", unit=kinh_mon, on=dt.date(2024, 12, 31))
    assert isinstance(refused, authority.NotAuthorised)
    assert "nhập số liệu tiêu chí từ bảng tính" in refused.message_vi and "Thị xã Kinh Môn" in refused.message_vi
    kim_boi = AdminUnit.objects.get(scheme="2020", code="153")
    assert authority.refusal(user, "ntm.values.import", unit=kim_boi, on=dt.date(2024, 12, 31)) is None
    after = authority.refusal(user, "ntm.values.import", unit=kim_boi, on=dt.date(2025, 7, 1))
    assert after is not None and "01/07/2025" in after.message_vi


def test_a_unit_no_longer_on_the_map_is_asked_about_on_its_last_day():
    bình_sơn = AdminUnit.objects.get(scheme="2020", code="04990")
    assert authority.records_on(bình_sơn) == bình_sơn.valid_to < clock.today()
    assert authority.records_on(AdminUnit.objects.get(scheme="2025-07", code="25")) == clock.today()
    assert authority.records_on(None) == clock.today()


def test_may_somewhere_follows_the_table():
    def user(name):
        return get_user_model().objects.get(username=name)

    assert authority.may_somewhere(user("huyen.kimboi"), "ntm.values.import")  # on its district's last day
    assert authority.may_somewhere(user("xa.namthuong"), "ntm.values.import")
    assert not authority.may_somewhere(user("xem.hoabinh"), "ntm.values.import")  # a viewer
    assert not authority.may_somewhere(user("chuthe.namthuong"), "ntm.values.import")
    assert not authority.may_somewhere(AnonymousUser(), "ntm.values.import")
    assert not authority.may_somewhere(user("xa.namthuong"), "criteria.version.create")
    assert authority.may_somewhere(user("tinh.phutho"), "criteria.version.create")
