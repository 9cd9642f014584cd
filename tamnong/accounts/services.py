"""Acts on the reference data offices keep: villages (`places.village.write`, on their commune) and unit
boundaries (`places.boundaries.upload`, on the national level). tamnong.places lies below this layer
and cannot ask the authority table itself: these services authorise the act (a refusal names the
action, the unit and the reason) and hand the grant to the write of tamnong.places.services, which
checks it and audits under it. Pages, the admin and commands call these, never the places writes."""

from __future__ import annotations

import datetime as dt

from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.places import services as places
from tamnong.places.models import AdminUnit, BoundarySet, Village, VillageKind


@authority.acts(places.VILLAGE_WRITE)
def village_create(
    *, commune: AdminUnit, name: str, kind: str = VillageKind.THON, valid_from: dt.date | None = None, actor
) -> Village:
    """A village of the commune, from `valid_from` (the act is dated that day, or today)."""
    places.village_commune_check(commune)
    grant = authority.authorize(actor, places.VILLAGE_WRITE, unit=commune, on=valid_from or clock.today())
    return places.village_create(grant=grant, commune=commune, name=name, kind=kind, valid_from=valid_from)


@authority.acts(places.VILLAGE_WRITE)
def village_rename(*, village: Village, name: str, actor) -> Village:
    """A new name for a village, from today."""
    grant = authority.authorize(actor, places.VILLAGE_WRITE, unit=village.commune, on=clock.today())
    return places.village_rename(grant=grant, village=village, name=name)


@authority.acts(places.VILLAGE_WRITE)
def village_merge(*, villages: list[Village], into: Village, on: dt.date, actor) -> Village:
    """Villages of one commune merge into `into` from `on` (the act is dated that day)."""
    grant = authority.authorize(actor, places.VILLAGE_WRITE, unit=into.commune, on=on)
    return places.village_merge(grant=grant, villages=villages, into=into, on=on)


@authority.acts(places.BOUNDARIES_UPLOAD)
def boundary_set_upload(*, scheme: str, level: int, code_property: str, source: str, data: bytes, actor) -> BoundarySet:
    """The boundaries of every unit of a list and level (the whole country's), today."""
    grant = authority.authorize(actor, places.BOUNDARIES_UPLOAD, unit=None, on=clock.today())
    return places.boundary_set_upload(
        grant=grant, scheme=scheme, level=level, code_property=code_property, source=source, data=data
    )
