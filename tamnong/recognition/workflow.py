"""The recognition workflow as data: the states, the transitions of each procedure, and which
procedure applies on a date (the levels changed when districts were abolished on 1 July 2025).

Pure: no database. `transition_for(state, action, on)` returns the row of the table or raises the
named error; the services ask tamnong.accounts.authority whether the actor holds the row's `role`
over the commune on that date (`recognition.<action>` with `step_role`). Each procedure's table is a
workflow of tamnong.core.workflow (WORKFLOWS), the one mechanism of every workflow of Tamnông.

Sources (docs/legal/regulations.md): #s7.3 for the steps (commune self-assessment and residents'
satisfaction → district verification (thẩm tra) → provincial appraisal (thẩm định) → decision by the
Chairman of the provincial People's Committee); §2 for the two-tier government from 01/07/2025 (no
district level). How 18/2022's procedure was adapted once the district step disappeared is not yet
sourced (§7.3, §13): the two-level table below is our reading (commune → province), marked inferred.
Public posting (niêm yết) of the dossier or results is not in the sources either, so it is not
modelled; the announcement (công bố) follows the decision and is outside the dossier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy

from tamnong.core import workflow as flow
from tamnong.core.errors import DomainError
from tamnong.rules.loader.dated import in_period
from tamnong.rules.loader.recognition import load_procedures
from tamnong.rules.working_days import WorkingDay, add_working_days

DATA = Path(__file__).parent / "data"

# Roles (values of tamnong.accounts.models.Role), kept as text so that this module stays pure.
COMMUNE, DISTRICT, PROVINCE = "commune_officer", "district_office", "province_office"

STATE_NAMES = {
    "draft": ("nháp", "draft"),
    "submitted": ("đã nộp", "submitted"),
    "verified": ("huyện đã thẩm tra", "verified by the district"),
    "appraised": ("tỉnh đã thẩm định", "appraised by the province"),
    "returned": ("trả lại để hoàn thiện", "returned for corrections"),
    "recognised": ("đã công nhận", "recognised"),
    "refused": ("không công nhận", "refused"),
    "revoked": ("đã thu hồi quyết định công nhận", "recognition revoked"),
}

ACTION_NAMES = {
    "submit": ("nộp hồ sơ", "submit"),
    "verify": ("thẩm tra (cấp huyện)", "verify (district)"),
    "appraise": ("thẩm định (cấp tỉnh)", "appraise (province)"),
    "return": ("trả lại kèm lý do", "return with reasons"),
    "recognise": ("công nhận", "recognise"),
    "refuse": ("không công nhận", "refuse"),
    "revoke": ("thu hồi quyết định công nhận", "revoke the recognition"),
}

# (state, action) → (next state, role that may act). One table per procedure.
THREE_LEVELS = {
    ("draft", "submit"): ("submitted", COMMUNE),
    ("returned", "submit"): ("submitted", COMMUNE),
    ("submitted", "verify"): ("verified", DISTRICT),
    ("submitted", "return"): ("returned", DISTRICT),
    ("verified", "appraise"): ("appraised", PROVINCE),
    ("verified", "return"): ("returned", PROVINCE),
    ("verified", "refuse"): ("refused", PROVINCE),
    ("appraised", "recognise"): ("recognised", PROVINCE),
    ("appraised", "return"): ("returned", PROVINCE),
    ("appraised", "refuse"): ("refused", PROVINCE),
    ("recognised", "revoke"): ("revoked", PROVINCE),
}
TWO_LEVELS = {
    ("draft", "submit"): ("submitted", COMMUNE),
    ("returned", "submit"): ("submitted", COMMUNE),
    ("submitted", "appraise"): ("appraised", PROVINCE),
    ("submitted", "return"): ("returned", PROVINCE),
    ("submitted", "refuse"): ("refused", PROVINCE),
    ("appraised", "recognise"): ("recognised", PROVINCE),
    ("appraised", "return"): ("returned", PROVINCE),
    ("appraised", "refuse"): ("refused", PROVINCE),
    ("recognised", "revoke"): ("revoked", PROVINCE),
}


@dataclass(frozen=True)
class Procedure:
    id: str
    valid_from: dt.date
    levels: tuple[str, ...]
    transitions: dict
    basis: str
    reference: str
    valid_until: dt.date | None = None
    deadlines: dict = field(default_factory=dict)  # state → StepDeadline (working days, or unknown)


# The transition table of each procedure, by the id its dates and deadlines carry in
# tamnong/rules/data/recognition/procedures.yaml.
TABLES = {"commune-district-province": THREE_LEVELS, "commune-province": TWO_LEVELS}


def _procedures() -> tuple[Procedure, ...]:
    out = []
    for data in load_procedures(frozenset(STATE_NAMES)):
        table = TABLES[data.id]
        if tuple(data.levels) != tuple(dict.fromkeys(_LEVEL_OF[role] for _, role in table.values())):
            raise ValueError(f"procedure {data.id}: the levels of the data and of the table differ")
        out.append(Procedure(
            id=data.id, valid_from=data.valid_from, levels=data.levels, transitions=table, basis=data.cited.basis,
            reference=data.cited.reference, valid_until=data.valid_until, deadlines=data.deadlines,
        ))  # fmt: skip
    return tuple(out)


_LEVEL_OF = {COMMUNE: "commune", DISTRICT: "district", PROVINCE: "province"}
PROCEDURES = _procedures()

TERMINAL = {"refused", "revoked"}
CLOSED = {"recognised", "refused", "revoked"}


class TransitionNotAllowed(flow.TransitionRefused):
    """The action does not exist from the dossier's state under the procedure of the date."""

    @property
    def action(self) -> str:
        return self.act


class UnknownAction(flow.UnknownAct):
    """An action the workflow does not have."""

    @property
    def action(self) -> str:
        return self.act


class DossierIncomplete(DomainError):
    """Submission refused: documents missing or conditions failed (listed in the message)."""


class ItemNotReopened(DomainError):
    """A change of a dossier item that the dossier's state does not open."""


class ReasonsRequired(DomainError):
    """A return, refusal or revocation without its reasons."""


class DecisionRequired(DomainError):
    """A recognition or revocation without its decision number and date."""


def _states(transitions: dict) -> set[str]:
    return {state for (source, _), (target, _) in transitions.items() for state in (source, target)}


def _workflow(procedure: Procedure) -> flow.Workflow:
    """The procedure's table as a workflow of tamnong.core.workflow: each step is the authority table's
    `recognition.<action>`, for the role the row names (`step_role`). A dossier may still hold a state
    of an earlier procedure that this one does not have (verified by a district before 01/07/2025):
    `carried`; the table allows it no act."""
    levels = " → ".join(procedure.levels)
    earlier = set().union(*(_states(p.transitions) for p in PROCEDURES if p.valid_from < procedure.valid_from))
    carried = tuple(s for s in STATE_NAMES if s in earlier - _states(procedure.transitions))
    return flow.Workflow(
        f"recognition.{procedure.id}",
        states=STATE_NAMES,
        acts=ACTION_NAMES,
        initial={"draft": "recognition.dossier.create"},
        transitions=tuple(
            flow.Transition(state, action, to, f"recognition.{action}", role=role)
            for (state, action), (to, role) in procedure.transitions.items()
        ),
        carried=carried,
        refusal=flow.Phrase(
            f"Không thể «{{act}}» hồ sơ đang ở trạng thái «{{state}}» (quy trình {levels}). "
            "Thao tác được phép: {allowed}.",
            f"Cannot “{{act}}” a dossier in state “{{state}}” (procedure {levels}). Allowed: {{allowed}}.",
            field="action",
        ),
        unknown=flow.Phrase("Không có thao tác «{act}».", "No action “{act}”.", field="action"),
        refused=TransitionNotAllowed,
        unknown_error=UnknownAction,
    )


WORKFLOWS = {procedure.id: _workflow(procedure) for procedure in PROCEDURES}


def procedure_on(on: dt.date) -> Procedure:
    """The procedure in force on a date (the date of the act)."""
    current = None
    for procedure in PROCEDURES:
        if in_period(procedure.valid_from, procedure.valid_until, on):
            current = procedure
    if current is None:
        raise DomainError(
            gettext_lazy("No recognition procedure applies on %(on)s."),
            {"on": format(on, '%d/%m/%Y')},
            field="on",
        )
    return current


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    to: str
    role: str
    procedure: Procedure
    authority_action: str  # the authority table's action the step needs (with `role` as its step role)


def transition_for(state: str, action: str, on: dt.date) -> Transition:
    """The row of the table for this state and action on this date, or the named error."""
    procedure = procedure_on(on)
    row = WORKFLOWS[procedure.id].transition(state, action)
    return Transition(state, action, row.target, row.role, procedure, row.action)


def next_state(state: str, action: str, on: dt.date) -> str:
    return transition_for(state, action, on).to


def actions_from(state: str, on: dt.date) -> list[tuple[str, str]]:
    """(action, role) pairs possible from a state on a date, in the table's order."""
    return [(t.act, t.role) for t in WORKFLOWS[procedure_on(on).id].allowed(state)]


# Conditions of recognition, Decision 18/2022/QĐ-TTg (docs/legal/regulations.md#s3.3, verified). The first is
# computed from the dossier's evaluation; the other three are declared with their evidence.
CONDITIONS = (
    ("all_criteria_met", "Đạt đủ các tiêu chí của mức công nhận", "All criteria of the tier met", "computed"),
    (
        "satisfaction",
        "Mức độ hài lòng của người dân đạt tỷ lệ quy định (ngưỡng chưa có trong nguồn)",
        "Residents' satisfaction at the required rate (threshold not yet sourced)",
        "declared",
    ),
    (
        "no_construction_debt",
        "Không có nợ đọng xây dựng cơ bản trong xây dựng nông thôn mới",
        "No outstanding capital-construction debt under the NTM programme",
        "declared",
    ),
    (
        "security_order",
        "Không thuộc diện phức tạp về an ninh, trật tự (theo Bộ Công an)",
        "Not complex in security and order (as the Ministry of Public Security defines it)",
        "declared",
    ),
)
CONDITIONS_REFERENCE = "QĐ 18/2022/QĐ-TTg (regulations §3.3; langngheviet 25687 và 33991)"


@cache
def documents_data() -> dict:
    return yaml.safe_load((DATA / "documents.yaml").read_text(encoding="utf-8"))


def documents_for(edition_id: str, tier: str) -> tuple[dict, list[dict]]:
    """(the list's status for the edition, the documents of the tier)."""
    edition = documents_data()["editions"].get(edition_id)
    if edition is None:
        return {"status": "unknown", "reason_vi": "Chưa có danh mục hồ sơ cho bộ tiêu chí này.",
                "reason_en": "No dossier list for this criteria set yet."}, []  # fmt: skip
    return edition, list(edition["tiers"].get(tier) or [])


def deadline(state: str, since: dt.date) -> WorkingDay | None:
    """The working deadline of the step a dossier is in since a date, counted in working days (with what
    the holiday calendar does not cover), or None when no limit is sourced."""
    step = procedure_on(since).deadlines.get(state)
    if step is None or step.working_days is None:
        return None
    return add_working_days(since, step.working_days)


def due_on(state: str, since: dt.date) -> dt.date | None:
    """The day the working deadline of the step falls on, or None when no limit is sourced."""
    found = deadline(state, since)
    return found.on if found else None
