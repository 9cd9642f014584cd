"""The events as frozen dataclasses that check what EPCIS 2.0 requires of each type when built; the
error declaration of an event; the namespaces an event uses must be declared."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from tamnong.trace.epcis.checks import (
    _aware,
    _decimal,
    _error,
    _extension_map,
    _offset_of,
    _prefixes,
    _uri,
    _uris,
    _vocab,
)
from tamnong.trace.epcis.vocabulary import _OFFSET, _UOM, ACTIONS, EVENT_TYPES


@dataclass(frozen=True)
class QuantityElement:
    """EPCIS 2.0 QuantityElement: an EPC class (e.g. an LGTIN), a quantity and a UN/ECE Rec. 20 unit
    ("KGM", "LTR"); without a unit the quantity is a count of items and must be whole."""

    epc_class: str
    quantity: Decimal | None = None
    uom: str | None = None

    def __post_init__(self) -> None:
        _uri(self.epc_class, "epcClass")
        if self.quantity is not None:
            object.__setattr__(self, "quantity", _decimal(self.quantity, "quantity"))
        if self.uom is not None:
            if not isinstance(self.uom, str) or not _UOM.match(self.uom):
                raise _error(
                    "uom",
                    f"«{self.uom}» không phải mã đơn vị UN/ECE Rec. 20 (2–3 chữ in hoa hoặc số, ví dụ KGM, LTR).",
                    f"«{self.uom}» is not a UN/ECE Rec. 20 unit code (2–3 capitals or digits, e.g. KGM, LTR).",
                )
            if self.quantity is None:
                raise _error("uom", "có đơn vị thì phải có số lượng.", "a unit needs a quantity.")
        elif self.quantity is not None and self.quantity != self.quantity.to_integral_value():
            raise _error(
                "quantity",
                f"không có đơn vị (uom) thì số lượng là số cái, phải là số nguyên (gặp {self.quantity}).",
                f"without a unit (uom) the quantity counts items and must be whole (got {self.quantity}).",
            )


@dataclass(frozen=True)
class BizTransaction:
    """A business transaction (delivery note, invoice, …): its URI and its CBV 2.0 §7.3 type."""

    id: str
    type: str | None = None

    def __post_init__(self) -> None:
        _uri(self.id, "bizTransaction")
        if self.type is not None:
            object.__setattr__(self, "type", _vocab(self.type, "type", "bizTransactionType"))


@dataclass(frozen=True)
class Party:
    """A source or destination: its CBV 2.0 §7.4 type (owning_party, possessing_party, location) and URI."""

    type: str
    id: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", _vocab(self.type, "type", "sourceDestType"))
        _uri(self.id, "id")


@dataclass(frozen=True)
class ErrorDeclaration:
    """EPCIS 2.0 ErrorDeclaration: the event that carries it (same content and eventID as the erroneous
    event) declares that event wrong from `declaration_time`; `corrective_event_ids` name the events that
    replace it; `reason` is "did_not_occur" or "incorrect_data" (CBV 2.0 §7.5)."""

    declaration_time: datetime
    reason: str | None = None
    corrective_event_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _aware(self.declaration_time, "declarationTime")
        if self.reason is not None:
            object.__setattr__(self, "reason", _vocab(self.reason, "reason", "errorReason"))
        object.__setattr__(self, "corrective_event_ids", _uris(self.corrective_event_ids, "correctiveEventIDs"))


_LISTS_BY_TYPE = {
    "ObjectEvent": {"epc_list", "quantity_list"},
    "AggregationEvent": {"child_epcs", "child_quantity_list"},
    "AssociationEvent": {"child_epcs", "child_quantity_list"},
    "TransformationEvent": {"input_epc_list", "input_quantity_list", "output_epc_list", "output_quantity_list"},
}
_JSON_NAMES = {
    "epc_list": "epcList",
    "quantity_list": "quantityList",
    "parent_id": "parentID",
    "child_epcs": "childEPCs",
    "child_quantity_list": "childQuantityList",
    "input_epc_list": "inputEPCList",
    "input_quantity_list": "inputQuantityList",
    "output_epc_list": "outputEPCList",
    "output_quantity_list": "outputQuantityList",
    "transformation_id": "transformationID",
    "ilmd": "ilmd",
    "action": "action",
}


@dataclass(frozen=True, kw_only=True)
class Event:
    """One EPCIS 2.0 event. Lists are tuples; `ilmd` and `extensions` map namespaced keys ("tn:vietgap",
    "cbvmda:lotNumber") to JSON values. `event_time_zone_offset` defaults to the offset of `event_time`.
    The constructor checks what EPCIS 2.0 requires of each type and raises EpcisError otherwise.
    Events compare by value; they are not hashable (ILMD and extensions are dicts)."""

    type: str
    event_time: datetime
    event_time_zone_offset: str | None = None
    record_time: datetime | None = None
    event_id: str | None = None
    error_declaration: ErrorDeclaration | None = None
    action: str | None = None
    biz_step: str | None = None
    disposition: str | None = None
    epc_list: tuple[str, ...] = ()
    quantity_list: tuple[QuantityElement, ...] = ()
    parent_id: str | None = None
    child_epcs: tuple[str, ...] = ()
    child_quantity_list: tuple[QuantityElement, ...] = ()
    input_epc_list: tuple[str, ...] = ()
    input_quantity_list: tuple[QuantityElement, ...] = ()
    output_epc_list: tuple[str, ...] = ()
    output_quantity_list: tuple[QuantityElement, ...] = ()
    transformation_id: str | None = None
    read_point: str | None = None
    biz_location: str | None = None
    biz_transaction_list: tuple[BizTransaction, ...] = ()
    source_list: tuple[Party, ...] = ()
    destination_list: tuple[Party, ...] = ()
    ilmd: Mapping[str, Any] = field(default_factory=dict)
    extensions: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:  # noqa: C901 — one check per EPCIS rule, in the standard's order
        put = object.__setattr__
        if self.type not in EVENT_TYPES:
            raise _error(
                "type",
                f"«{self.type}» không phải loại sự kiện được hỗ trợ ({', '.join(EVENT_TYPES)}).",
                f"«{self.type}» is not a supported event type ({', '.join(EVENT_TYPES)}).",
            )
        _aware(self.event_time, "eventTime")
        if self.event_time_zone_offset is None:
            put(self, "event_time_zone_offset", _offset_of(self.event_time))
        elif not isinstance(self.event_time_zone_offset, str) or not _OFFSET.match(self.event_time_zone_offset):
            raise _error(
                "eventTimeZoneOffset",
                f"«{self.event_time_zone_offset}» phải có dạng +07:00 (từ -13:59 đến +14:00).",
                f"«{self.event_time_zone_offset}» must look like +07:00 (from -13:59 to +14:00).",
            )
        if self.record_time is not None:
            _aware(self.record_time, "recordTime")
        if self.event_id is not None:
            _uri(self.event_id, "eventID")
        if self.error_declaration is not None and not isinstance(self.error_declaration, ErrorDeclaration):
            raise _error("errorDeclaration", "phải là một ErrorDeclaration.", "must be an ErrorDeclaration.")

        # the "what": each type has its own lists; EPCs are URIs without duplicates
        for name in ("epc_list", "child_epcs", "input_epc_list", "output_epc_list"):
            put(self, name, _uris(getattr(self, name), _JSON_NAMES[name]))
        for name in ("quantity_list", "child_quantity_list", "input_quantity_list", "output_quantity_list"):
            items = tuple(getattr(self, name))
            for i, item in enumerate(items):
                if not isinstance(item, QuantityElement):
                    raise _error(f"{_JSON_NAMES[name]}[{i}]", "phải là QuantityElement.", "must be a QuantityElement.")
            put(self, name, items)
        allowed = _LISTS_BY_TYPE[self.type]
        for name in ("epc_list", "quantity_list", "child_epcs", "child_quantity_list") + tuple(
            sorted(_LISTS_BY_TYPE["TransformationEvent"])
        ):
            if getattr(self, name) and name not in allowed:
                raise _error(
                    _JSON_NAMES[name],
                    f"không dùng được trong {self.type}.",
                    f"is not allowed in a {self.type}.",
                )
        if self.parent_id is not None:
            if self.type not in ("AggregationEvent", "AssociationEvent"):
                raise _error("parentID", f"không dùng được trong {self.type}.", f"is not allowed in a {self.type}.")
            _uri(self.parent_id, "parentID")
        if self.transformation_id is not None:
            if self.type != "TransformationEvent":
                raise _error(
                    "transformationID", f"không dùng được trong {self.type}.", f"is not allowed in a {self.type}."
                )
            _uri(self.transformation_id, "transformationID")

        # action: required except for TransformationEvent, which has none
        if self.type == "TransformationEvent":
            if self.action is not None:
                raise _error("action", "TransformationEvent không có action.", "a TransformationEvent has no action.")
        elif self.action not in ACTIONS:
            raise _error(
                "action",
                f"bắt buộc, một trong ADD, OBSERVE, DELETE (gặp «{self.action}»).",
                f"is required: ADD, OBSERVE or DELETE (got «{self.action}»).",
            )

        if self.type == "ObjectEvent" and not (self.epc_list or self.quantity_list):
            raise _error(
                "epcList",
                "ObjectEvent cần ít nhất một EPC (epcList) hoặc một dòng số lượng (quantityList).",
                "an ObjectEvent needs at least one EPC (epcList) or one quantity element (quantityList).",
            )
        if self.type in ("AggregationEvent", "AssociationEvent"):
            if self.parent_id is None and (self.type == "AssociationEvent" or self.action != "OBSERVE"):
                raise _error(
                    "parentID",
                    f"bắt buộc trong {self.type}"
                    + (" (trừ khi action là OBSERVE)." if self.type == "AggregationEvent" else "."),
                    f"is required in a {self.type}"
                    + (" (unless action is OBSERVE)." if self.type == "AggregationEvent" else "."),
                )
            if not (self.child_epcs or self.child_quantity_list) and self.action != "DELETE":
                raise _error(
                    "childEPCs",
                    "cần ít nhất một EPC con (childEPCs) hoặc một dòng số lượng con (childQuantityList).",
                    "needs at least one child EPC (childEPCs) or child quantity element (childQuantityList).",
                )
        if self.type == "TransformationEvent":
            has_in = bool(self.input_epc_list or self.input_quantity_list)
            has_out = bool(self.output_epc_list or self.output_quantity_list)
            if not (has_in and has_out) and not (self.transformation_id and (has_in or has_out)):
                raise _error(
                    "inputQuantityList" if not has_in else "outputQuantityList",
                    "TransformationEvent cần cả đầu vào và đầu ra (hoặc transformationID và một trong hai).",
                    "a TransformationEvent needs inputs and outputs (or a transformationID and one of them).",
                )

        # the "why" and the "where"
        if self.biz_step is not None:
            put(self, "biz_step", _vocab(self.biz_step, "bizStep", "bizStep"))
        if self.disposition is not None:
            put(self, "disposition", _vocab(self.disposition, "disposition", "disposition"))
        if self.read_point is not None:
            _uri(self.read_point, "readPoint.id")
        if self.biz_location is not None:
            _uri(self.biz_location, "bizLocation.id")
        for name, kind in (
            ("biz_transaction_list", BizTransaction),
            ("source_list", Party),
            ("destination_list", Party),
        ):
            items = tuple(getattr(self, name))
            json_name = {"biz_transaction_list": "bizTransactionList"}.get(name, name.replace("_list", "List"))
            for i, item in enumerate(items):
                if not isinstance(item, kind):
                    raise _error(f"{json_name}[{i}]", f"phải là {kind.__name__}.", f"must be a {kind.__name__}.")
            put(self, name, items)

        put(self, "ilmd", _extension_map(self.ilmd, "ilmd"))
        if self.ilmd and not (
            self.type == "TransformationEvent" or (self.type == "ObjectEvent" and self.action == "ADD")
        ):
            raise _error(
                "ilmd",
                "ILMD chỉ dùng trong ObjectEvent có action ADD hoặc trong TransformationEvent.",
                "ILMD is allowed only in an ObjectEvent with action ADD or in a TransformationEvent.",
            )
        put(self, "extensions", _extension_map(self.extensions, ""))

    def namespace_prefixes(self) -> set[str]:
        """The namespace prefixes the event's ILMD and extensions use."""
        return _prefixes(dict(self.extensions)) | _prefixes(dict(self.ilmd))


def declare_error(
    event: Event,
    *,
    declaration_time: datetime,
    reason: str = "incorrect_data",
    corrective_event_ids: Sequence[str] = (),
) -> Event:
    """The event that declares `event` erroneous (EPCIS 2.0 ErrorDeclaration): a copy of it, with the same
    eventID, carrying an errorDeclaration that names the corrective events."""
    if event.event_id is None:
        raise _error(
            "eventID",
            "sự kiện bị khai báo sai phải có eventID để sự kiện sửa sai trỏ tới.",
            "the event declared erroneous needs an eventID for the correction to refer to.",
        )
    return replace(
        event,
        error_declaration=ErrorDeclaration(
            declaration_time=declaration_time, reason=reason, corrective_event_ids=tuple(corrective_event_ids)
        ),
    )


def _check_declared(event: Event, known: Mapping[str, str], index: int | None) -> None:
    missing = sorted(event.namespace_prefixes() - set(known))
    if missing:
        raise _error(
            "@context",
            f"tiền tố «{missing[0]}» chưa được khai báo trong @context.",
            f"the prefix «{missing[0]}» is not declared in @context.",
            index,
        )
