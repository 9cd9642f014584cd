"""One workflow mechanism (tamnong.core.workflow): the mechanism itself, each table of Tamnông is
consistent (every state reached, every action in the authority table and declared by a service, the
states those the model stores), and no service moves a record by comparing its status by hand."""

import importlib
import re
from pathlib import Path

import pytest

from tamnong.accounts import authority
from tamnong.core.errors import PermissionDeniedError
from tamnong.core.workflow import REGISTRY, Phrase, Transition, TransitionRefused, UnknownAct, Workflow, WorkflowMisuse
from tamnong.rules import authority as table

ROOT = Path(__file__).resolve().parents[2] / "tamnong"

# -- the mechanism, on a table of its own -------------------------------------------------------------


def _lamp(**kwargs) -> Workflow:
    return Workflow(
        "tests.lamp",
        states={"off": ("tắt", "off"), "on": ("bật", "on"), "broken": ("hỏng", "broken")},
        acts={"switch_on": ("bật đèn", "switch on"), "switch_off": ("tắt đèn", "switch off"), "break": ("làm hỏng", "break")},
        initial={"off": "orders.order.create"},
        transitions=(
            Transition("off", "switch_on", "on", "orders.status.change", **kwargs),
            Transition("on", "switch_off", "off", "orders.status.change"),
            Transition("on", "break", "broken", "orders.bank_account.save"),
        ),
    )  # fmt: skip


@pytest.fixture
def lamp():
    yield _lamp()
    REGISTRY.pop("tests.lamp")


class _Grant:
    def __init__(self, action, actor=None):
        self.action, self.actor = action, actor


def test_an_allowed_act_gives_its_row_and_a_refused_one_names_the_state_and_the_act(lamp):
    row = lamp.transition("off", "switch_on")
    assert (row.target, row.action) == ("on", "orders.status.change")
    with pytest.raises(TransitionRefused) as info:
        lamp.transition("broken", "switch_on")
    assert (
        info.value.message_vi
        == "Không thể «bật đèn» khi đang ở trạng thái «hỏng». Thao tác được phép: không có thao tác nào."
    )
    assert info.value.message_en == "Cannot “switch on” in state “broken”. Allowed: none."
    assert (info.value.state, info.value.act, info.value.field) == ("broken", "switch_on", "status")
    with pytest.raises(TransitionRefused) as info:
        lamp.transition("on", "switch_on")
    assert "Thao tác được phép: tắt đèn, làm hỏng." in info.value.message_vi  # in the table's order
    with pytest.raises(UnknownAct, match="dim"):
        lamp.transition("on", "dim")


def test_a_phrase_of_the_act_and_the_services_context_say_more(lamp):
    flow = Workflow(
        "tests.lamp", states=lamp.states, acts=lamp.acts, initial=lamp.initial, transitions=lamp.transitions,
        refusals={"break": Phrase("Đèn {room} đang «{state}»: không «{act}» được.", "The {room} lamp is “{state}”.",
                                  field="lamp")},
    )  # fmt: skip
    with pytest.raises(TransitionRefused) as info:
        flow.transition("off", "break", room="bếp")
    assert (info.value.message_vi, info.value.field) == ("Đèn bếp đang «tắt»: không «làm hỏng» được.", "lamp")


def test_a_grant_of_another_action_cannot_move_the_record(lamp):
    assert lamp.transition("on", "break", grant=_Grant("orders.bank_account.save")).target == "broken"
    with pytest.raises(WorkflowMisuse):
        lamp.transition("on", "break", grant=_Grant("orders.status.change"))


def test_a_guard_refuses_with_its_own_error_after_the_state_is_checked():
    def not_on_sunday(record, actor):
        if record == "sunday":
            raise PermissionDeniedError("Not on Sundays.")

    flow = _lamp(guard=not_on_sunday)
    try:
        assert flow.transition("off", "switch_on", record="monday").target == "on"
        with pytest.raises(PermissionDeniedError):
            flow.transition("off", "switch_on", record="sunday")
        with pytest.raises(TransitionRefused):  # the state first
            flow.transition("on", "switch_on", record="sunday")
    finally:
        REGISTRY.pop("tests.lamp")


def test_problems_finds_an_unreached_state_and_an_unknown_act():
    flow = Workflow(
        "tests.broken", states={"a": ("a", "a"), "b": ("b", "b"), "c": ("c", "c")}, acts={"go": ("đi", "go")},
        initial={"a": "orders.order.create"},
        transitions=(Transition("a", "go", "b", "orders.status.change"), Transition("b", "fly", "a", "x")),
    )  # fmt: skip
    try:
        problems = flow.problems()
    finally:
        REGISTRY.pop("tests.broken")
    assert any("'fly' is not an act" in p for p in problems)
    assert any("'c' is never reached" in p for p in problems)


# -- Tamnông's workflows -----------------------------------------------------------------------------

FLOWS = {
    "orders.order": "tamnong.orders.models.OrderStatus",
    "ocop.registration": "tamnong.ocop.models.RegistrationStatus",
    "ocop.producer_change": "tamnong.ocop.models.ChangeStatus",
    "ocop.round": None,  # no status field: open until decided_on (tamnong.ocop.workflows.round_state)
    "recognition.commune-district-province": "tamnong.recognition.models.State",
    "recognition.commune-province": "tamnong.recognition.models.State",
    "criteria.version": "tamnong.criteria.models.VersionStatus",
    "places.commune_group.proposal": "tamnong.places.models.ProposalStatus",
    "places.region.proposal": "tamnong.places.models.ProposalStatus",
}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)


def _workflows() -> dict[str, Workflow]:
    """Every workflow Tamnông declares: the modules that use the mechanism, imported."""
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "core.workflow import" in text or "core import workflow" in text:
            importlib.import_module(_module(path))
    return {name: flow for name, flow in REGISTRY.items() if not name.startswith("tests.")}


def _services():
    """Every module with a write service (@authority.acts), imported: their declared actions."""
    for path in sorted(ROOT.rglob("*.py")):
        if "@authority.acts" in path.read_text(encoding="utf-8"):
            importlib.import_module(_module(path))
    return {a for actions in authority.REGISTRY.values() for a in actions}


def test_the_six_flows_and_the_unit_proposals_use_the_one_mechanism():
    assert set(_workflows()) == set(FLOWS)


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_each_table_is_consistent_and_its_actions_are_in_the_authority_table(name):
    flow = _workflows()[name]
    assert flow.problems() == []
    declared = _services()
    for action in sorted(flow.actions()):
        table.action_get(action)  # raises UnknownAction for an action the table does not have
        assert action in declared, f"{name}: no service declares {action} with @authority.acts"
    for t in flow.transitions:
        assert t.role is None or t.role in table.ROLES, (name, t)
    if FLOWS[name]:
        module, _, cls = FLOWS[name].rpartition(".")
        assert set(flow.states) == set(getattr(importlib.import_module(module), cls).values)


# -- no second way: a service compares no status by hand -------------------------------------------------

AD_HOC = re.compile(
    r"\.(status|state)\s*[!=]="  # dossier.state == …, change.status != …
    r"|\.(status|state)\s+(not\s+)?in\b"  # registration.status not in (…)
    r"|\b(status|state)\s+(not\s+)?in\s+[\(\[{A-Z]"  # status not in TRANSITIONS[…]
    r"|\b(status|state)__in\s*=\s*[\(\[]"  # .filter(status__in=(REGISTERED, PROPOSED))
)
# Comparisons that move no record, each with its reason: (the module's path, or its end, the line's
# text, why).
ALLOWED = [
    ("tamnong/trace/services.py", "standing.state not in IN_FORCE",
     "a certificate's standing on a date, derived from its dates (tamnong.ocop.selectors), not a workflow state"),
    ("tamnong/orders/services.py", "standing.state not in IN_FORCE",
     "a certificate's standing on a date, derived from its dates: an ordered product must be certified"),
    ("tamnong/orders/personal_data.py", "email.status != EmailStatus.SENT",
     "the outbox's delivery state of an email (set by the sending job), read to report it"),
    ("authoring.py", "if v.status == VersionStatus.APPROVED:",
     "read-only: the approved versions of a release, listed"),
    ("authoring.py", "if version.status == VersionStatus.APPROVED:",
     "read-only: an approved version's review page compares it with the version before it"),
    ("tamnong/recognition/services.py", "if dossier.state == State.DRAFT:",
     "which items a dossier's state opens to `recognition.dossier.edit` (all in a draft), not a transition"),
    ("tamnong/recognition/services.py", "if dossier.state != State.RETURNED:",
     "which items a dossier's state opens (none out of draft and returned), not a transition"),
    ("tamnong/recognition/services.py", "if dossier.state == State.RETURNED:",
     "the wording of the refusal of an item the return did not reopen, not a transition"),
]  # fmt: skip


def _ad_hoc() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "@authority.acts" not in text or path.name == "authority.py":
            continue
        for line in text.splitlines():
            code = line.split("#", 1)[0]
            if AD_HOC.search(code):
                found.append((str(path.relative_to(ROOT.parent)), line.strip()))
    return found


def _listed(module: str, line: str) -> bool:
    return any((module == m or module.endswith(f"/{m}")) and fragment in line for m, fragment, _ in ALLOWED)


def test_no_service_compares_a_status_outside_the_workflow_tables():
    unexplained = [f"{module}: {line}" for module, line in _ad_hoc() if not _listed(module, line)]
    assert not unexplained, (
        "a service decides a transition by comparing a status; declare it in the workflow table "
        f"(tamnong.core.workflow) instead: {unexplained}"
    )


def test_every_allowed_comparison_is_still_there():
    found = _ad_hoc()
    stale = [
        (m, f)
        for m, f, _ in ALLOWED
        if not any((module == m or module.endswith(f"/{m}")) and f in line for module, line in found)
    ]
    assert not stale, f"remove these from ALLOWED: {stale}"


def test_the_guard_sees_an_ad_hoc_check():
    assert AD_HOC.search("    if registration.status not in (RegistrationStatus.REGISTERED,):")
    assert AD_HOC.search("    if change.status != ChangeStatus.PENDING:")
    assert AD_HOC.search("    if status not in TRANSITIONS[order.status]:")
    assert AD_HOC.search("        status__in=(RegistrationStatus.REGISTERED, RegistrationStatus.PROPOSED),")
    assert not AD_HOC.search('        status__in=REGISTRATION.sources("evaluate"),')
    assert not AD_HOC.search("    change.status = row.target")
