"""Writing: an event in the EPCIS 2.0 JSON-LD binding and the EPCISDocument that holds events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from tamnong.trace.epcis.checks import _aware, _check_namespaces, _error
from tamnong.trace.epcis.events import _JSON_NAMES, Event, QuantityElement, _check_declared
from tamnong.trace.epcis.vocabulary import DEFAULT_NAMESPACES, EPCIS_CONTEXT, SCHEMA_VERSION


def _time_text(value: datetime) -> str:
    return value.isoformat()


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _quantity_json(item: QuantityElement) -> dict[str, Any]:
    out: dict[str, Any] = {"epcClass": item.epc_class}
    if item.quantity is not None:
        out["quantity"] = _number(item.quantity)
    if item.uom is not None:
        out["uom"] = item.uom
    return out


def event_json(event: Event) -> dict[str, Any]:
    """One event in the EPCIS 2.0 JSON-LD binding (without its own @context)."""
    out: dict[str, Any] = {
        "type": event.type,
        "eventTime": _time_text(event.event_time),
        "eventTimeZoneOffset": event.event_time_zone_offset,
    }
    if event.record_time is not None:
        out["recordTime"] = _time_text(event.record_time)
    if event.event_id is not None:
        out["eventID"] = event.event_id
    if event.error_declaration is not None:
        declaration: dict[str, Any] = {"declarationTime": _time_text(event.error_declaration.declaration_time)}
        if event.error_declaration.reason is not None:
            declaration["reason"] = event.error_declaration.reason
        if event.error_declaration.corrective_event_ids:
            declaration["correctiveEventIDs"] = list(event.error_declaration.corrective_event_ids)
        out["errorDeclaration"] = declaration
    if event.parent_id is not None:
        out["parentID"] = event.parent_id
    for name in ("epc_list", "child_epcs", "input_epc_list", "output_epc_list"):
        if getattr(event, name):
            out[_JSON_NAMES[name]] = list(getattr(event, name))
    for name in ("quantity_list", "child_quantity_list", "input_quantity_list", "output_quantity_list"):
        if getattr(event, name):
            out[_JSON_NAMES[name]] = [_quantity_json(q) for q in getattr(event, name)]
    if event.transformation_id is not None:
        out["transformationID"] = event.transformation_id
    if event.action is not None:
        out["action"] = event.action
    if event.biz_step is not None:
        out["bizStep"] = event.biz_step
    if event.disposition is not None:
        out["disposition"] = event.disposition
    if event.read_point is not None:
        out["readPoint"] = {"id": event.read_point}
    if event.biz_location is not None:
        out["bizLocation"] = {"id": event.biz_location}
    if event.biz_transaction_list:
        out["bizTransactionList"] = [
            ({"type": t.type} if t.type else {}) | {"bizTransaction": t.id} for t in event.biz_transaction_list
        ]
    if event.source_list:
        out["sourceList"] = [{"type": p.type, "source": p.id} for p in event.source_list]
    if event.destination_list:
        out["destinationList"] = [{"type": p.type, "destination": p.id} for p in event.destination_list]
    if event.ilmd:
        out["ilmd"] = dict(event.ilmd)
    out.update(event.extensions)
    return out


def document(
    events: Sequence[Event], creation_date: datetime, *, namespaces: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """An EPCISDocument (EPCIS 2.0 JSON-LD binding) holding `events` in order.

    `namespaces` maps the prefixes of the events' ILMD and extension fields to their namespace URIs (the
    prefixes of the EPCIS context — cbvmda, gs1, … — need no declaration); they are added to `@context`.
    """
    _aware(creation_date, "creationDate")
    declared = _check_namespaces(namespaces)
    known = {**DEFAULT_NAMESPACES, **declared}
    event_list = []
    for index, event in enumerate(events):
        if not isinstance(event, Event):
            raise _error("type", "phải là một Event.", "must be an Event.", index)
        _check_declared(event, known, index)
        event_list.append(event_json(event))
    return {
        "@context": [EPCIS_CONTEXT, declared] if declared else [EPCIS_CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": SCHEMA_VERSION,
        "creationDate": _time_text(creation_date),
        "epcisBody": {"eventList": event_list},
    }
