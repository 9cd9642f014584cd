"""The EPCIS Event Hash ID (CBV 2.0 §8.9): the canonical pre-hash string and its SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tamnong.trace.epcis.checks import _error
from tamnong.trace.epcis.digital_link import _canonical_uri
from tamnong.trace.epcis.events import Event, QuantityElement
from tamnong.trace.epcis.vocabulary import _DATETIME_VALUE, _PREFIXED, _VOCABS, DEFAULT_NAMESPACES


def _hash_time(value: datetime) -> str:
    utc = value.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def _hash_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    text = str(value).strip()
    if _DATETIME_VALUE.match(text):
        parsed = datetime.fromisoformat(text)
        return _hash_time(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))
    return _canonical_uri(text)


def _custom(key: str, value: Any, namespaces: Mapping[str, str]) -> str:
    if key == "rdfs:comment":
        return ""
    match = _PREFIXED.match(key)
    if match and match.group(1) in namespaces:
        name = "{" + namespaces[match.group(1)] + "}" + match.group(2)
    elif match:
        raise _error(
            key, f"tiền tố «{match.group(1)}» chưa được khai báo.", f"the prefix «{match.group(1)}» is not declared."
        )
    else:
        name = key
    if isinstance(value, Mapping):
        return name + "".join(sorted(_custom(k, v, namespaces) for k, v in value.items()))
    if isinstance(value, list):
        return "".join(
            sorted(
                name + "".join(sorted(_custom(k, v, namespaces) for k, v in item.items()))
                if isinstance(item, Mapping)
                else f"{name}={_hash_scalar(item)}"
                for item in value
            )
        )
    return f"{name}={_hash_scalar(value)}"


def _vocab_uri(value: str, vocab: str) -> str:
    allowed, _, web, _ = _VOCABS[vocab]
    return web + value if value in allowed else _canonical_uri(value)


def _quantity_hash(items: Sequence[QuantityElement]) -> str:
    out = []
    for q in items:
        text = f"quantityElementepcClass={_canonical_uri(q.epc_class)}"
        if q.quantity is not None:
            text += f"quantity={_hash_scalar(q.quantity)}"
        if q.uom is not None:
            text += f"uom={q.uom}"
        out.append(text)
    return "".join(sorted(out))


def pre_hash_string(event: Event, namespaces: Mapping[str, str] | None = None) -> str:
    """The canonical pre-hash string of CBV 2.0 §8.9 (eventID, recordTime and errorDeclaration excluded)."""
    known = {**DEFAULT_NAMESPACES, **(namespaces or {})}
    parts = [
        f"eventType={event.type}",
        f"eventTime={_hash_time(event.event_time)}",
        f"eventTimeZoneOffset={event.event_time_zone_offset}",
    ]

    def epcs(name: str, values: Sequence[str]) -> None:
        if values:
            parts.append(name + "".join(sorted(f"epc={_canonical_uri(v)}" for v in values)))

    def quantities(name: str, values: Sequence[QuantityElement]) -> None:
        if values:
            parts.append(name + _quantity_hash(values))

    epcs("epcList", event.epc_list)
    if event.parent_id is not None:
        parts.append(f"parentID={_canonical_uri(event.parent_id)}")
    epcs("inputEPCList", event.input_epc_list)
    epcs("childEPCs", event.child_epcs)
    quantities("quantityList", event.quantity_list)
    quantities("childQuantityList", event.child_quantity_list)
    quantities("inputQuantityList", event.input_quantity_list)
    epcs("outputEPCList", event.output_epc_list)
    quantities("outputQuantityList", event.output_quantity_list)
    if event.action is not None:
        parts.append(f"action={event.action}")
    if event.transformation_id is not None:
        parts.append(f"transformationID={_canonical_uri(event.transformation_id)}")
    if event.biz_step is not None:
        parts.append(f"bizStep={_vocab_uri(event.biz_step, 'bizStep')}")
    if event.disposition is not None:
        parts.append(f"disposition={_vocab_uri(event.disposition, 'disposition')}")
    if event.read_point is not None:
        parts.append(f"readPointid={_canonical_uri(event.read_point)}")
    if event.biz_location is not None:
        parts.append(f"bizLocationid={_canonical_uri(event.biz_location)}")
    if event.biz_transaction_list:
        parts.append(
            "bizTransactionList"
            + "".join(
                sorted(
                    (f"type={_vocab_uri(t.type, 'bizTransactionType')}" if t.type else "")
                    + f"bizTransaction={_canonical_uri(t.id)}"
                    for t in event.biz_transaction_list
                )
            )
        )
    for name, key, items in (
        ("sourceList", "source", event.source_list),
        ("destinationList", "destination", event.destination_list),
    ):
        if items:
            parts.append(
                name
                + "".join(
                    sorted(f"type={_vocab_uri(p.type, 'sourceDestType')}{key}={_canonical_uri(p.id)}" for p in items)
                )
            )
    if event.ilmd:
        parts.append("ilmd" + "".join(sorted(_custom(k, v, known) for k, v in event.ilmd.items())))
    parts.append("".join(sorted(_custom(k, v, known) for k, v in event.extensions.items())))
    return "".join(parts)


def event_hash_id(event: Event, namespaces: Mapping[str, str] | None = None) -> str:
    """The EPCIS Event Hash ID of CBV 2.0 §8.9: `ni:///sha-256;<hex digest>?ver=CBV2.0` (RFC 6920 URI)."""
    digest = hashlib.sha256(pre_hash_string(event, namespaces).encode("utf-8")).hexdigest()
    return f"ni:///sha-256;{digest}?ver=CBV2.0"


def with_hash_id(event: Event, namespaces: Mapping[str, str] | None = None) -> Event:
    """The event with its eventID set to its hash ID (`event_hash_id`)."""
    return replace(event, event_id=event_hash_id(event, namespaces))
