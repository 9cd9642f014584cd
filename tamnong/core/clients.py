"""Telling clients apart without keeping who they are: for scan counts and rate limits."""

import hashlib
import hmac

from django.conf import settings


def client_key(request, purpose: str) -> str:
    """A keyed hash of the client's address and browser, different for each purpose (scans, orders):
    enough to tell many clients from one, and neither the address nor the browser can be read back."""
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    message = f"{purpose}|{address}|{agent}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]
