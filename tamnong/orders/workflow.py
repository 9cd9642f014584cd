"""An order's statuses as a workflow table (tamnong.core.workflow): new → confirmed → shipped → done;
cancelled from new or confirmed. The act is the status the producer moves the order to; every move
is the producer's `orders.status.change` (checked by tamnong.accounts.authority at the service's
entry); an order starts new when a buyer sends it (`orders.order.create`).
"""

from __future__ import annotations

from tamnong.core.workflow import Phrase, Transition, TransitionRefused, Workflow

NEW, CONFIRMED, SHIPPED, DONE, CANCELLED = "new", "confirmed", "shipped", "done", "cancelled"
CHANGE = "orders.status.change"

# The statuses in Vietnamese and English, for the messages of the services and the emails (the pages
# use the model's translated labels).
STATUS_TEXT = {
    NEW: ("mới", "new"),
    CONFIRMED: ("đã xác nhận", "confirmed"),
    SHIPPED: ("đang giao hàng", "shipped"),
    DONE: ("đã hoàn tất", "done"),
    CANCELLED: ("đã huỷ", "cancelled"),
}


class OrderTransitionError(TransitionRefused):
    """A move between two statuses that the table does not allow."""

    @property
    def status_from(self) -> str:
        return self.state

    @property
    def status_to(self) -> str:
        return self.act


ORDER = Workflow(
    "orders.order",
    states=STATUS_TEXT,
    acts=STATUS_TEXT,  # moving to a status
    initial={NEW: "orders.order.create"},
    transitions=(
        Transition(NEW, CONFIRMED, CONFIRMED, CHANGE),
        Transition(NEW, CANCELLED, CANCELLED, CHANGE),
        Transition(CONFIRMED, SHIPPED, SHIPPED, CHANGE),
        Transition(CONFIRMED, CANCELLED, CANCELLED, CHANGE),
        Transition(SHIPPED, DONE, DONE, CHANGE),
    ),
    refusal=Phrase(
        "Đơn hàng {code} không chuyển được từ «{state}» sang «{act}»: từ «{state}» chỉ chuyển được sang {allowed}.",
        "Order {code} cannot move from “{state}” to “{act}”: from “{state}” it may only move to {allowed}.",
        item_vi="«{}»",
        item_en="“{}”",
        none_vi="không trạng thái nào nữa",
        none_en="no other status",
    ),  # fmt: skip
    unknown=Phrase("Không có trạng thái «{act}»: {known}.", "No status “{act}”: {known}."),
    refused=OrderTransitionError,
)
