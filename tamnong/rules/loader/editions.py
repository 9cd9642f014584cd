"""Editions: an edition folder, or its texts kept in a database, read into an ``Edition`` with
its overlays and the cross-file checks; the package editions by id (cached), their list, and
their texts as kept to re-read the exact rules of an old evaluation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from tamnong.rules.errors import RulesDataError, UnknownEdition
from tamnong.rules.loader.criteria import _criterion, _sort_key
from tamnong.rules.loader.header import _edition_header
from tamnong.rules.loader.overlays import overlay_from_text
from tamnong.rules.loader.reading import content_hash, parse_yaml
from tamnong.rules.loader.schema import _Ctx
from tamnong.rules.model import Criterion, Edition, Indicator, Tier, frozen_map

DATA_DIR = Path(__file__).parents[1] / "data"
EDITION_FILE = "edition.yaml"
PROVINCES_DIR = "provinces"


def load_edition_dir(folder: Path | str) -> Edition:
    """Load an edition from any folder (e.g. an export to review). Not cached.

    Overlays in ``<folder>/provinces/`` are loaded and validated too.
    """
    folder = Path(folder)
    if not (folder / EDITION_FILE).is_file():
        raise RulesDataError(
            EDITION_FILE,
            "",
            "không tìm thấy tệp edition.yaml trong thư mục bộ tiêu chí",
            "no edition.yaml in the edition folder",
        )
    texts: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.is_dir():
            continue
        try:
            texts[relative.as_posix()] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise RulesDataError(relative.as_posix(), "", f"không đọc được tệp ({e})", f"cannot read file ({e})") from e
    return load_edition_texts(texts)


def load_edition_texts(texts: Mapping[str, str]) -> Edition:
    """Load an edition from its YAML texts keyed by path inside the edition folder (`edition.yaml`,
    `standard/c01.yaml`, `provinces/17.yaml`…): a version kept in a database loads like the files."""
    if EDITION_FILE not in texts:
        raise RulesDataError(
            EDITION_FILE,
            "",
            "không tìm thấy tệp edition.yaml trong thư mục bộ tiêu chí",
            "no edition.yaml in the edition folder",
        )
    raw_files: dict[str, Any] = {EDITION_FILE: parse_yaml(texts[EDITION_FILE], EDITION_FILE)}
    header = _edition_header(raw_files[EDITION_FILE], _Ctx(EDITION_FILE))
    tier_ids = [t["id"] for t in header["tiers"]]
    by_folder: dict[str, list[str]] = {}
    for name in sorted(texts):
        if name == EDITION_FILE:
            continue
        top, _, rest = name.partition("/")
        if not rest or "/" in rest or (top not in tier_ids and top != PROVINCES_DIR):
            raise RulesDataError(
                name,
                "",
                "tệp hoặc thư mục không thuộc bộ tiêu chí (chỉ edition.yaml, thư mục bậc, provinces/)",
                "file or folder not part of the edition (only edition.yaml, tier folders, provinces/)",
            )
        if not rest.endswith(".yaml"):
            raise RulesDataError(name, "", "thư mục bậc chỉ chứa tệp .yaml", "a tier folder holds only .yaml files")
        by_folder.setdefault(top, []).append(name)

    tiers: list[Tier] = []
    codes_seen: dict[str, tuple[str, Indicator]] = {}
    for i, t in enumerate(header["tiers"]):
        if t["id"] not in by_folder:
            raise RulesDataError(
                EDITION_FILE,
                f"tiers.{i}",
                f"thiếu thư mục của bậc: {t['id']}/",
                f"missing folder of tier: {t['id']}/",
            )
        criteria: list[Criterion] = []
        for rel in by_folder[t["id"]]:
            raw_files[rel] = parse_yaml(texts[rel], rel)
            crit = _criterion(raw_files[rel], _Ctx(rel), t["id"], header, first_tier=(i == 0))
            if any(c.number == crit.number for c in criteria):
                raise RulesDataError(
                    rel,
                    "number",
                    f"tiêu chí {crit.number} bị trùng trong bậc {t['id']}",
                    f"criterion {crit.number} appears twice in tier {t['id']}",
                )
            for ind in crit.indicators:
                _check_same_measure(ind, t["id"], codes_seen, rel, tier_ids[:i])
            criteria.append(crit)
        if len(criteria) != t["criteria_count"]:
            raise RulesDataError(
                EDITION_FILE,
                f"tiers.{i}.criteria_count",
                f"khai báo {t['criteria_count']} tiêu chí nhưng thư mục {t['id']}/ có {len(criteria)}",
                f"declares {t['criteria_count']} criteria but folder {t['id']}/ holds {len(criteria)}",
            )
        criteria.sort(key=lambda c: _sort_key(c.number))
        tiers.append(
            Tier(
                t["id"],
                t["name_vi"],
                t["name_en"],
                t["legal_basis"],
                t.get("source"),
                tuple(criteria),
                t.get("note"),
            )
        )

    # cross-tier references
    for ti, tier in enumerate(tiers):
        for crit in tier.criteria:
            if crit.requires_lower_criterion is not None:
                lower = tiers[ti - 1]
                if all(c.number != crit.requires_lower_criterion for c in lower.criteria):
                    raise RulesDataError(
                        crit.file,
                        "requires_lower_criterion",
                        f"bậc {lower.id} không có tiêu chí {crit.requires_lower_criterion}",
                        f"tier {lower.id} has no criterion {crit.requires_lower_criterion}",
                    )
            for ind in crit.indicators:
                for eff, e in ind.values.items():
                    if e.relative_to is None:
                        continue
                    where = (
                        _Ctx(crit.file)
                        .at("indicators")
                        .at(ind.code)
                        .at("values")
                        .at(eff.isoformat())
                        .at("relative_to")
                        .at("tier")
                        .path
                    )
                    lower_ids = [t.id for t in tiers[:ti]]
                    if e.relative_to.tier not in lower_ids:
                        raise RulesDataError(
                            crit.file,
                            where,
                            f"phải là một bậc thấp hơn: {', '.join(lower_ids) or '—'}",
                            f"must be a lower tier: {', '.join(lower_ids) or '—'}",
                        )
                    ref_tier = tiers[tier_ids.index(e.relative_to.tier)]
                    if not any(i2.code == ind.code for c2 in ref_tier.criteria for i2 in c2.indicators):
                        raise RulesDataError(
                            crit.file,
                            where,
                            f"bậc {ref_tier.id} không có chỉ tiêu {ind.code}",
                            f"tier {ref_tier.id} has no indicator {ind.code}",
                        )

    edition = Edition(
        id=header["id"],
        name_vi=header["name_vi"],
        name_en=header["name_en"],
        legal_basis=header["legal_basis"],
        issued_on=header["issued_on"],
        valid_from=header["valid_from"],
        source=header["source"],
        superseded_by=header["superseded_by"],
        place_key=header["place_key"],
        places=frozen_map(header["places"]),
        groups=frozen_map(header["groups"]),
        flags=frozen_map(header["flags"]),
        units=frozen_map(header["units"]),
        tiers=tuple(tiers),
        special_rules=header["special_rules"],
        overlay_policy=header["overlay_policy"],
        content_hash=content_hash(raw_files),
        note=header["note"],
    )
    overlays = [overlay_from_text(texts[name], edition, name=name) for name in by_folder.get(PROVINCES_DIR, [])]
    if overlays:
        edition = edition.with_overlays(*overlays)
    return edition


def _check_same_measure(
    ind: Indicator, tier_id: str, seen: dict[str, tuple[str, Indicator]], rel: str, lower_tiers: list[str]
) -> None:
    prev = seen.get(ind.code)
    if prev is None:
        seen[ind.code] = (tier_id, ind)
        return
    prev_tier, p = prev
    where = _Ctx(rel).at("indicators").at(ind.code).path
    if prev_tier == tier_id:
        raise RulesDataError(
            rel,
            where,
            f"mã chỉ tiêu {ind.code} bị trùng trong bậc {tier_id}",
            f"indicator code {ind.code} appears twice in tier {tier_id}",
        )
    if (p.kind, p.unit) != (ind.kind, ind.unit) or (p.comparator or "") != (ind.comparator or ""):
        raise RulesDataError(
            rel,
            where,
            f"cùng mã {ind.code} ở bậc {prev_tier} là một đại lượng khác (loại, đơn vị, phép so sánh phải giống)",
            f"the same code {ind.code} in tier {prev_tier} is a different measure (kind, unit, comparator must match)",
        )


# An edition id is folder names of lowercase letters, digits and hyphens ("ntm/commune-2021-2025"):
# anything else ("..", a very long text, a NUL byte) names no edition and never reaches the disk.
_EDITION_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}(?:/[a-z0-9][a-z0-9-]{0,63}){0,3}")


@cache
def _load_cached(edition_id: str, data_dir: str) -> Edition:
    if not isinstance(edition_id, str) or not _EDITION_ID.fullmatch(edition_id):
        shown = str(edition_id)[:80]
        raise UnknownEdition(f"không có bộ tiêu chí '{shown}'", f"no edition '{shown}'")
    folder = Path(data_dir) / edition_id
    if not (folder / EDITION_FILE).is_file():
        raise UnknownEdition(f"không có bộ tiêu chí '{edition_id}'", f"no edition '{edition_id}'")
    edition = load_edition_dir(folder)
    if edition.id != edition_id:
        raise RulesDataError(
            f"{edition_id}/{EDITION_FILE}",
            "id",
            f"mã '{edition.id}' không khớp thư mục '{edition_id}'",
            f"id '{edition.id}' does not match folder '{edition_id}'",
        )
    return edition


def load_edition(edition_id: str, data_dir: Path | str | None = None) -> Edition:
    """Load (and cache) the edition ``edition_id``, e.g. ``"ntm/commune-2021-2025"``."""
    return _load_cached(edition_id, str(Path(data_dir) if data_dir is not None else DATA_DIR))


def list_editions(data_dir: Path | str | None = None) -> list[str]:
    """Ids of the editions under ``data_dir`` (default: the package data)."""
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    return sorted(p.parent.relative_to(root).as_posix() for p in root.rglob(EDITION_FILE))


# --------------------------------------------------------------------------- versions kept as text


def edition_files(edition_id: str, data_dir: Path | str | None = None) -> dict[str, str]:
    """The YAML texts of an edition (with its province overlays), keyed by path inside its folder:
    what an installation keeps to re-read the exact rules an old evaluation used."""
    folder = (Path(data_dir) if data_dir is not None else DATA_DIR) / edition_id
    if not (folder / EDITION_FILE).is_file():
        raise UnknownEdition(f"không có bộ tiêu chí '{edition_id}'", f"no edition '{edition_id}'")
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.yaml"))}
