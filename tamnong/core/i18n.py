"""The language of the request being served, as the two codes Tamnông writes in."""

from django.utils.translation import get_language


def active_lang() -> str:
    """ "vi", unless English was asked for (the VI/EN switch or Accept-Language)."""
    return "en" if (get_language() or "vi").startswith("en") else "vi"
