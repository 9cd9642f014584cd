"""How a page answers the domain's refusal of an act, in one place: a PermissionDeniedError is Django's
403 with its message, a DomainError (a NotFoundError among them) a message for the page to show beside
the form, a file the reader refuses whole (FileUnreadable) a report of its problems.

    with refusals() as refused:
        proposal = unit_groups.attribute_propose(...)
    if not refused:
        return redirect(...)
    errors = refused.errors
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.core.imports import FileUnreadable, ImportReport


@dataclass
class Refused:
    """What was refused, if anything: the message and its field, or the unreadable file's report."""

    error: str | None = None
    field: str = ""
    report: ImportReport | None = None

    def __bool__(self) -> bool:
        return self.error is not None or self.report is not None

    @property
    def errors(self) -> list[str]:
        return [self.error] if self.error is not None else []


@contextmanager
def refusals() -> Iterator[Refused]:
    refused = Refused()
    try:
        yield refused
    except FileUnreadable as exc:
        refused.report = ImportReport(problems=exc.problems)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message()) from None
    except DomainError as exc:
        refused.error, refused.field = exc.message(), exc.field or ""
