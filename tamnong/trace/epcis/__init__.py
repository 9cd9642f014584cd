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

The modules: ``vocabulary`` (EPCIS and CBV 2.0 terms), ``checks`` (EpcisError and value checks),
``events`` (the dataclasses), ``writing`` (events and documents to JSON-LD), ``reading`` (JSON-LD
back to events), ``digital_link`` (canonical identifiers) and ``hashing`` (the event hash ID).
"""

from tamnong.trace.epcis.checks import EpcisError
from tamnong.trace.epcis.events import BizTransaction, ErrorDeclaration, Event, Party, QuantityElement, declare_error
from tamnong.trace.epcis.hashing import event_hash_id, pre_hash_string, with_hash_id
from tamnong.trace.epcis.reading import document_namespaces, parse_document
from tamnong.trace.epcis.vocabulary import ACTIONS, BIZ_STEPS, DISPOSITIONS, EPCIS_CONTEXT, EVENT_TYPES
from tamnong.trace.epcis.writing import document, event_json

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
