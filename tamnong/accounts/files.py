"""The private file page, /files/<kind>/<id>/: a private file (tamnong.core.files) is sent only to a
user its record lets read it.

Each app names the records that hold private files (`register`, in its AppConfig.ready): the model,
the field, the unit whose readers may see the file and, where the record says so, the people who may
see it besides them (a producer's logins see the photo they sent; an import is its uploader's).
`file_read_allowed` is the one decision; everyone else, signed in or not, gets the same 404 whether
the record exists or not.
"""

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import reverse

from tamnong.accounts.selectors import actor_scope
from tamnong.core.files import private_response
from tamnong.places.models import AdminUnit


@dataclass(frozen=True)
class PrivateKind:
    model: Any
    field: str
    unit: Callable[[Any], AdminUnit] | None  # the unit whose readers may read the file; None: nobody by scope
    also: Callable[[Any, Any], bool] | None = None  # (record, actor): others the record lets read it
    filename: Callable[[Any], str] | None = None  # the name the download gets (else the stored name's)
    related: tuple[str, ...] = ()


KINDS: dict[str, PrivateKind] = {}


def register(kind: str, model, field: str, *, unit=None, also=None, filename=None, related=()) -> None:
    KINDS[kind] = PrivateKind(model, field, unit, also, filename, tuple(related))


def file_url(kind: str, pk: int) -> str:
    """The address of a record's private file (the only one a page or the API gives)."""
    if kind not in KINDS:
        raise KeyError(kind)
    return reverse("private-file", args=[kind, pk])


def file_read_allowed(actor, kind: PrivateKind, record) -> bool:
    """May `actor` read the private file of `record`? The one check of every private file."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if kind.also is not None and kind.also(record, actor):
        return True
    if kind.unit is None:
        return actor.is_superuser
    unit = kind.unit(record)
    return unit is not None and actor_scope(actor).covers(unit)


def _stored_name(value) -> str:
    return (getattr(value, "name", value) or "") if value is not None else ""


def private_file(request, kind: str, pk: int):
    found = KINDS.get(kind)
    if found is None:
        raise Http404("No such file.")
    record = found.model.objects.select_related(*found.related).filter(pk=pk).first()
    if record is None or not file_read_allowed(request.user, found, record):
        raise Http404("No such file.")
    name = _stored_name(getattr(record, found.field))
    if not name:
        raise Http404("No such file.")
    filename = found.filename(record) if found.filename else posixpath.basename(name)
    return private_response(name, filename=filename)
