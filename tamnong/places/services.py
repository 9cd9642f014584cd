"""Writes for administrative units and villages. Each state change records an AuditEvent.

Villages (`places.village.write`, on their commune) and unit boundaries (`places.boundaries.upload`, on
the national level) are acts of the authority table. This layer lies below tamnong.accounts, so the
acts are declared and authorised there (tamnong.accounts.services, which every page and command
calls); the writes here take the grant it gives — the proof, with the actor, the unit and the table's
row — check it is for this act and this unit, and audit under it. Loading the official list is the
system's (the `load_units` command)."""

import csv
import datetime as dt
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy

from tamnong.core.bulk import statistics_refresh
from tamnong.core.errors import DomainError
from tamnong.core.i18n import Bilingual
from tamnong.core.services import audit_event_record
from tamnong.core.text import fold_name
from tamnong.places import territory
from tamnong.places.models import (
    KIND_LEVEL,
    AdminUnit,
    AdminUnitSuccession,
    BoundarySet,
    Level,
    Region,
    UnitCoverage,
    UnitKind,
    Village,
    VillageKind,
)
from tamnong.places.schemes import DATA_DIR, scheme_info, schemes

UNIT_DATA_FIELDS = ["name", "kind", "level", "parent", "path", "name_folded", "valid_from", "valid_to", "lat", "lon"]


@dataclass(frozen=True)
class LoadReport:
    units: dict[str, int]
    successions: int
    regions: int
    coverage: int = 0  # rows of the territory table (places.territory)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: unicodedata.normalize("NFC", v) for k, v in row.items()} for row in csv.DictReader(fh)]


def _float(text: str) -> float | None:
    return float(text) if text else None


@transaction.atomic
def units_load(*, data_dir: Path = DATA_DIR) -> LoadReport:
    """Load every scheme's units and the successions between them. Idempotent.

    Reloading refreshes the official fields (name, kind, parent, centroid) and keeps what
    offices edited (region, commune group, flags).
    """
    counts: dict[str, int] = {}
    for info in schemes():
        rows = _read_csv(data_dir / info.file)
        ids: dict[str, int] = {}
        paths: dict[str, str] = {}
        for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
            batch = []
            for row in rows:
                kind = UnitKind(row["kind"])
                if KIND_LEVEL[kind] != level:
                    continue
                parent_id = ids[row["parent_code"]] if row["parent_code"] else None
                parent_path = paths[row["parent_code"]] if row["parent_code"] else ""
                batch.append(
                    AdminUnit(
                        scheme=info.scheme,
                        code=row["code"],
                        name=row["name"],
                        kind=kind,
                        level=level,
                        parent_id=parent_id,
                        path=f"{parent_path}/{row['code']}" if parent_path else row["code"],
                        name_folded=fold_name(row["name"]),
                        valid_from=info.valid_from,
                        valid_to=info.valid_to,
                        lat=_float(row["lat"]),
                        lon=_float(row["lon"]),
                    )
                )
            AdminUnit.objects.bulk_create(
                batch,
                batch_size=2000,
                update_conflicts=True,
                unique_fields=["scheme", "code"],
                update_fields=UNIT_DATA_FIELDS,
            )
            for code, pk, path in AdminUnit.objects.filter(scheme=info.scheme, level=level).values_list(
                "code", "pk", "path"
            ):
                ids[code] = pk
                paths[code] = path
        counts[info.scheme] = len(rows)
    successions = _successions_load(data_dir)
    regions = _regions_load(data_dir)
    coverage = territory.coverage_rebuild()
    # the tables were just filled or rewritten: without statistics PostgreSQL plans the first reads of a
    # fresh database as if they were empty (nested loops over thousands of units)
    statistics_refresh(AdminUnit, AdminUnitSuccession, UnitCoverage)
    return LoadReport(units=counts, successions=successions, regions=regions, coverage=coverage)


def _successions_load(data_dir: Path) -> int:
    total = 0
    ordered = list(schemes())
    for old, new in zip(ordered, ordered[1:], strict=False):
        path = data_dir / f"successions-{old.scheme}--{new.scheme}.csv"
        if not path.exists():
            continue
        old_ids = dict(AdminUnit.objects.filter(scheme=old.scheme).values_list("code", "pk"))
        new_ids = dict(AdminUnit.objects.filter(scheme=new.scheme).values_list("code", "pk"))
        links = [
            AdminUnitSuccession(
                predecessor_id=old_ids[row["old_code"]],
                successor_id=new_ids[row["new_code"]],
                kind=row["kind"],
                effective_on=scheme_info(new.scheme).valid_from,
            )
            for row in _read_csv(path)
        ]
        AdminUnitSuccession.objects.bulk_create(
            links,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["predecessor", "successor"],
            update_fields=["kind", "effective_on"],
        )
        total += len(links)
    return total


def _regions_load(data_dir: Path) -> int:
    """Set the region of old-scheme provinces that have none yet (never overwrite an office's edit)."""
    path = data_dir / "regions.csv"
    if not path.exists():
        return 0
    updated = 0
    for row in _read_csv(path):
        if row["region"]:
            updated += AdminUnit.objects.filter(
                level=Level.PROVINCE,
                code=row["province_code"],
                region="",
                scheme__in=[s.scheme for s in schemes() if s.has_districts],
            ).update(region=Region(row["region"]))
    return updated


def _village_snapshot(village: Village) -> dict:
    return {
        "name": village.name,
        "kind": village.kind,
        "commune": village.commune.key,
        "valid_from": village.valid_from.isoformat() if village.valid_from else None,
        "valid_to": village.valid_to.isoformat() if village.valid_to else None,
        "merged_into": village.merged_into_id,
    }


def village_name_clean(*, commune: AdminUnit, name: str, exclude_pk: int | None = None) -> str:
    """The name normalised (NFC, single spaces), or a DomainError if empty or already used in the commune."""
    name = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not name:
        raise DomainError(gettext_lazy("The village name must not be empty."), field="name")
    clash = Village.objects.filter(commune=commune, name_folded=fold_name(name), valid_to__isnull=True)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(
            gettext_lazy("%(commune_title)s already has a village named “%(name)s”."),
            {"commune_title": commune.title, "name": name},
            field="name",
        )
    return name


VILLAGE_WRITE = "places.village.write"
BOUNDARIES_UPLOAD = "places.boundaries.upload"


def village_commune_check(commune: AdminUnit) -> None:
    if commune.level != Level.COMMUNE:
        raise DomainError(
            gettext_lazy(
                "%(commune_title)s is not a commune-level unit: villages belong to a commune, ward or "
                "special zone."
            ),
            {"commune_title": commune.title},
            field="commune",
        )


def _granted(grant, action: str, unit: AdminUnit | None) -> None:
    """The grant (tamnong.accounts.authority.Grant) is for this act on this unit: a programming error if not."""
    if getattr(grant, "action", None) != action or getattr(grant, "unit", None) != unit:
        raise TypeError(f"{action} needs the grant of tamnong.accounts.services for {unit}, not {grant!r}")


def _audit(grant, *, target, before=None, after=None):
    return audit_event_record(actor=grant.actor, action=grant.action, target=target, before=before, after=after,
                              unit=grant.unit, rule=grant.rule)  # fmt: skip


def village_create(
    *, grant, commune: AdminUnit, name: str, kind: str = VillageKind.THON, valid_from: dt.date | None = None
) -> Village:
    village_commune_check(commune)
    _granted(grant, VILLAGE_WRITE, commune)
    name = village_name_clean(commune=commune, name=name)
    village = Village.objects.create(
        commune=commune, name=name, name_folded=fold_name(name), kind=VillageKind(kind), valid_from=valid_from
    )
    _audit(grant, target=village, after=_village_snapshot(village))
    return village


def village_rename(*, grant, village: Village, name: str) -> Village:
    _granted(grant, VILLAGE_WRITE, village.commune)
    before = _village_snapshot(village)
    village.name = village_name_clean(commune=village.commune, name=name, exclude_pk=village.pk)
    village.name_folded = fold_name(village.name)
    village.save(update_fields=["name", "name_folded"])
    _audit(grant, target=village, before=before, after=_village_snapshot(village))
    return village


def village_merge(*, grant, villages: list[Village], into: Village, on: dt.date) -> Village:
    """Villages merge into `into` from date `on`: they end the day before and point to it."""
    _granted(grant, VILLAGE_WRITE, into.commune)
    for village in villages:
        if village.pk == into.pk:
            continue
        if village.commune_id != into.commune_id:
            raise DomainError(
                gettext_lazy("Cannot merge %(village)s into %(into)s: they belong to different communes."),
                {"village": village, "into": into},
                field="villages",
            )
        if village.valid_to is not None:
            raise DomainError(
                gettext_lazy("%(village)s ended on %(village_valid_to)s."),
                {"village": village, "village_valid_to": format(village.valid_to, '%d/%m/%Y')},
                field="villages",
            )
        before = _village_snapshot(village)
        village.valid_to = on - dt.timedelta(days=1)
        village.merged_into = into
        village.save(update_fields=["valid_to", "merged_into"])
        _audit(grant, target=village, before=before, after=_village_snapshot(village))
    return into


def boundary_set_upload(*, grant, scheme: str, level: int, code_property: str, source: str, data: bytes):
    """Store the polygons of a GeoJSON FeatureCollection for the units of a list and level (the whole
    country's: the national level acts).

    Every feature must carry the official code in `code_property` and match a unit; otherwise
    nothing is stored and the message names the feature and the reason."""
    _granted(grant, BOUNDARIES_UPLOAD, None)
    try:
        collection = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(gettext_lazy("The file is not valid GeoJSON: %(exc)s."), {"exc": exc}, field="file") from None  # fmt: skip
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise DomainError(gettext_lazy("The GeoJSON file must be a FeatureCollection."), field="file")  # fmt: skip
    codes = set(AdminUnit.objects.filter(scheme=scheme, level=level).values_list("code", flat=True))
    width = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}[Level(level)]
    features: dict[str, dict] = {}
    for index, feature in enumerate(collection.get("features") or [], start=1):
        geometry = (feature or {}).get("geometry") or {}
        raw = ((feature or {}).get("properties") or {}).get(code_property)
        code = str(raw).strip().zfill(width) if raw not in (None, "") else ""
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            reason = ("không có hình đa giác (Polygon/MultiPolygon)", "has no Polygon/MultiPolygon geometry")
        elif not code:
            reason = (f"không có thuộc tính «{code_property}»", f"has no property “{code_property}”")
        elif code not in codes:
            reason = (f"mã {code} không có trong danh mục {scheme}", f"code {code} is not on the {scheme} list")
        else:
            features[code] = {"type": "Feature", "geometry": geometry, "properties": {"code": code}}
            continue
        raise DomainError(
            gettext_lazy("Feature %(index)s %(reason)s; nothing saved."),
            {"index": index, "reason": Bilingual(reason[0], reason[1])},
            field="file",
        )  # fmt: skip
    if not features:
        raise DomainError(gettext_lazy("The file has no feature."), field="file")
    boundary, _ = BoundarySet.objects.update_or_create(
        scheme=scheme, level=level,
        defaults={"code_property": code_property, "source": source, "features": features},
    )  # fmt: skip
    _audit(grant, target=boundary,
           after={"scheme": scheme, "level": level, "features": len(features), "source": source})  # fmt: skip
    return boundary
