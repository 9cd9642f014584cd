"""Vietnamese text keys for matching names.

`vn_text.fold` lowercases and removes tones and the stroke of đ, so "Hoà" and "Hòa" fold
alike. Officers also write the final i/y of a syllable either way ("Mỵ Hòa" / "Mị Hoà",
"Kỳ" / "Kì"): after a consonant a syllable-final "y" folds to "i". "uy" (Thủy) keeps its y,
since "thui" is another syllable.
"""

import re

import vn_text

_FINAL_Y = re.compile(r"\b((?:qu|[bcdghklmnpqrstvx]+))y\b")


def fold_name(text: str) -> str:
    """The search key of a name: no tones, no đ, lowercase, single spaces, i/y unified."""
    folded = vn_text.fold(text or "")
    folded = _FINAL_Y.sub(r"\1i", folded)
    return " ".join(folded.split())
