"""A criteria version's workflow as a table (tamnong.core.workflow): an office drafts it (changes it
while a draft or once returned), submits it, and a second officer approves it or returns it to its
author. An approved version never changes. Each transition names the action of the authority table
(`criteria.version.*`) that the service authorises at its entry; approving and returning are refused
to the officer who drafted or submitted the version (four eyes).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tamnong.core.errors import PermissionDeniedError
from tamnong.core.workflow import Phrase, Transition, Workflow

DRAFT, SUBMITTED, APPROVED, RETURNED = "draft", "submitted", "approved", "returned"
CREATE, CHANGE, SUBMIT = "criteria.version.create", "criteria.version.change", "criteria.version.submit"
APPROVE, RETURN = "criteria.version.approve", "criteria.version.return"


def is_second_officer(version, user) -> bool:
    """Four eyes: whether `user` is neither the officer who drafted the version nor the one who
    submitted it (the guard below, the review page and the home block all ask this)."""
    return user.pk not in (version.created_by_id, version.submitted_by_id)


def second_officer(version, actor) -> None:
    """The guard of a review: never by the officer who drafted or submitted the version (HTTP 403)."""
    if not is_second_officer(version, actor):
        raise PermissionDeniedError(
            _("The officer who drafted or submitted a version cannot review it: a second officer must."),
        )


_NOT_EDITABLE = Phrase(
    "Phiên bản đang ở trạng thái «{state}»: không sửa được nữa. Hãy tạo phiên bản mới.",
    "The version is “{state}”: it can no longer change. Create a new version.",
)
_NOT_SUBMITTED = Phrase(
    "Chỉ duyệt được phiên bản đã trình; phiên bản này đang ở trạng thái «{state}».",
    "Only a submitted version can be reviewed; this one is “{state}”.",
)

VERSION = Workflow(
    "criteria.version",
    states={
        DRAFT: ("bản nháp", "draft"),
        SUBMITTED: ("đã trình duyệt", "submitted for review"),
        APPROVED: ("đã duyệt", "approved"),
        RETURNED: ("đã trả lại người soạn", "returned to its author"),
    },
    acts={
        "change": ("sửa", "change"),
        "submit": ("trình duyệt", "submit"),
        "approve": ("duyệt", "approve"),
        "return": ("trả lại người soạn", "return to its author"),
    },
    initial={DRAFT: CREATE},
    transitions=(
        Transition(DRAFT, "change", DRAFT, CHANGE),
        Transition(RETURNED, "change", RETURNED, CHANGE),
        Transition(DRAFT, "submit", SUBMITTED, SUBMIT),
        Transition(RETURNED, "submit", SUBMITTED, SUBMIT),
        Transition(SUBMITTED, "approve", APPROVED, APPROVE, guard=second_officer),
        Transition(SUBMITTED, "return", RETURNED, RETURN, guard=second_officer),
    ),
    refusals={"change": _NOT_EDITABLE, "submit": _NOT_EDITABLE, "approve": _NOT_SUBMITTED, "return": _NOT_SUBMITTED},
)
