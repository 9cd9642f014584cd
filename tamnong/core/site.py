"""The site's public address: what stamps, e-mails and machine-readable links carry.

In production it is the setting TAMNONG_SITE_URL (production refuses to start without it). The
embedded set-up (`make demo`) leaves it empty and uses the address each request came to, so a stamp
printed from http://192.168.1.20:8000 opens on a phone of the same network; without a request
(the command line, the outbox), the address `make demo` serves."""

from __future__ import annotations

from django.conf import settings

LOCAL_SITE_URL = "http://127.0.0.1:8000"  # what `make demo` serves


def site_url(request=None) -> str:
    """The address before the paths, without a final slash."""
    if settings.TAMNONG_SITE_URL:
        return settings.TAMNONG_SITE_URL
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return LOCAL_SITE_URL
