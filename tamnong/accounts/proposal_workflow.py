"""A provincial office's proposal of commune groups (Decision 51/2025) or regions (Decision 318/2022)
as a workflow table (tamnong.core.workflow): proposed, then approved or returned by a second officer
of the province (never the proposer). One table per attribute, as each has its own actions in the
authority table; a returned proposal stays returned (the office proposes again).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tamnong.core.errors import PermissionDeniedError
from tamnong.core.workflow import Phrase, Transition, Workflow

PROPOSED, APPROVED, RETURNED = "proposed", "approved", "returned"


def is_second_officer(proposal, user) -> bool:
    """Four eyes: whether `user` is not the officer who proposed (the guard below and the page ask this)."""
    return user.pk != proposal.proposed_by_id


def second_officer(proposal, actor) -> None:
    """The guard of a review: never by the officer who proposed (HTTP 403)."""
    if not is_second_officer(proposal, actor):
        raise PermissionDeniedError(
            _("The officer who proposed cannot approve it: a second officer of the province must."),
        )


def _proposal(attribute: str) -> Workflow:
    propose, approve = f"places.{attribute}.propose", f"places.{attribute}.approve"
    return Workflow(
        f"places.{attribute}.proposal",
        states={
            PROPOSED: ("đang chờ duyệt", "awaiting approval"),
            APPROVED: ("đã duyệt", "approved"),
            RETURNED: ("đã trả lại người đề xuất", "returned to the proposer"),
        },
        acts={"approve": ("duyệt", "approve"), "return": ("trả lại", "return")},
        initial={PROPOSED: propose},
        transitions=(
            Transition(PROPOSED, "approve", APPROVED, approve, guard=second_officer),
            Transition(PROPOSED, "return", RETURNED, approve, guard=second_officer),
        ),
        refusal=Phrase(
            "Đề xuất này đã được xem xét rồi («{state}»): không «{act}» được nữa.",
            "This proposal has already been reviewed (“{state}”): “{act}” is no longer possible.",
        ),
    )


# Keyed by the attribute (tamnong.places.models.UnitAttribute's values).
PROPOSAL = {"commune_group": _proposal("commune_group"), "region": _proposal("region")}
