"""Vietnamese text keys for matching names.

`vn_text.fold` lowercases and removes tones and the stroke of đ, so "Hoà" and "Hòa" fold
alike. Officers also write the final i/y of a syllable either way ("Mỵ Hòa" / "Mị Hoà",
"Kỳ" / "Kì"): after a consonant a syllable-final "y" folds to "i". "uy" (Thủy) keeps its y,
since "thui" is another syllable.
"""

import re
import unicodedata

import vn_text

_FINAL_Y = re.compile(r"\b((?:qu|[bcdghklmnpqrstvx]+))y\b")


def fold_name(text: str) -> str:
    """The search key of a name: no tones, no đ, lowercase, single spaces, i/y unified."""
    folded = vn_text.fold(text or "")
    folded = _FINAL_Y.sub(r"\1i", folded)
    return " ".join(folded.split())


QUERY_MAX = 100  # characters of a search box's text that are searched


def query_text(text: str | None, max_length: int = QUERY_MAX) -> str:
    """Text typed in a search box, safe to search: control and format characters (NUL, zero-width
    spaces, direction marks), private-use characters and unpaired surrogates left out, runs of spaces
    made one, at most `max_length` characters."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in str(text or "")
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs", "Cn")
    )
    return " ".join(kept.split())[:max_length].strip()


def searchable(text: str) -> bool:
    """Whether a query has something to search: at least one letter or digit once folded ("?", "..."
    and an emoji alone have none)."""
    return any(ch.isalnum() for ch in fold_name(text))


# C0 control characters but tab, line feed and carriage return: no field's text holds one (a NUL cannot
# even be stored in PostgreSQL's text); typed text never has them, a mistaken paste or a script may.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control_character(text: str) -> bool:
    """Whether `text` holds a C0 control character other than tab, line feed and carriage return."""
    return _CONTROL.search(text) is not None
