"""Both languages complete: every message has a Vietnamese translation."""

from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).parents[2] / "tamnong" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_into_vietnamese():
    with open(PO, "rb") as fh:
        catalog = read_po(fh)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing, missing
    assert not fuzzy, fuzzy
