"""The communes' data the criteria are applied to. They are kept by `tamnong.ntm`, which sits above
`criteria` (pyproject's layers), so ntm registers here, when the apps are ready, how to read each
commune's latest evaluated data and how to re-evaluate one: a draft's impact and an approval's
re-evaluation go through these two functions, and criteria never imports ntm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class CommuneData:
    """A commune's latest evaluated data for an edition: its date and the facts the engine reads."""

    commune: Any  # AdminUnit
    on: dt.date
    facts: dict[str, Any]


@dataclass(frozen=True)
class _Source:
    latest: Callable[..., Iterable[CommuneData]]
    re_evaluate: Callable[..., None]


_source: _Source | None = None


def register(*, latest: Callable[..., Iterable[CommuneData]], re_evaluate: Callable[..., None]) -> None:
    """`latest(edition_id=, communes=)`: each commune's latest evaluated data for the edition (communes: a
    queryset to keep, or None for all); `re_evaluate(commune=, edition_id=, on=)`: evaluate that data again
    with the edition in force and keep the result."""
    global _source
    _source = _Source(latest, re_evaluate)


def _registered() -> _Source:
    if _source is None:
        raise ImproperlyConfigured("No app registered the communes' data (tamnong.ntm registers it when ready).")
    return _source


def latest_data(*, edition_id: str, communes=None) -> Iterable[CommuneData]:
    return _registered().latest(edition_id=edition_id, communes=communes)


def re_evaluate(*, commune, edition_id: str, on: dt.date) -> None:
    _registered().re_evaluate(commune=commune, edition_id=edition_id, on=on)
