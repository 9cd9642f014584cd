"""The language of the request being served, as the two codes Tamnông writes in."""

from django.utils.translation import get_language


def active_lang() -> str:
    """ "vi", unless English was asked for (the VI/EN switch or Accept-Language)."""
    return "en" if (get_language() or "vi").startswith("en") else "vi"


class Bilingual:
    """A text that comes with both its languages rather than from the catalogue: a message of the rules
    engine (which imports no Django, so no gettext) or of a data file. Shown in the language active when
    it is shown, the one place that chooses between the two."""

    def __init__(self, vi: str, en: str):
        self.vi, self.en = vi, en

    def __str__(self) -> str:
        return str(bilingual(self.vi, self.en))

    def __repr__(self) -> str:
        return f"Bilingual({self.vi!r}, {self.en!r})"


def bilingual(vi, en):
    """Of a thing given in both languages (a name, a list of paragraphs), the one in the active language."""
    return en if active_lang() == "en" else vi
