"""The steps a producer records for a lot, and how each is written as an EPCIS 2.0 event (CBV 2.0
business steps and dispositions). Pure data, no Django."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    code: str
    type: str  # EPCIS event type
    action: str | None  # ADD, OBSERVE, DELETE (none for a TransformationEvent)
    biz_step: str  # CBV 2.0 §7.1
    disposition: str | None  # CBV 2.0 §7.2
    name_vi: str
    name_en: str


STEPS = {
    s.code: s
    for s in (
        # A lot is a class of goods: "creating_class_instance" is the CBV step that produces a quantity
        # of a class-level identifier (a harvest, a batch made); "commissioning" is for serialised items.
        Step(
            "produced",
            "ObjectEvent",
            "ADD",
            "creating_class_instance",
            "active",
            "Thu hoạch, sản xuất",
            "Harvested or produced",
        ),  # fmt: skip
        Step(
            "transformed",
            "TransformationEvent",
            None,
            "creating_class_instance",
            "active",
            "Chế biến từ nguyên liệu",
            "Made from inputs",
        ),  # fmt: skip
        Step("commissioned", "ObjectEvent", "ADD", "commissioning", "active", "Gắn tem", "Stamps issued"),
        Step("packed", "ObjectEvent", "OBSERVE", "packing", "in_progress", "Đóng gói", "Packed"),
        Step(
            "inspected", "ObjectEvent", "OBSERVE", "inspecting", "conformant", "Kiểm tra, kiểm nghiệm", "Inspected"
        ),  # fmt: skip
        Step("shipped", "ObjectEvent", "OBSERVE", "shipping", "in_transit", "Xuất hàng", "Shipped"),
        Step("received", "ObjectEvent", "OBSERVE", "receiving", "in_progress", "Nhận hàng", "Received"),
        Step("decommissioned", "ObjectEvent", "DELETE", "decommissioning", "inactive", "Huỷ tem", "Stamps voided"),
    )
}
# What a producer records by hand; stamps record their own commissioning and voiding.
RECORDED_BY_HAND = ("produced", "transformed", "packed", "inspected", "shipped", "received")
INSPECTION_RESULTS = ("conformant", "non_conformant")


def step_of(biz_step: str, event_type: str) -> Step | None:
    """The step an event was recorded as (for events captured from elsewhere, the closest one)."""
    for step in STEPS.values():
        if step.biz_step == biz_step and step.type == event_type:
            return step
    return next((s for s in STEPS.values() if s.biz_step == biz_step), None)
