"""The OCOP workflows as tables (tamnong.core.workflow): a product's registration for a year, a
producer's change request, and a council (an evaluation round). Each transition names the action of
the authority table that the service authorises at its entry; the refusals name the state and the act.

A council has no status field: it is open until its decision (`decided_on`), and a reopening makes it
open again; `round_state` reads it. Scoring, appointing members and putting products before it are
acts of an open council that leave it open.
"""

from __future__ import annotations

from tamnong.core.workflow import Phrase, Transition, Workflow

# -- a product's registration for a year's evaluation -----------------------------------------------

REGISTERED, PROPOSED, RETURNED, EVALUATED, WITHDRAWN = "registered", "proposed", "returned", "evaluated", "withdrawn"
WITHDRAW, PRECHECK, SCORE = "ocop.registration.withdraw", "ocop.registration.precheck", "ocop.sheet.score"

REGISTRATION = Workflow(
    "ocop.registration",
    states={
        REGISTERED: ("đã đăng ký", "registered"),
        PROPOSED: ("xã đã sơ loại và đề xuất", "pre-checked and proposed by the commune"),
        RETURNED: ("xã trả hồ sơ", "returned by the commune"),
        EVALUATED: ("đã đánh giá", "evaluated"),
        WITHDRAWN: ("đã rút", "withdrawn"),
    },
    acts={
        "withdraw": ("rút đăng ký", "withdraw"),
        "propose": ("sơ loại và đề xuất", "pre-check and propose"),
        "return": ("trả hồ sơ", "return the dossier"),
        "evaluate": ("đánh giá tại hội đồng", "evaluate before a council"),
    },
    initial={REGISTERED: "ocop.registration.create"},
    transitions=(
        Transition(REGISTERED, "withdraw", WITHDRAWN, WITHDRAW),
        Transition(PROPOSED, "withdraw", WITHDRAWN, WITHDRAW),
        Transition(RETURNED, "withdraw", WITHDRAWN, WITHDRAW),
        # The commune's pre-check (Decision 1489/2025): a returned dossier may be pre-checked again.
        Transition(REGISTERED, "propose", PROPOSED, PRECHECK),
        Transition(REGISTERED, "return", RETURNED, PRECHECK),
        Transition(RETURNED, "propose", PROPOSED, PRECHECK),
        Transition(RETURNED, "return", RETURNED, PRECHECK),
        # A council's result for the product in the registration's year (a member's sheet recomputes it).
        Transition(REGISTERED, "evaluate", EVALUATED, SCORE),
        Transition(PROPOSED, "evaluate", EVALUATED, SCORE),
    ),
    refusals={
        "withdraw": Phrase(
            "Đăng ký năm {year} của {product} đang ở trạng thái «{state}»: không rút được.",
            "The {year} registration of {product} is “{state}”: it cannot be withdrawn.",
        ),
        "propose": Phrase(
            "Đăng ký của {product} đang ở trạng thái «{state}»: không sơ loại lại.",
            "The registration of {product} is “{state}”: it is not pre-checked again.",
        ),
        "return": Phrase(
            "Đăng ký của {product} đang ở trạng thái «{state}»: không sơ loại lại.",
            "The registration of {product} is “{state}”: it is not pre-checked again.",
        ),
    },
)

# -- a producer's request to change its record or a product's page ----------------------------------

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
REVIEW = "ocop.producer.change_review"

PRODUCER_CHANGE = Workflow(
    "ocop.producer_change",
    states={
        PENDING: ("chờ văn phòng duyệt", "waiting for the office"),
        APPROVED: ("đã duyệt", "approved"),
        REJECTED: ("đã từ chối", "rejected"),
    },
    acts={"approve": ("duyệt", "approve"), "reject": ("từ chối", "reject")},
    initial={PENDING: "ocop.producer.change_request"},
    transitions=(Transition(PENDING, "approve", APPROVED, REVIEW), Transition(PENDING, "reject", REJECTED, REVIEW)),
    refusal=Phrase(
        "Yêu cầu này đã được xử lý («{state}»): không «{act}» lại được.",
        "This request was already reviewed (“{state}”): “{act}” is no longer possible.",
    ),
)

# -- a council (an evaluation round) ------------------------------------------------------------------

OPEN, DECIDED = "open", "decided"

COUNCIL_ROUND = Workflow(
    "ocop.round",
    states={OPEN: ("chưa quyết định", "open"), DECIDED: ("đã quyết định", "decided")},
    acts={
        "members": ("cử thành viên hội đồng", "appoint the council's members"),
        "entries": ("đưa sản phẩm ra hội đồng", "put products before the council"),
        "score": ("chấm điểm", "score"),
        "decide": ("ghi quyết định của hội đồng", "record the council's decision"),
        "reopen": ("mở lại hội đồng", "reopen the council"),
    },
    initial={OPEN: "ocop.round.create"},
    transitions=(
        Transition(OPEN, "members", OPEN, "ocop.round.members"),
        Transition(OPEN, "entries", OPEN, "ocop.round.entries"),
        Transition(OPEN, "score", OPEN, SCORE),
        Transition(OPEN, "decide", DECIDED, "ocop.round.decide"),
        Transition(DECIDED, "reopen", OPEN, "ocop.round.reopen"),
    ),
    refusal=Phrase(
        "Hội đồng «{name}» đã quyết định ngày {decided_on:%d/%m/%Y}: các phiếu đã khóa, không «{act}» được nữa. "
        "Muốn thay đổi, văn phòng của hội đồng phải mở lại hội đồng, ghi rõ lý do.",
        "The council “{name}” decided on {decided_on:%d/%m/%Y}: its sheets are locked; “{act}” is no longer "
        "possible. A change needs the council's office to reopen it, with a reason.",
        field="round",
    ),
    refusals={
        "reopen": Phrase("Hội đồng «{name}» chưa quyết định.", "“{name}” has not decided.", field="round"),
    },
)


def round_state(round_) -> str:
    """A council's state: decided once its decision is recorded, open until then (or once reopened)."""
    return OPEN if round_.decided_on is None else DECIDED
