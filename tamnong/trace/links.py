"""The addresses of traceable things: the site's resolver URLs of lots and stamps, their EPC and EPC
class URIs for EPCIS, place URIs, and the way back from a URI to the lot it names."""

from __future__ import annotations

from django.conf import settings

from tamnong.places.models import AdminUnit
from tamnong.trace import identifiers
from tamnong.trace.models import Lot, Stamp

NAMESPACE = "tn"  # the prefix of Tamnông's own EPCIS extension fields


def site_url() -> str:
    """The public address printed in the stamps' QR codes (setting TAMNONG_SITE_URL)."""
    return settings.TAMNONG_SITE_URL


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


def stamp_url(stamp: Stamp) -> str:
    """What the stamp's QR code carries: the resolver URL of the product, the lot and the serial."""
    lot = stamp.lot
    if lot.gtin:
        return identifiers.digital_link(site_url(), lot.gtin, lot.code, stamp.serial)
    return identifiers.program_link(site_url(), lot.product_id, lot.code, stamp.serial)


def lot_url(lot: Lot) -> str:
    if lot.gtin:
        return identifiers.digital_link(site_url(), lot.gtin, lot.code)
    return identifiers.program_link(site_url(), lot.product_id, lot.code)


def place_uri(unit: AdminUnit) -> str:
    return identifiers.place_uri(site_url(), f"vn-{unit.scheme}", unit.code)


def lot_for_uri(uri: str) -> Lot | None:
    """The lot an EPC or EPC class names: an LGTIN or SGTIN (through its stamp), or a program URI."""
    try:
        if uri.startswith(identifiers.CANONICAL_DOMAIN + "/"):
            named = identifiers.parse_url(uri, identifiers.CANONICAL_DOMAIN)
        elif uri.startswith(site_url() + "/"):
            named = identifiers.parse_url(uri, site_url())
        else:
            return None
    except identifiers.IdentifierError:
        return None
    if named.serial and not named.lot:
        stamp = Stamp.objects.select_related("lot").filter(serial=named.serial).first()
        return stamp.lot if stamp and (stamp.lot.gtin == (named.gtin or "")) else None
    if not named.lot:
        return None
    lots = Lot.objects.select_related("product").filter(code=named.lot)
    lots = lots.filter(gtin=named.gtin) if named.scheme == "gs1" else lots.filter(product_id=named.product_id, gtin="")
    return lots.first()
