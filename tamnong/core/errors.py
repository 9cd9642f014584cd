"""Errors of the domain: one message of the catalogue (its English msgid, translated when shown, in the
language active then) with its named parameters, and the field it concerns.

    raise DomainError(_("Tax code %(code)s belongs to another producer."), {"code": code}, field="tax_code")

`_` is `gettext_lazy`; a parameter may itself be a lazy message (a status's name), translated with the
message. An error of the rules engine (which imports no Django, so carries both languages) becomes a
domain error with `DomainError.of(exc, field=...)`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import translation
from django.utils.functional import Promise

from tamnong.core.i18n import Bilingual


class DomainError(Exception):
    """A refusal the user can act on. `message()` says why, in the active language; `field` says where."""

    def __init__(self, message, params: Mapping | None = None, *, field: str | None = None):
        self.text = message
        self.params = dict(params or {})
        self.field = field
        super().__init__(self.text)

    @classmethod
    def of(cls, exc, *, field: str | None = None) -> DomainError:
        """The domain's refusal for an error carrying both languages (`message_vi`, `message_en`): an
        error of the rules engine, a finding of a check."""
        return cls(Bilingual(exc.message_vi, exc.message_en), field=field)

    def message(self) -> str:
        """The message in the active language, its parameters put in."""
        text = str(self.text)
        return text % {k: str(v) if isinstance(v, Promise) else v for k, v in self.params.items()} if self.params else text

    def __str__(self) -> str:
        return self.message()

    @property
    def message_vi(self) -> str:
        with translation.override("vi"):
            return self.message()

    @property
    def message_en(self) -> str:
        with translation.override("en"):
            return self.message()


class NotFoundError(DomainError):
    """The record asked for does not exist (HTTP 404)."""


class PermissionDeniedError(DomainError):
    """The actor's roles do not cover this unit or this action (HTTP 403)."""


class StaleError(DomainError):
    """Someone saved the record after it was read: the change is refused, never merged silently (HTTP 409)."""
