"""Every transition both ways: the role the table names, over the commune, may act; every other
login is refused by the authority table (NotAuthorised, a PermissionDeniedError) naming the action, the
commune and the reason, and nothing changes."""

import datetime as dt

import pytest

from tamnong.accounts.authority import NotAuthorised
from tamnong.core.errors import PermissionDeniedError
from tamnong.recognition import services, workflow
from tamnong.recognition.services import ItemChange, dossier_transition

from .conftest import AS_OF, user

D = dt.date
OTHERS = ["xa.binhson", "huyen.kimboi", "thixa.kinhmon", "tinh.hoabinh", "xem.hoabinh", "trunguong", "xa.namthuong"]

# state to reach → the steps that reach it from the demo's "submitted"
PATHS = {
    "submitted": [],
    "returned": [("return", "huyen.kimboi", {"reasons": {"3.1": "x"}})],
    "verified": [("verify", "huyen.kimboi", {})],
    "appraised": [("verify", "huyen.kimboi", {}), ("appraise", "tinh.hoabinh", {})],
    "recognised": [("verify", "huyen.kimboi", {}), ("appraise", "tinh.hoabinh", {}),
                   ("recognise", "tinh.hoabinh", {"decision_number": "1/QĐ-UBND", "decision_date": D(2024, 4, 5)})],
}  # fmt: skip
EXTRA = {
    "return": {"reasons": {"3.1": "Thiếu minh chứng"}},
    "refuse": {"note": "Chưa đạt"},
    "recognise": {"decision_number": "2/QĐ-UBND", "decision_date": D(2024, 4, 10)},
    "revoke": {"decision_number": "3/QĐ-UBND", "decision_date": D(2024, 4, 10), "note": "Không duy trì"},
}
# (state, action, the login allowed) — every row of the three-level table
CASES = [
    ("returned", "submit", "xa.namthuong"),
    ("submitted", "verify", "huyen.kimboi"),
    ("submitted", "return", "huyen.kimboi"),
    ("verified", "appraise", "tinh.hoabinh"),
    ("verified", "return", "tinh.hoabinh"),
    ("verified", "refuse", "tinh.hoabinh"),
    ("appraised", "recognise", "tinh.hoabinh"),
    ("appraised", "return", "tinh.hoabinh"),
    ("appraised", "refuse", "tinh.hoabinh"),
    ("recognised", "revoke", "tinh.hoabinh"),
]


def test_the_cases_cover_the_whole_table():
    rows = {(s, a) for s, a, _ in CASES} | {("draft", "submit")}
    assert rows == set(workflow.THREE_LEVELS)


def _reach(dossier, state):
    for action, who, extra in PATHS[state]:
        dossier = dossier_transition(dossier=dossier, action=action, actor=user(who), on=D(2024, 4, 1),
                                     expected_version=dossier.version, **extra)  # fmt: skip
    return dossier


@pytest.mark.parametrize(("state", "action", "allowed"), CASES)
def test_only_the_role_of_the_table_may_act(dossier, state, action, allowed):
    dossier = _reach(dossier, state)
    version = dossier.version
    for other in [name for name in OTHERS if name != allowed]:
        with pytest.raises(NotAuthorised) as err:
            dossier_transition(dossier=dossier, action=action, actor=user(other), on=D(2024, 4, 10),
                               expected_version=version, **EXTRA.get(action, {}))  # fmt: skip
        assert isinstance(err.value, PermissionDeniedError) and "Xã Nam Thượng" in err.value.message_vi
        assert err.value.action == f"recognition.{action}" and "10/04/2024" in err.value.message_vi
    dossier.refresh_from_db()
    assert (dossier.state, dossier.version) == (state, version)
    dossier = dossier_transition(dossier=dossier, action=action, actor=user(allowed), on=D(2024, 4, 10),
                                 expected_version=version, **EXTRA.get(action, {}))  # fmt: skip
    assert dossier.state == workflow.THREE_LEVELS[(state, action)][0]


def test_only_the_communes_own_officer_opens_and_edits_its_dossier(nam_thuong, dossier):
    for other in ["xa.binhson", "huyen.kimboi", "tinh.hoabinh", "xem.hoabinh"]:
        with pytest.raises(NotAuthorised):
            services.dossier_create(commune=nam_thuong, tier="model", on=AS_OF, actor=user(other))
    dossier = _reach(dossier, "returned")
    for other in ["xa.binhson", "huyen.kimboi", "tinh.hoabinh"]:
        with pytest.raises(NotAuthorised):
            services.dossier_items_update(dossier=dossier, changes={"3.1": ItemChange(value="90")}, actor=user(other),
                                          on=D(2024, 4, 2), expected_version=dossier.version)  # fmt: skip
    services.dossier_items_update(dossier=dossier, changes={"3.1": ItemChange(value="90")}, actor=user("xa.namthuong"),
                                  on=D(2024, 4, 2), expected_version=dossier.version)  # fmt: skip
    assert (
        services.dossier_create(commune=nam_thuong, tier="model", on=AS_OF, actor=user("xa.namthuong")).state == "draft"
    )


def test_after_july_2025_the_new_province_acts_and_the_old_district_cannot(dossier):
    with pytest.raises(NotAuthorised):
        dossier_transition(dossier=dossier, action="appraise", actor=user("huyen.kimboi"), on=D(2025, 7, 2),
                           expected_version=dossier.version)  # fmt: skip
    dossier = dossier_transition(dossier=dossier, action="appraise", actor=user("tinh.phutho"), on=D(2025, 7, 2),
                                 expected_version=dossier.version)  # fmt: skip
    assert dossier.state == "appraised"
