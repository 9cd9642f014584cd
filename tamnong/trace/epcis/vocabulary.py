"""The EPCIS 2.0 and CBV 2.0 vocabularies: event types, actions, business steps, dispositions,
transaction, source/destination and error-reason types, the default namespaces and the patterns of values."""

from __future__ import annotations

import re
from collections.abc import Mapping

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
