"""Reads of administrative units: lookup by code or by name, ancestry, direct successions, the place
the criteria engine needs. What a unit's territory covers across the lists: tamnong.places.territory."""

import datetime as dt

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from tamnong.core.errors import DomainError, NotFoundError
from tamnong.core.text import fold_name
from tamnong.places import groups, territory
from tamnong.places.models import AdminUnit, BoundarySet, Level, Scheme, UnitKind
from tamnong.places.schemes import scheme_on
from tamnong.rules import Place


def unit_key_parse(key: str) -> tuple[str, str]:
    """ "2020:05017" → ("2020", "05017"), with a clear message for anything else."""
    scheme, sep, code = (key or "").partition(":")
    if not sep or scheme not in Scheme.values or not code.isdigit():
        raise DomainError(
            _(
                "Unit key “%(key)s” is invalid: expected <scheme>:<code>, e.g. 2020:05017; scheme is one of "
                "%(scheme_values)s."
            ),
            {"key": key, "scheme_values": ', '.join(Scheme.values)},
            field="unit",
        )
    return scheme, code


def unit_get(*, scheme: str, code: str) -> AdminUnit:
    try:
        return AdminUnit.objects.select_related("parent__parent").get(scheme=scheme, code=code)
    except AdminUnit.DoesNotExist:
        raise NotFoundError(
            _("There is no unit with code %(code)s on the %(scheme)s list."),
            {"code": code, "scheme": scheme},
            field="unit",
        ) from None


def unit_get_by_key(key: str) -> AdminUnit:
    scheme, code = unit_key_parse(key)
    return unit_get(scheme=scheme, code=code)


def unit_by_pk(pk) -> AdminUnit | None:
    return AdminUnit.objects.filter(pk=pk).first()


def units_below(unit: AdminUnit, *, level: int | None = None, order=("name_folded",)) -> list[AdminUnit]:
    """The units below the unit on its list (of one level if asked), in this order."""
    return list(territory.below(unit, **({"level": level} if level is not None else {})).order_by(*order))


def provinces(scheme: str) -> QuerySet[AdminUnit]:
    """The provinces of a list, by name."""
    return AdminUnit.objects.filter(scheme=scheme, level=Level.PROVINCE).order_by("name_folded")


def unit_list(
    *, q: str = "", scheme: str = "", kind: str = "", level: int | None = None, parent: AdminUnit | None = None,
    order: tuple[str, ...] = (),
) -> QuerySet[AdminUnit]:
    """Units matching a code (exact) or a name regardless of tones, tone-mark style and i/y.

    Every word of the query must appear in the name: "kim boi" finds Kim Bôi, "mi hoa" finds Mỵ Hòa.
    A query with the kind ("huyen kim boi") also matches on the printed title.
    """
    units = AdminUnit.objects.select_related("parent__parent")
    if scheme:
        units = units.filter(scheme=scheme)
    if kind:
        units = units.filter(kind=kind)
    if level:
        units = units.filter(level=level)
    if parent is not None:
        units = units.filter(parent=parent)
    q = (q or "").strip()
    if q.isdigit():
        units = units.filter(code=_code_padded(q)).order_by("scheme", "code")
    elif q:
        words = fold_name(q).split()
        kind_filter = _kind_in_query(words)
        if kind_filter:
            words = words[len(kind_filter[1]) :]
            units = units.filter(kind__in=kind_filter[0])
        for word in words:
            units = units.filter(name_folded__contains=word)
        exact = fold_name(" ".join(words))
        exact_first = Case(When(name_folded=exact, then=Value(0)), default=Value(1), output_field=IntegerField())
        units = units.order_by(exact_first, "level", "name_folded", "scheme", "code")
    else:
        units = units.order_by("scheme", "code")
    return units.order_by(*order) if order else units


def _code_padded(digits: str) -> str:
    """Official codes are zero-padded: province 2 digits, district 3, commune 5 ("5017" → "05017")."""
    width = 2 if len(digits) <= 2 else 3 if len(digits) == 3 else 5
    return digits.zfill(width)


_KIND_WORDS = {
    ("tinh",): [UnitKind.PROVINCE],
    ("thanh", "pho"): [UnitKind.CENTRAL_CITY, UnitKind.PROVINCIAL_CITY],
    ("tp",): [UnitKind.CENTRAL_CITY, UnitKind.PROVINCIAL_CITY],
    ("huyen",): [UnitKind.RURAL_DISTRICT],
    ("quan",): [UnitKind.URBAN_DISTRICT],
    ("thi", "xa"): [UnitKind.TOWN],
    ("xa",): [UnitKind.COMMUNE],
    ("phuong",): [UnitKind.WARD],
    ("thi", "tran"): [UnitKind.TOWNSHIP],
    ("dac", "khu"): [UnitKind.SPECIAL_ZONE],
}


def _kind_in_query(words: list[str]) -> tuple[list[str], tuple[str, ...]] | None:
    """A leading kind word ("huyện Kim Bôi") narrows the kind, if more words follow."""
    for prefix in sorted(_KIND_WORDS, key=len, reverse=True):
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            return _KIND_WORDS[prefix], prefix
    return None


def unit_ancestors(unit: AdminUnit) -> list[AdminUnit]:
    """The unit's parents, nearest first."""
    chain = []
    parent = unit.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return chain


def unit_full_name(unit: AdminUnit) -> str:
    """ "Xã Nam Thượng, Huyện Kim Bôi, Tỉnh Hòa Bình"."""
    return ", ".join(u.title for u in [unit, *unit_ancestors(unit)])


def unit_children(
    unit: AdminUnit, *, with_parents: bool = False, order: tuple[str, ...] = ("kind", "name_folded")
) -> QuerySet[AdminUnit]:
    children = unit.children.order_by(*order)
    return children.select_related("parent__parent") if with_parents else children


def unit_villages(unit: AdminUnit):
    """A commune's villages, those in force first."""
    return unit.villages.order_by("valid_to", "name_folded")


def unit_successors(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(predecessions__predecessor=unit).select_related("parent").order_by("code")


def unit_predecessors(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(successions__successor=unit).select_related("parent__parent").order_by("code")


def unit_on_date_error(unit: AdminUnit, on) -> DomainError | None:
    """Why data of `unit` cannot be dated `on`: the unit had ended by then, or did not yet exist; the units
    of the list in force on that date that hold its territory are named. None when the unit exists then."""
    name = unit_full_name(unit)
    holders = "; ".join(unit_full_name(u) for u in unit_on_date_holders(unit, on))
    if on < unit.valid_from:
        params = {"name": name, "valid_from": f"{unit.valid_from:%d/%m/%Y}", "on": f"{on:%d/%m/%Y}", "holders": holders}
        if holders:
            return DomainError(
                _("%(name)s exists only from %(valid_from)s; no data can be dated %(on)s; data of that date belongs "
                  "to: %(holders)s."), params, field="on",
            )  # fmt: skip
        return DomainError(_("%(name)s exists only from %(valid_from)s; no data can be dated %(on)s."), params, field="on")
    if unit.valid_to is None or on <= unit.valid_to:
        return None
    if holders:
        return DomainError(
            _("%(name)s existed until %(unit_valid_to)s; data dated %(on)s belongs to its successor: %(holders)s."),
            {
                "name": name,
                "unit_valid_to": format(unit.valid_to, '%d/%m/%Y'),
                "on": format(on, '%d/%m/%Y'),
                "holders": holders,
            },
            field="on",
        )
    return DomainError(
        _(
            "%(name)s existed until %(unit_valid_to)s and no unit of the list in force on %(on)s continues it; no "
            "data can be dated then."
        ),
        {"name": name, "unit_valid_to": format(unit.valid_to, '%d/%m/%Y'), "on": format(on, '%d/%m/%Y')},
        field="on",
    )


def unit_on_date_holders(unit: AdminUnit, on) -> list[AdminUnit]:
    """The units of the list in force on a date that hold `unit`'s territory when `unit` itself did not
    exist on it: its successors after it ended, its predecessors before it began; none otherwise."""
    in_force = scheme_on(on)
    if unit.valid_to is not None and on > unit.valid_to:
        return territory.successors_on(unit, in_force.scheme) if in_force else list(unit_successors(unit))
    if on < unit.valid_from and in_force is not None:
        return territory.predecessors_on(unit, in_force.scheme)
    return []


def unit_inherited(unit: AdminUnit, field: str):
    """An attribute the unit or, failing that, its nearest ancestor sets (region, commune group)."""
    for candidate in [unit, *unit_ancestors(unit)]:
        value = getattr(candidate, field)
        if value not in ("", None):
            return value
    return None


def unit_place(unit: AdminUnit, *, on: dt.date) -> Place:
    """What the criteria engine needs to know of a commune on a date: province, flags, and the region or
    commune group in force then (tamnong.places.groups: only an approved, dated assignment sets a group)."""
    province = ([unit, *unit_ancestors(unit)])[-1]
    commune_group = groups.group_on(unit, on)
    flags = {name for name in ("extremely_difficult", "safety_zone", "poor_district_2018_2020") if getattr(unit, name)}
    return Place(
        scheme=unit.scheme,
        province_code=province.code,
        region=groups.region_on(unit, on),
        commune_group=str(commune_group) if commune_group else None,
        flags=frozenset(flags),
    )


def boundaries_for(unit: AdminUnit | None, *, scheme: str, level: int) -> dict:
    """The uploaded polygons of the units of a level inside a unit, as a GeoJSON FeatureCollection."""
    boundary = BoundarySet.objects.filter(scheme=scheme, level=level).first()
    if boundary is None:
        return {"type": "FeatureCollection", "features": []}
    units = (
        territory.inside(unit, level=level)
        if unit is not None
        else AdminUnit.objects.filter(scheme=scheme, level=level)
    )
    wanted = set(units.values_list("code", flat=True))
    return {"type": "FeatureCollection", "features": [f for code, f in boundary.features.items() if code in wanted]}
