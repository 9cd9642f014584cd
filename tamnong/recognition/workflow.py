"""The recognition workflow as data: the states, the transitions of each procedure, and which
procedure applies on a date (the levels changed when districts were abolished on 1 July 2025).

Pure: no database. `transition_for(state, action, on)` returns the row of the table or raises the
named error; the services ask tamnong.accounts.authority whether the actor holds the row's `role`
over the commune on that date (`recognition.<action>` with `step_role`).

Sources (shared/domain/regulations.md): §7.3 for the steps (commune self-assessment and residents'
satisfaction → district verification (thẩm tra) → provincial appraisal (thẩm định) → decision by the
Chairman of the provincial People's Committee); §2 for the two-tier government from 01/07/2025 (no
district level). How 18/2022's procedure was adapted once the district step disappeared is not yet
sourced (§7.3, §13): the two-level table below is our reading (commune → province), marked inferred.
Public posting (niêm yết) of the dossier or results is not in the sources either, so it is not
modelled; the announcement (công bố) follows the decision and is outside the dossier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

from tamnong.core.errors import DomainError
from tamnong.core.i18n import Bilingual

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


PROCEDURES = (
    Procedure(
        id="commune-district-province",
        valid_from=dt.date(2022, 1, 1),
        levels=("commune", "district", "province"),
        transitions=THREE_LEVELS,
        basis="sourced",
        reference="QĐ 18/2022/QĐ-TTg; các bước xã → huyện (thẩm tra) → tỉnh (thẩm định, Chủ tịch UBND tỉnh quyết định), "
        "regulations §7.3",
    ),
    Procedure(
        id="commune-province",
        valid_from=dt.date(2025, 7, 1),
        levels=("commune", "province"),
        transitions=TWO_LEVELS,
        basis="inferred",
        reference="Chính quyền địa phương hai cấp từ 01/07/2025, không còn cấp huyện (regulations §2); thủ tục điều chỉnh "
        "chưa có trong nguồn (§7.3, §13)",
    ),
)

TERMINAL = {"refused", "revoked"}
CLOSED = {"recognised", "refused", "revoked"}


class TransitionNotAllowed(DomainError):
    """The action does not exist from the dossier's state under the procedure of the date."""

    def __init__(self, state: str, action: str, procedure: Procedure):
        sv, se = STATE_NAMES.get(state, (state, state))
        av, ae = ACTION_NAMES.get(action, (action, action))
        allowed = sorted(a for (s, a) in procedure.transitions if s == state)
        allowed_vi = ", ".join(ACTION_NAMES[a][0] for a in allowed) or "không có thao tác nào"
        allowed_en = ", ".join(ACTION_NAMES[a][1] for a in allowed) or "none"
        super().__init__(
            _(
                "Cannot “%(ae)s” a dossier in state “%(se)s” (procedure %(procedure_levels)s). Allowed: "
                "%(allowed_en)s."
            ),
            {
                "ae": Bilingual(av, ae),
                "se": Bilingual(sv, se),
                "procedure_levels": ' → '.join(procedure.levels),
                "allowed_en": Bilingual(allowed_vi, allowed_en),
            },
            field="action",
        )
        self.state = state
        self.action = action


class UnknownAction(DomainError):
    def __init__(self, action: str):
        super().__init__(_("No action “%(action)s”."), {"action": action}, field="action")


class DossierIncomplete(DomainError):
    """Submission refused: documents missing or conditions failed (listed in the message)."""


class ItemNotReopened(DomainError):
    """A change of a dossier item that the dossier's state does not open."""


class ReasonsRequired(DomainError):
    """A return, refusal or revocation without its reasons."""


class DecisionRequired(DomainError):
    """A recognition or revocation without its decision number and date."""


def procedure_on(on: dt.date) -> Procedure:
    """The procedure in force on a date (the date of the act)."""
    current = None
    for procedure in PROCEDURES:
        if procedure.valid_from <= on:
            current = procedure
    if current is None:
        raise DomainError(
            _("No recognition procedure applies on %(on)s."),
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


def transition_for(state: str, action: str, on: dt.date) -> Transition:
    """The row of the table for this state and action on this date, or the named error."""
    if action not in ACTION_NAMES:
        raise UnknownAction(action)
    procedure = procedure_on(on)
    row = procedure.transitions.get((state, action))
    if row is None:
        raise TransitionNotAllowed(state, action, procedure)
    return Transition(state, action, row[0], row[1], procedure)


def next_state(state: str, action: str, on: dt.date) -> str:
    return transition_for(state, action, on).to


def actions_from(state: str, on: dt.date) -> list[tuple[str, str]]:
    """(action, role) pairs possible from a state on a date, in the table's order."""
    procedure = procedure_on(on)
    return [(a, row[1]) for (s, a), row in procedure.transitions.items() if s == state]


# Conditions of recognition, Decision 18/2022/QĐ-TTg (regulations §3.3, verified). The first is
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


@cache
def deadlines_data() -> dict:
    return yaml.safe_load((DATA / "deadlines.yaml").read_text(encoding="utf-8"))["steps"]


def due_on(state: str, since: dt.date) -> dt.date | None:
    """The working deadline of the step a dossier is in, or None when no limit is sourced."""
    step = deadlines_data().get(state)
    if not step or not step.get("days"):
        return None
    return since + dt.timedelta(days=step["days"])
