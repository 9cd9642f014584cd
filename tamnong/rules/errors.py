"""Named errors of the rules engine, each with a Vietnamese and an English message.

``str(error)`` is the Vietnamese message (the app is Vietnamese-first); ``error.message_en``
is the English one.
"""

from __future__ import annotations


class RulesError(Exception):
    """Base class: every error of ``tamnong.rules`` carries both languages."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.message_en = message_en


class RulesDataError(RulesError):
    """A data file breaks the schema. Names the file, the path inside it and the reason."""

    def __init__(self, file: str, path: str, reason_vi: str, reason_en: str) -> None:
        self.file = file
        self.path = path
        self.reason_vi = reason_vi
        self.reason_en = reason_en
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {reason_vi}", f"{where}: {reason_en}")


class UnknownEdition(RulesError):
    """No edition with this id in the data folder."""


class NotInForce(RulesError):
    """The date is before the edition, or a parameter has no value in force on the date."""


class PlaceIncomplete(RulesError):
    """The place lacks what the edition needs (a region, a commune group)."""


class PlaceInvalid(RulesError):
    """The place names a region, commune group or flag the edition does not know."""


class FactsError(RulesError):
    """The facts name an unknown indicator or criterion, or give a value of the wrong type."""


class InputError(RulesError, ValueError):
    """Input a rule or a standard refuses (an OCOP score, a GTIN, an EPCIS event, a VietQR payload),
    with the field it concerns, for the services to turn into a DomainError naming it."""

    def __init__(self, message_vi: str, message_en: str, field: str = "") -> None:
        super().__init__(message_vi, message_en)
        self.field = field
