"""EPCIS 2.0 events of a lot, in the JSON/JSON-LD binding, as plain dataclasses (no Django).

What is modelled (GS1 EPCIS 2.0, 2022):
- the event types ObjectEvent, AggregationEvent, TransformationEvent and AssociationEvent (EPCIS 2.0
  §7.4, "Core event types"), with their common fields eventTime, eventTimeZoneOffset, recordTime,
  eventID and errorDeclaration (§7.4.1 EPCISEvent; ErrorDeclaration: declarationTime, reason,
  correctiveEventIDs), the "what" (epcList, quantityList, parentID, childEPCs, childQuantityList, input/
  output lists, transformationID), the "why" (action, bizStep, disposition, bizTransactionList,
  sourceList, destinationList), the "where" (readPoint, bizLocation), ILMD and user extensions;
- the EPCISDocument wrapper with `@context`, `type`, `schemaVersion` "2.0", `creationDate` and
  `epcisBody.eventList` (EPCIS 2.0 JSON/JSON-LD binding and its JSON schema, EPCIS-JSON-Schema.json);
- the CBV 2.0 vocabularies in their JSON-LD bare-string form: business steps (CBV 2.0 §7.1),
  dispositions (§7.2), business transaction types (§7.3), source/destination types (§7.4) and error
  reasons (§7.5); a value from another vocabulary must be a URI outside the CBV namespaces;
- the event ID as an EPCIS Event Hash ID `ni:///sha-256;<hex>?ver=CBV2.0` (CBV 2.0 §8.9): `event_hash_id`
  builds the canonical pre-hash string (canonical property order, UTC timestamps with millisecond
  precision, CBV bare strings expanded to `https://ref.gs1.org/cbv/…`, EPC URNs and Digital Link URIs
  brought to the constrained canonical `https://id.gs1.org/…` form, lists sorted, extensions written
  `{namespace}localName=value` and sorted) and hashes it with SHA-256. Timestamps finer than a
  millisecond are truncated to the millisecond.

EPCs for products (EPCIS 2.0 accepts any URI; the GS1 Digital Link form is the canonical one):
GS1 products use `https://id.gs1.org/01/<gtin>/10/<lot>` (LGTIN, class level, in quantity lists) and
`https://id.gs1.org/01/<gtin>/21/<serial>` (SGTIN, one item); program products use their resolver URIs
(`tamnong.trace.identifiers.program_link`). Locations: `https://id.gs1.org/414/<gln>` (or an SGLN URN)
or a place URI of the site (`identifiers.place_uri`).

Errors raise EpcisError with a Vietnamese message naming the event (counted from 1) and the JSON field:
"Sự kiện 2, trường bizStep: …".
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, unquote

from biip import ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gs1_digital_link_uris import GS1DigitalLinkURI

from tamnong.rules.errors import InputError

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
SCHEMA_VERSION = "2.0"
EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransformationEvent", "AssociationEvent")
ACTIONS = ("ADD", "OBSERVE", "DELETE")

# CBV 2.0 §7.1 — every business step of the standard (bare strings of the JSON-LD binding).
BIZ_STEPS = frozenset(
    """accepting arriving assembling collecting commissioning consigning creating_class_instance
    cycle_counting decommissioning departing destroying disassembling dispensing encoding entering_exiting
    holding inspecting installing killing loading other packing picking receiving removing repackaging
    repairing replacing reserving retail_selling sampling sensor_reporting shipping staging_outbound
    stock_taking stocking storing transporting unloading unpacking void_shipping""".split()
)
# CBV 2.0 §7.2 — dispositions.
DISPOSITIONS = frozenset(
    """active available completeness_inferred completeness_verified conformant container_closed
    container_open damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive
    mismatch_class mismatch_instance mismatch_quantity needs_replacement no_pedigree_match non_conformant
    non_sellable_other partially_dispensed recalled reserved retail_sold returned sellable_accessible
    sellable_not_accessible stolen unavailable unknown""".split()
)
# CBV 2.0 §7.3, §7.4, §7.5.
BIZ_TRANSACTION_TYPES = frozenset(
    "bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt".split()
)
SOURCE_DEST_TYPES = frozenset({"owning_party", "possessing_party", "location"})
ERROR_REASONS = frozenset({"did_not_occur", "incorrect_data"})

# Prefixes the EPCIS 2.0 JSON-LD context defines; extensions may use them without declaring them.
DEFAULT_NAMESPACES: Mapping[str, str] = {
    "epcis": "https://ref.gs1.org/epcis/",
    "cbv": "https://ref.gs1.org/cbv/",
    "cbvmda": "urn:epcglobal:cbv:mda:",
    "gs1": "https://gs1.org/voc/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}

# vocabulary name → (allowed bare strings, CBV URN prefix, CBV Web URI prefix, Vietnamese name)
_VOCABS = {
    "bizStep": (BIZ_STEPS, "urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-", "bước nghiệp vụ"),
    "disposition": (DISPOSITIONS, "urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-", "tình trạng"),
    "bizTransactionType": (
        BIZ_TRANSACTION_TYPES,
        "urn:epcglobal:cbv:btt:",
        "https://ref.gs1.org/cbv/BTT-",
        "loại giao dịch",
    ),
    "sourceDestType": (SOURCE_DEST_TYPES, "urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-", "loại bên"),
    "errorReason": (ERROR_REASONS, "urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-", "lý do sai"),
}
_CBV_NAMESPACES = (
    "urn:epcglobal:cbv",
    "https://ref.gs1.org/cbv/",
    "http://ref.gs1.org/cbv/",
    "https://ns.gs1.org/cbv/",
)

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$")
_OFFSET = re.compile(r"^[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)$")
_UOM = re.compile(r"^[A-Z0-9]{2,3}$")
_PREFIXED = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*):(.+)$")
_VERSION = re.compile(r"^2\.0(\.\d+)?$")
_DATETIME_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$")


class EpcisError(InputError):
    """A document or an event EPCIS 2.0 refuses. `message_vi` / `message_en` name the event (from 1) and
    the JSON field; `field` is the JSON path ("eventList[1].bizStep", "schemaVersion");
    `event_index` counts from 0 (None for the document itself)."""

    def __init__(
        self,
        message_vi: str,
        message_en: str,
        field: str,
        *,
        event_index: int | None = None,
        reason_vi: str | None = None,
        reason_en: str | None = None,
    ) -> None:
        super().__init__(message_vi, message_en, field)
        self.event_index = event_index
        self.reason_vi = reason_vi or message_vi
        self.reason_en = reason_en or message_en


def _error(field_name: str, vi: str, en: str, index: int | None = None) -> EpcisError:
    if index is None:
        return EpcisError(
            f"Trường {field_name}: {vi}", f"Field {field_name}: {en}", field_name, reason_vi=vi, reason_en=en
        )
    return EpcisError(
        f"Sự kiện {index + 1}, trường {field_name}: {vi}",
        f"Event {index + 1}, field {field_name}: {en}",
        f"eventList[{index}].{field_name}",
        event_index=index,
        reason_vi=vi,
        reason_en=en,
    )


def _at(err: EpcisError, index: int) -> EpcisError:
    """The same error, placed in event `index` of a document."""
    name = err.field.split("].", 1)[-1] if err.field.startswith("eventList[") else err.field
    return _error(name, err.reason_vi, err.reason_en, index)


# --- value checks ------------------------------------------------------------------------------------


def _uri(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _URI.match(value):
        raise _error(
            name,
            f"«{value}» không phải một URI tuyệt đối (dạng https://… hoặc urn:…, không dấu cách, không dấu tiếng Việt).",
            f"«{value}» is not an absolute URI (https://… or urn:…, no spaces, no accented letters).",
        )
    return value


def _uris(values: Iterable[Any], name: str) -> tuple[str, ...]:
    if isinstance(values, str):
        raise _error(name, "phải là một danh sách URI.", "must be a list of URIs.")
    out = tuple(_uri(v, f"{name}[{i}]") for i, v in enumerate(values))
    if len(set(out)) != len(out):
        dup = next(v for v in out if out.count(v) > 1)
        raise _error(name, f"«{dup}» xuất hiện hai lần.", f"«{dup}» appears twice.")
    return out


def _aware(value: Any, name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise _error(
            name,
            "cần ngày giờ có múi giờ (ví dụ 2024-05-01T08:30:00+07:00).",
            "needs a date and time with a time zone (e.g. 2024-05-01T08:30:00+07:00).",
        )
    return value


def _offset_of(dt: datetime) -> str:
    offset = dt.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _vocab(value: Any, name: str, vocab: str) -> str:
    """A CBV value as its bare string (CBV URN and Web URI forms are accepted and shortened), or a URI
    of another vocabulary."""
    allowed, urn, web, name_vi = _VOCABS[vocab]
    if isinstance(value, str):
        for prefix in (urn, web):
            if value.startswith(prefix) and value[len(prefix) :] in allowed:
                return value[len(prefix) :]
        if value in allowed:
            return value
        if _URI.match(value) and not value.startswith(_CBV_NAMESPACES):
            return value
    shown = ", ".join(sorted(allowed))
    raise _error(
        name,
        f"«{value}» không phải {name_vi} của CBV 2.0. Dùng một trong: {shown}; hoặc một URI riêng ngoài CBV.",
        f"«{value}» is not a CBV 2.0 value. Use one of: {shown}; or a URI of your own outside CBV.",
    )


def _decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, bool):
        raise _error(name, f"«{value}» không phải là số.", f"«{value}» is not a number.")
    try:
        number = Decimal(str(value)) if isinstance(value, float | int | str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise _error(name, f"«{value}» không phải là số.", f"«{value}» is not a number.") from None
    if not number.is_finite() or number < 0:
        raise _error(name, f"«{value}» phải là số không âm.", f"«{value}» must be a number, not negative.")
    return number


def _json_value(value: Any, name: str) -> Any:
    """A copy of an ILMD or extension value, JSON-compatible (no null: the hash algorithm has no form for it)."""
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _error(name, "số phải hữu hạn.", "numbers must be finite.")
        return value
    if isinstance(value, Mapping):
        out = {}
        for key, child in value.items():
            if not isinstance(key, str) or not key:
                raise _error(name, "tên trường con phải là chuỗi khác rỗng.", "child names must be non-empty strings.")
            out[key] = _json_value(child, f"{name}.{key}")
        return out
    if isinstance(value, list | tuple):
        return [_json_value(child, f"{name}[{i}]") for i, child in enumerate(value)]
    raise _error(
        name,
        f"giá trị kiểu {type(value).__name__} không ghi được trong JSON (chỉ chuỗi, số, đúng/sai, đối tượng, danh sách).",
        f"a {type(value).__name__} cannot be written in JSON (strings, numbers, booleans, objects, lists only).",
    )


def _extension_map(value: Mapping[str, Any] | None, name: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, child in (value or {}).items():
        if not isinstance(key, str) or not _PREFIXED.match(key) or key.startswith(("http:", "https:", "urn:")):
            raise _error(
                f"{name}.{key}" if name else str(key),
                "trường mở rộng phải có tiền tố không gian tên, dạng «tiền_tố:tên» (ví dụ tn:vietgap).",
                "an extension field needs a namespace prefix, «prefix:name» (e.g. tn:vietgap).",
            )
        out[key] = _json_value(child, f"{name}.{key}" if name else key)
    return out


def _prefixes(value: Any) -> set[str]:
    """Every namespace prefix used in the keys of an extension value."""
    found: set[str] = set()
    if isinstance(value, Mapping):
        for key, child in value.items():
            match = _PREFIXED.match(key)
            if match:
                found.add(match.group(1))
            found |= _prefixes(child)
    elif isinstance(value, list):
        for child in value:
            found |= _prefixes(child)
    return found


# --- dataclasses -------------------------------------------------------------------------------------


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


# --- JSON writing ------------------------------------------------------------------------------------


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


def _check_namespaces(namespaces: Mapping[str, str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for prefix, uri in (namespaces or {}).items():
        if not isinstance(prefix, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_.\-]*$", prefix):
            raise _error("@context", f"tiền tố «{prefix}» không hợp lệ.", f"the prefix «{prefix}» is invalid.")
        out[prefix] = _uri(uri, f"@context.{prefix}")
    return out


def _check_declared(event: Event, known: Mapping[str, str], index: int | None) -> None:
    missing = sorted(event.namespace_prefixes() - set(known))
    if missing:
        raise _error(
            "@context",
            f"tiền tố «{missing[0]}» chưa được khai báo trong @context.",
            f"the prefix «{missing[0]}» is not declared in @context.",
            index,
        )


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


# --- JSON reading ------------------------------------------------------------------------------------

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


# --- event hash ID (CBV 2.0 §8.9) -------------------------------------------------------------------


def _hash_time(value: datetime) -> str:
    utc = value.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def _digits_with_check(body: str, width: int) -> str:
    return (body + str(gs1_standard_check_digit(body))).zfill(width)


def _epc_urn_to_dl(value: str) -> str:
    """EPC URIs (GS1 EPC Tag Data Standard) → canonical GS1 Digital Link, for the kinds tamnong uses."""
    enc = lambda text: quote(unquote(text), safe="")  # noqa: E731
    if m := re.match(r"^urn:epc:id:sgtin:(\d+)\.(\d+)\.(.+)$", value):
        cp, ref, serial = m.groups()
        if len(cp) + len(ref) == 13:
            return f"https://id.gs1.org/01/{_digits_with_check(ref[0] + cp + ref[1:], 14)}/21/{enc(serial)}"
    if m := re.match(r"^urn:epc:class:lgtin:(\d+)\.(\d+)\.(.+)$", value):
        cp, ref, lot = m.groups()
        if len(cp) + len(ref) == 13:
            return f"https://id.gs1.org/01/{_digits_with_check(ref[0] + cp + ref[1:], 14)}/10/{enc(lot)}"
    if m := re.match(r"^urn:epc:idpat:sgtin:(\d+)\.(\d+)\.\*$", value):
        cp, ref = m.groups()
        if len(cp) + len(ref) == 13:
            return f"https://id.gs1.org/01/{_digits_with_check(ref[0] + cp + ref[1:], 14)}"
    if m := re.match(r"^urn:epc:id:sgln:(\d+)\.(\d*)\.(.+)$", value):
        cp, ref, ext = m.groups()
        if len(cp) + len(ref) == 12:
            gln = _digits_with_check(cp + ref, 13)
            return f"https://id.gs1.org/414/{gln}" + ("" if ext == "0" else f"/254/{enc(ext)}")
    if m := re.match(r"^urn:epc:id:pgln:(\d+)\.(\d*)$", value):
        cp, ref = m.groups()
        if len(cp) + len(ref) == 12:
            return f"https://id.gs1.org/417/{_digits_with_check(cp + ref, 13)}"
    if m := re.match(r"^urn:epc:id:sscc:(\d+)\.(\d+)$", value):
        cp, ref = m.groups()
        if len(cp) + len(ref) == 17:
            return f"https://id.gs1.org/00/{_digits_with_check(ref[0] + cp + ref[1:], 18)}"
    raise _error(
        "eventID",
        f"chưa tính được mã băm cho URI EPC «{value}» (hỗ trợ sgtin, lgtin, sgln, pgln, sscc).",
        f"cannot hash the EPC URI «{value}» (sgtin, lgtin, sgln, pgln and sscc are supported).",
    )


_FINEST = {"01": (("21",), ("10",), ("235",)), "8006": (("21",), ("10",)), "414": (("254",),), "8010": (("8011",),)}


def _canonical_uri(value: str) -> str:
    """Rules 14, 17 and 18 of the event hash: CBV URNs → Web URIs, EPC URIs → Digital Link, and Digital
    Link URIs → the constrained canonical form (domain id.gs1.org, no query, finest key qualifier only)."""
    if value.startswith("urn:epc:"):
        return _epc_urn_to_dl(value)
    if value.startswith("urn:epcglobal:cbv:"):
        for allowed, urn, web, _ in _VOCABS.values():
            if value.startswith(urn) and value[len(urn) :] in allowed:
                return web + value[len(urn) :]
        return value
    if not value.startswith(("https://", "http://")):
        return value
    try:
        parsed = GS1DigitalLinkURI.parse(value)
    except (ParseError, ValueError):
        return value
    elements = list(parsed.element_strings)
    primary = elements[0]
    path = f"/{primary.ai.ai}/{quote(primary.value, safe='')}"
    by_ai = {es.ai.ai: es.value for es in elements[1:]}
    for choice in _FINEST.get(primary.ai.ai, ()):
        if all(ai in by_ai for ai in choice):
            path += "".join(f"/{ai}/{quote(by_ai[ai], safe='')}" for ai in choice)
            break
    return "https://id.gs1.org" + path


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


__all__ = [
    "ACTIONS",
    "BIZ_STEPS",
    "DISPOSITIONS",
    "EPCIS_CONTEXT",
    "EVENT_TYPES",
    "BizTransaction",
    "EpcisError",
    "ErrorDeclaration",
    "Event",
    "Party",
    "QuantityElement",
    "declare_error",
    "document",
    "document_namespaces",
    "event_hash_id",
    "event_json",
    "parse_document",
    "pre_hash_string",
    "with_hash_id",
]
