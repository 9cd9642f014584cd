"""Telling clients apart without keeping who they are: for scan counts and rate limits.

A client is its network, not its browser: anyone can send a new User-Agent with every request, but
a new network costs a new connection. IPv4 addresses count by their /24, IPv6 addresses by their
/48 (what one household, office or mobile operator's gateway usually holds). The address is the
connection's (REMOTE_ADDR); the one a proxy forwards (X-Forwarded-For) is believed only when the
setting TAMNONG_PROXY_COUNT says how many proxies stand in front of the application (the same
setting tells the login lockout where to read the address)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings

IPV4_PREFIX = 24
IPV6_PREFIX = 48


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip().split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_address(request) -> str:
    """The client's address: the connection's; behind TAMNONG_PROXY_COUNT proxies that each append
    the address they were reached from to X-Forwarded-For, the one the first proxy saw (what a client
    writes in the header itself comes before it and is not believed)."""
    proxies = settings.TAMNONG_PROXY_COUNT
    if proxies > 0:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            forwarded = _address(hops[-proxies])
            return str(forwarded) if forwarded is not None else ""
    address = _address(request.META.get("REMOTE_ADDR", ""))
    return str(address) if address is not None else ""


def client_network(request) -> str:
    """The client's network: its address's /24 (IPv4) or /48 (IPv6), "" when it has none."""
    address = _address(client_address(request))
    if address is None:
        return ""
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def client_key(request, purpose: str) -> str:
    """A keyed hash of the client's network, different for each purpose (scans, orders): enough to
    tell many networks from one, and the network cannot be read back. Changing the browser or its
    User-Agent does not change it."""
    message = f"{purpose}|{client_network(request)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]
