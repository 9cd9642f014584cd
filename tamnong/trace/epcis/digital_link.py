"""Identifiers in their canonical form for the event hash: EPC URNs (GS1 Tag Data Standard) to GS1
Digital Link, Digital Link URIs to the constrained form on id.gs1.org, CBV URNs to Web URIs."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from biip import ParseError
from biip.checksums import gs1_standard_check_digit
from biip.gs1_digital_link_uris import GS1DigitalLinkURI

from tamnong.trace.epcis.checks import _error
from tamnong.trace.epcis.vocabulary import _VOCABS


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
