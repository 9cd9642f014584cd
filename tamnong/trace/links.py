"""The addresses of traceable things: the site's resolver URLs of lots and stamps, their EPC and EPC
class URIs for EPCIS, place URIs, and the way back from a URI to the lot it names.

Printed addresses (a stamp's QR code, a lot's page, the linkset) take the request when there is one:
the embedded set-up prints the address it is served at. Identifiers kept in EPCIS events (EPCs,
classes, places, the namespace) never depend on a request: they name things and must not change."""

from __future__ import annotations

from django.core import signing

from tamnong.core.site import site_url
from tamnong.places.models import AdminUnit
from tamnong.trace import identifiers
from tamnong.trace.models import Lot, Stamp

NAMESPACE = "tn"  # the prefix of Tamnông's own EPCIS extension fields


def namespaces() -> dict[str, str]:
    return {NAMESPACE: f"{site_url()}/ns/epcis#"}


def lot_class(lot: Lot) -> str:
    """The lot as an EPC class: an LGTIN for a GS1 product, else the program's resolver URI of the lot."""
    if lot.gtin:
        return identifiers.lgtin(lot.gtin, lot.code)
    return identifiers.program_link(site_url(), lot.product_id, lot.code)


def stamp_epc(stamp: Stamp) -> str:
    lot = stamp.lot
    if lot.gtin:
        return identifiers.sgtin(lot.gtin, stamp.serial)
    return identifiers.program_link(site_url(), lot.product_id, lot.code, stamp.serial)


def stamp_url(stamp: Stamp, request=None) -> str:
    """What the stamp's QR code carries: the resolver URL of the product, the lot and the serial."""
    lot = stamp.lot
    if lot.gtin:
        return identifiers.digital_link(site_url(request), lot.gtin, lot.code, stamp.serial)
    return identifiers.program_link(site_url(request), lot.product_id, lot.code, stamp.serial)


def lot_url(lot: Lot, request=None) -> str:
    if lot.gtin:
        return identifiers.digital_link(site_url(request), lot.gtin, lot.code)
    return identifiers.program_link(site_url(request), lot.product_id, lot.code)


def place_uri(unit: AdminUnit) -> str:
    return identifiers.place_uri(site_url(), f"vn-{unit.scheme}", unit.code)


# --- the notice after a fallback ------------------------------------------------------------------------

NOTICE_PARAMETER = "notice"
NOTICE_MAX_AGE = 600  # seconds: the redirect is followed at once; an old link shows no warning
_NOTICE_SALT = "tamnong.trace.notice"


def fallback_url(fallback: str, missing: str) -> str:
    """Where an unknown lot or serial sends the client: the less specific path with a signed notice
    naming what was missing. Nobody can write the notice for a path of their choosing, and it lapses
    after NOTICE_MAX_AGE, so a warning cannot be painted on a genuine link."""
    token = signing.dumps({"path": fallback, "missing": missing}, salt=_NOTICE_SALT, compress=True)
    return f"{fallback}?{NOTICE_PARAMETER}={token}"


def fallback_notice(token: str | None, path: str) -> str:
    """What a notice says is missing ("lot" or "serial") when it was signed here for this very path
    within NOTICE_MAX_AGE; "" for anything else."""
    if not token:
        return ""
    try:
        notice = signing.loads(token, salt=_NOTICE_SALT, max_age=NOTICE_MAX_AGE)
    except signing.BadSignature:  # forged, altered or lapsed
        return ""
    if not isinstance(notice, dict) or notice.get("path") != path or notice.get("missing") not in ("lot", "serial"):
        return ""
    return notice["missing"]


# --- from identifiers back to records ----------------------------------------------------------------------


def _named(uri: str) -> identifiers.ResolvedId | None:
    try:
        if uri.startswith(identifiers.CANONICAL_DOMAIN + "/"):
            return identifiers.parse_url(uri, identifiers.CANONICAL_DOMAIN)
        if uri.startswith(site_url() + "/"):
            return identifiers.parse_url(uri, site_url())
    except identifiers.IdentifierError:
        pass
    return None


# Where an event lists items one by one, and where the same items go as a count of their class.
_EPC_LISTS = {"epcList": "quantityList", "childEPCs": "childQuantityList", "inputEPCList": "inputQuantityList",
              "outputEPCList": "outputQuantityList"}  # fmt: skip


def without_serials(rows: list[dict]) -> list[dict]:
    """EPCIS events as the public sees them: every EPC naming one serialised item (an SGTIN, or a program
    URI with a serial) becomes a count of its class (its lot's class, else its product's), so a serial
    printed on a genuine stamp stays on the stamp; other EPCs (SSCCs, classes) are kept as they are."""
    named = {}
    for row in rows:
        for key in (*_EPC_LISTS, "parentID"):
            values = row.get(key) or []
            for uri in [values] if isinstance(values, str) else values:
                parsed = _named(uri) if isinstance(uri, str) else None
                if parsed is not None and parsed.serial:
                    named[uri] = parsed
    stamps = {s.serial: s.lot for s in Stamp.objects.select_related("lot").filter(
        serial__in={n.serial for n in named.values() if not n.lot})}  # fmt: skip

    def class_of(parsed: identifiers.ResolvedId) -> str:
        lot = stamps.get(parsed.serial) if not parsed.lot else None
        if lot is not None and lot.gtin == (parsed.gtin or ""):
            return lot_class(lot)
        if parsed.scheme == "gs1":
            return identifiers.digital_link(identifiers.CANONICAL_DOMAIN, parsed.gtin or "", parsed.lot)
        return identifiers.program_link(site_url(), parsed.product_id or 0, parsed.lot)

    public = []
    for row in rows:
        row = dict(row)
        for key, quantities in _EPC_LISTS.items():
            if key not in row:
                continue
            kept, counts = [], {}
            for uri in row[key]:
                if uri in named:
                    counts[class_of(named[uri])] = counts.get(class_of(named[uri]), 0) + 1
                else:
                    kept.append(uri)
            if not counts:
                continue
            row[key] = kept
            if not kept:
                del row[key]
            row[quantities] = [*row.get(quantities, []),
                               *({"epcClass": c, "quantity": n} for c, n in counts.items())]  # fmt: skip
        if row.get("parentID") in named:  # the parent is required: its class stands for it
            row["parentID"] = class_of(named[row["parentID"]])
        public.append(row)
    return public


def lot_for_uri(uri: str) -> Lot | None:
    """The lot an EPC or EPC class names: an LGTIN or SGTIN (through its stamp), or a program URI."""
    named = _named(uri)
    if named is None:
        return None
    if named.serial and not named.lot:
        stamp = Stamp.objects.select_related("lot").filter(serial=named.serial).first()
        return stamp.lot if stamp and (stamp.lot.gtin == (named.gtin or "")) else None
    if not named.lot:
        return None
    lots = Lot.objects.select_related("product").filter(code=named.lot)
    lots = lots.filter(gtin=named.gtin) if named.scheme == "gs1" else lots.filter(product_id=named.product_id, gtin="")
    return lots.first()
