"""The matrix that cannot be forgotten: generated from the authority table, every action × every demo
role × a unit in the role's territory and one outside it, on a day of every period of the action.
authorize() must grant exactly what the table grants in the territory, refuse everything outside it,
and name the action and the unit when it refuses."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from tamnong.accounts import authority
from tamnong.ocop.models import Producer, Round
from tamnong.places.models import AdminUnit
from tamnong.recognition import workflow
from tamnong.rules import authority as table

pytestmark = pytest.mark.django_db

UNITS = {  # key: (level, in Hòa Bình / Kim Bôi / Nam Thượng?)
    "hb": "2020:17", "hd": "2020:30", "kb": "2020:153", "km": "2020:292", "nt": "2020:05068", "bs": "2020:04990",
}  # fmt: skip
# login → role kind, and per level (in-territory unit, out-of-territory unit); None: the national level.
LOGINS = {
    "trunguong": ("national_office", {"national": (None, "none"), "province": ("hb", "none"), "district": ("kb", "none"),
                                       "commune": ("nt", "none")}),
    "tinh.hoabinh": ("province_office", {"national": ("none", None), "province": ("hb", "hd"),
                                          "district": ("kb", "km"), "commune": ("nt", "kmc")}),
    "tinh.phutho": ("province_office", {"province": ("hb", "hd"), "district": ("kb", "km"), "commune": ("nt", "kmc")}),
    "huyen.kimboi": ("district_office", {"province": ("none", "hb"), "district": ("kb", "km"),
                                          "commune": ("nt", "kmc")}),
    "thixa.kinhmon": ("district_office", {"district": ("km", "kb"), "commune": ("kmc", "nt")}),
    "xa.namthuong": ("commune_officer", {"district": ("none", "kb"), "commune": ("nt", "bs")}),
    "xa.binhson": ("commune_officer", {"province": ("none", "hb"), "commune": ("bs", "nt")}),
    "xem.hoabinh": ("viewer", {"province": ("hb", "hd"), "district": ("kb", "km"), "commune": ("nt", "kmc")}),
    "hoidong.kimboi": ("council_member", {"province": ("hb", "hd"), "district": ("kb", "km")}),
    "chuthe.namthuong": ("producer", {"commune": ("nt", "bs")}),
    "SYSTEM": ("system", {"national": (None, "none"), "province": ("hb", "none"), "district": ("kb", "none"),
                          "commune": ("nt", "none")}),
    "anonymous": ("public", {"commune": ("nt", "none")}),
}  # fmt: skip


def _unit(code):
    if code in (None, "none"):
        return code
    if code == "kmc":
        return AdminUnit.objects.filter(parent__scheme="2020", parent__code="292", level=3).order_by("code").first()
    scheme, number = UNITS[code].split(":")
    return AdminUnit.objects.get(scheme=scheme, code=number)


def _actor(login):
    if login == "SYSTEM":
        return authority.SYSTEM
    if login == "anonymous":
        return AnonymousUser()
    return get_user_model().objects.get(username=login)


def _step_role(action, on):
    if not action.startswith("recognition.") or action.split(".")[1] not in workflow.ACTION_NAMES:
        return None
    try:
        procedure = workflow.procedure_on(on)
    except Exception:
        return None
    roles = {role for (state, a), (to, role) in procedure.transitions.items() if a == action.split(".")[1]}
    return roles.pop() if len(roles) == 1 else None


def _days(action):
    days = {d for d in table.change_dates(action) if d.year < 9999} | {dt.date(2026, 12, 1)}
    return sorted(days)


def _contexts(login, unit):
    """The producer or the council the act concerns, for the producer's and the members' roles."""
    if login == "chuthe.namthuong":
        mine = Producer.objects.filter(members__username=login).first()
        other = Producer.objects.exclude(pk=mine.pk).filter(commune=unit).first() if unit is not None else None
        return {"producer": mine if unit is not None and unit.pk == mine.commune_id else other}
    if login == "hoidong.kimboi":
        return {"council": Round.objects.filter(unit=unit).first()} if unit is not None else {}
    return {}


CASES = []


@pytest.mark.parametrize("action", sorted(table.table()))
def test_action_matrix(action):
    failures = []
    cases = 0
    for login, (role, levels) in LOGINS.items():
        actor = _actor(login)
        for level, (inside, outside) in levels.items():
            for where, code in (("in", inside), ("out", outside)):
                if code == "none":
                    continue
                unit = _unit(code)
                for on in _days(action):
                    step_role = _step_role(action, on)
                    row = table.grant(action, role=role, level=level, on=on, step_role=step_role)
                    expected = row is not None and (where == "in" or row.role == "public")  # public: anywhere
                    cases += 1
                    try:
                        authority.authorize(actor, action, unit=unit, on=on, step_role=step_role,
                                            **_contexts(login, unit))  # fmt: skip
                        got = True
                    except authority.NotAuthorised as exc:
                        got = False
                        name = table.action_get(action).name_vi
                        if name not in exc.message_vi or f"{on:%d/%m/%Y}" not in exc.message_vi:
                            failures.append((login, level, where, on, "message", exc.message_vi))
                        if exc.action != action:
                            failures.append((login, level, where, on, "action", exc.action))
                    if got != expected:
                        failures.append((login, level, where, on, f"expected {expected}", f"got {got}"))
    CASES.append(cases)
    assert cases > 0
    assert not failures, failures[:10]
