"""Errors of the domain, with a message in the active language and the field they concern."""

from tamnong.core.i18n import active_lang


class DomainError(Exception):
    """A refusal the user can act on. `message_vi` and `message_en` say why; `field` says where."""

    def __init__(self, message_vi: str, message_en: str, *, field: str | None = None):
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.message_en = message_en
        self.field = field

    def message(self) -> str:
        return self.message_en if active_lang() == "en" else self.message_vi


class NotFoundError(DomainError):
    """The record asked for does not exist (HTTP 404)."""


class PermissionDeniedError(DomainError):
    """The actor's roles do not cover this unit or this action (HTTP 403)."""


class StaleError(DomainError):
    """Someone saved the record after it was read: the change is refused, never merged silently (HTTP 409)."""
