"""Reading: an EPCISDocument, an EPCISQueryDocument or one event in the JSON-LD binding back into
events, refusing any field EPCIS 2.0 does not have, with the event and field named."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tamnong.trace.epcis.checks import EpcisError, _at, _check_namespaces, _error, _uri
from tamnong.trace.epcis.events import BizTransaction, ErrorDeclaration, Event, Party, QuantityElement, _check_declared
from tamnong.trace.epcis.vocabulary import _PREFIXED, _VERSION, DEFAULT_NAMESPACES, EPCIS_CONTEXT, EVENT_TYPES

_COMMON_KEYS = {"@context", "type", "eventTime", "eventTimeZoneOffset", "recordTime", "eventID", "errorDeclaration"}
_WHY_WHERE = {
    "bizStep",
    "disposition",
    "readPoint",
    "bizLocation",
    "bizTransactionList",
    "sourceList",
    "destinationList",
}
_KEYS_BY_TYPE = {
    "ObjectEvent": _COMMON_KEYS | _WHY_WHERE | {"action", "epcList", "quantityList", "ilmd"},
    "AggregationEvent": _COMMON_KEYS | _WHY_WHERE | {"action", "parentID", "childEPCs", "childQuantityList"},
    "AssociationEvent": _COMMON_KEYS | _WHY_WHERE | {"action", "parentID", "childEPCs", "childQuantityList"},
    "TransformationEvent": _COMMON_KEYS
    | _WHY_WHERE
    | {"inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "ilmd"},
}


def _parse_time(value: Any, name: str) -> datetime:
    if isinstance(value, str) and "T" in value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return parsed
    raise _error(
        name,
        f"«{value}» không phải ngày giờ ISO 8601 có múi giờ (ví dụ 2024-05-01T08:30:00+07:00).",
        f"«{value}» is not an ISO 8601 date-time with a time zone (e.g. 2024-05-01T08:30:00+07:00).",
    )


def _obj(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _error(name, "phải là một đối tượng JSON.", "must be a JSON object.")
    return value


def _list(value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise _error(name, "phải là một danh sách JSON.", "must be a JSON list.")
    return value


def _only(data: Mapping[str, Any], keys: set[str], name: str) -> None:
    for key in data:
        if key not in keys:
            raise _error(f"{name}.{key}", "trường không có trong EPCIS 2.0.", "is not an EPCIS 2.0 field.")


def _quantities(value: Any, name: str) -> tuple[QuantityElement, ...]:
    out = []
    for i, item in enumerate(_list(value, name)):
        item = _obj(item, f"{name}[{i}]")
        _only(item, {"epcClass", "quantity", "uom"}, f"{name}[{i}]")
        if "epcClass" not in item:
            raise _error(f"{name}[{i}].epcClass", "bắt buộc.", "is required.")
        try:
            out.append(QuantityElement(item["epcClass"], item.get("quantity"), item.get("uom")))
        except EpcisError as err:
            raise _error(f"{name}[{i}].{err.field}", err.reason_vi, err.reason_en) from None
    return tuple(out)


def _location(value: Any, name: str) -> str:
    data = _obj(value, name)
    if "id" not in data:
        raise _error(f"{name}.id", "bắt buộc.", "is required.")
    for key in data:
        if key != "id" and not _PREFIXED.match(key):
            raise _error(f"{name}.{key}", "trường không có trong EPCIS 2.0.", "is not an EPCIS 2.0 field.")
    if len(data) > 1:
        raise _error(
            name,
            "chưa hỗ trợ trường mở rộng trong readPoint/bizLocation.",
            "extensions inside readPoint/bizLocation are not supported.",
        )
    return _uri(data["id"], f"{name}.id")


def _parties(value: Any, name: str, key: str) -> tuple[Party, ...]:
    out = []
    for i, item in enumerate(_list(value, name)):
        item = _obj(item, f"{name}[{i}]")
        _only(item, {"type", key}, f"{name}[{i}]")
        for required in ("type", key):
            if required not in item:
                raise _error(f"{name}[{i}].{required}", "bắt buộc.", "is required.")
        try:
            out.append(Party(item["type"], item[key]))
        except EpcisError as err:
            raise _error(
                f"{name}[{i}].{key if err.field == 'id' else err.field}", err.reason_vi, err.reason_en
            ) from None
    return tuple(out)


def _event_from_json(data: Any, known: Mapping[str, str]) -> Event:  # noqa: C901 — one branch per field
    data = _obj(data, "type")
    kind = data.get("type")
    if kind not in _KEYS_BY_TYPE:
        raise _error(
            "type",
            f"«{kind}» không phải loại sự kiện được hỗ trợ ({', '.join(EVENT_TYPES)}).",
            f"«{kind}» is not a supported event type ({', '.join(EVENT_TYPES)}).",
        )
    for key in data:
        if key not in _KEYS_BY_TYPE[kind] and not _PREFIXED.match(key):
            raise _error(key, f"trường không có trong {kind} của EPCIS 2.0.", f"is not a field of an EPCIS 2.0 {kind}.")
        if _PREFIXED.match(key) and key.split(":", 1)[0] in ("http", "https", "urn"):
            raise _error(
                key, "tên trường mở rộng phải dùng tiền tố đã khai báo.", "extension names must use a declared prefix."
            )
    for required in ("eventTime", "eventTimeZoneOffset"):
        if required not in data:
            raise _error(required, "bắt buộc.", "is required.")
    if "@context" in data:
        known = {**known, **_context_namespaces(data["@context"], required=False)}
    args: dict[str, Any] = {
        "type": kind,
        "event_time": _parse_time(data["eventTime"], "eventTime"),
        "event_time_zone_offset": data["eventTimeZoneOffset"],
    }
    if "recordTime" in data:
        args["record_time"] = _parse_time(data["recordTime"], "recordTime")
    if "eventID" in data:
        args["event_id"] = data["eventID"]
    if "errorDeclaration" in data:
        decl = _obj(data["errorDeclaration"], "errorDeclaration")
        for key in decl:
            if key not in ("declarationTime", "reason", "correctiveEventIDs"):
                raise _error(
                    f"errorDeclaration.{key}", "trường không có trong EPCIS 2.0.", "is not an EPCIS 2.0 field."
                )
        if "declarationTime" not in decl:
            raise _error("errorDeclaration.declarationTime", "bắt buộc.", "is required.")
        try:
            args["error_declaration"] = ErrorDeclaration(
                declaration_time=_parse_time(decl["declarationTime"], "declarationTime"),
                reason=decl.get("reason"),
                corrective_event_ids=tuple(_list(decl.get("correctiveEventIDs", []), "correctiveEventIDs")),
            )
        except EpcisError as err:
            raise _error(f"errorDeclaration.{err.field}", err.reason_vi, err.reason_en) from None
    for json_name, attr in (
        ("epcList", "epc_list"),
        ("childEPCs", "child_epcs"),
        ("inputEPCList", "input_epc_list"),
        ("outputEPCList", "output_epc_list"),
    ):
        if json_name in data:
            args[attr] = tuple(_list(data[json_name], json_name))
    for json_name, attr in (
        ("quantityList", "quantity_list"),
        ("childQuantityList", "child_quantity_list"),
        ("inputQuantityList", "input_quantity_list"),
        ("outputQuantityList", "output_quantity_list"),
    ):
        if json_name in data:
            args[attr] = _quantities(data[json_name], json_name)
    for json_name, attr in (
        ("parentID", "parent_id"),
        ("transformationID", "transformation_id"),
        ("action", "action"),
        ("bizStep", "biz_step"),
        ("disposition", "disposition"),
    ):
        if json_name in data:
            args[attr] = data[json_name]
    if "readPoint" in data:
        args["read_point"] = _location(data["readPoint"], "readPoint")
    if "bizLocation" in data:
        args["biz_location"] = _location(data["bizLocation"], "bizLocation")
    if "bizTransactionList" in data:
        items = []
        for i, item in enumerate(_list(data["bizTransactionList"], "bizTransactionList")):
            item = _obj(item, f"bizTransactionList[{i}]")
            _only(item, {"type", "bizTransaction"}, f"bizTransactionList[{i}]")
            if "bizTransaction" not in item:
                raise _error(f"bizTransactionList[{i}].bizTransaction", "bắt buộc.", "is required.")
            try:
                items.append(BizTransaction(item["bizTransaction"], item.get("type")))
            except EpcisError as err:
                raise _error(f"bizTransactionList[{i}].{err.field}", err.reason_vi, err.reason_en) from None
        args["biz_transaction_list"] = tuple(items)
    if "sourceList" in data:
        args["source_list"] = _parties(data["sourceList"], "sourceList", "source")
    if "destinationList" in data:
        args["destination_list"] = _parties(data["destinationList"], "destinationList", "destination")
    if "ilmd" in data:
        args["ilmd"] = _obj(data["ilmd"], "ilmd")
    args["extensions"] = {key: value for key, value in data.items() if key not in _KEYS_BY_TYPE[kind]}
    event = Event(**args)
    _check_declared(event, known, None)
    return event


def _context_namespaces(context: Any, *, required: bool) -> dict[str, str]:
    """The namespace prefixes an @context declares; with `required`, the EPCIS 2.0 context must be there."""
    items = context if isinstance(context, list) else [context]
    found: dict[str, str] = {}
    has_epcis = False
    for item in items:
        if isinstance(item, str):
            has_epcis |= item.startswith("https://ref.gs1.org/standards/epcis/2.0")
        elif isinstance(item, Mapping):
            found.update(_check_namespaces({k: v for k, v in item.items() if isinstance(v, str)}))
        else:
            raise _error("@context", "phải là URI, đối tượng hoặc danh sách.", "must be a URI, an object or a list.")
    if required and not has_epcis:
        raise _error(
            "@context",
            f"thiếu ngữ cảnh EPCIS 2.0 «{EPCIS_CONTEXT}».",
            f"the EPCIS 2.0 context «{EPCIS_CONTEXT}» is missing.",
        )
    return found


def parse_document(data: Mapping[str, Any]) -> list[Event]:
    """The events of an EPCISDocument, an EPCISQueryDocument or a single event in the EPCIS 2.0 JSON-LD
    binding; raises EpcisError naming the event (from 1) and the field. `parse_document(document(e, t))`
    gives back `e`."""
    if not isinstance(data, Mapping):
        raise _error("type", "tài liệu EPCIS phải là một đối tượng JSON.", "an EPCIS document must be a JSON object.")
    kind = data.get("type")
    if "@context" not in data:
        raise _error("@context", "bắt buộc.", "is required.")
    known = {**DEFAULT_NAMESPACES, **_context_namespaces(data["@context"], required=True)}
    if kind in EVENT_TYPES:
        try:
            return [_event_from_json(data, known)]
        except EpcisError as err:
            raise _at(err, 0) from None
    if kind not in ("EPCISDocument", "EPCISQueryDocument"):
        raise _error(
            "type",
            f"«{kind}» không phải EPCISDocument, EPCISQueryDocument hay một sự kiện.",
            f"«{kind}» is not an EPCISDocument, an EPCISQueryDocument or an event.",
        )
    version = data.get("schemaVersion")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise _error("schemaVersion", f"phải là «2.0» (gặp «{version}»).", f"must be «2.0» (got «{version}»).")
    _parse_time(data.get("creationDate"), "creationDate")
    body = _obj(data.get("epcisBody"), "epcisBody")
    if kind == "EPCISDocument":
        raw_events = _list(body.get("eventList"), "epcisBody.eventList")
    else:
        results = _obj(_obj(body.get("queryResults"), "epcisBody.queryResults").get("resultsBody"), "resultsBody")
        raw_events = _list(results.get("eventList"), "epcisBody.queryResults.resultsBody.eventList")
    events = []
    for index, raw in enumerate(raw_events):
        try:
            events.append(_event_from_json(raw, known))
        except EpcisError as err:
            raise _at(err, index) from None
    return events


def document_namespaces(data: Mapping[str, Any]) -> dict[str, str]:
    """The namespace prefixes a document's @context declares, with those of the EPCIS context."""
    return {**DEFAULT_NAMESPACES, **_context_namespaces(data.get("@context"), required=False)}
