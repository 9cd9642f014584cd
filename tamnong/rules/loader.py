"""YAML -> Edition. Strict: every schema break is a RulesDataError naming the file, the
path inside it and the reason, in Vietnamese and English.

Layout of an edition folder (details in ``tamnong/rules/README.md``)::

    <edition>/edition.yaml          id, names, legal basis, dates, places, tiers, special rules
    <edition>/<tier id>/cNN.yaml    one criterion of that tier, with its indicators
    <edition>/provinces/<code>.yaml province overlays (optional)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tamnong.rules.errors import RulesDataError, UnknownEdition
from tamnong.rules.in_force import change_dates, in_force
from tamnong.rules.model import (
    CODE_STATUSES,
    COMPARATORS,
    KINDS,
    PLACE_KEYS,
    Band,
    Criterion,
    Edition,
    Indicator,
    Label,
    Overlay,
    RelativeTo,
    SpecialRule,
    Supersession,
    Tier,
    Unit,
    ValueEntry,
    frozen_map,
)

DATA_DIR = Path(__file__).parent / "data"
EDITION_FILE = "edition.yaml"
PROVINCES_DIR = "provinces"
OVERLAY_POLICIES = ("tighten_only",)

# --------------------------------------------------------------------------- YAML reading


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (we parse them with a path for the error),
    reads only true/false as booleans (``on:``/``yes`` stay text) and refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_yaml(path: Path, name: str | None = None) -> Any:
    """Read one YAML file strictly. ``name`` is how errors name the file."""
    name = name or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RulesDataError(name, "", f"không đọc được tệp ({e.strerror})", f"cannot read file ({e.strerror})") from e
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where_vi = f" (dòng {mark.line + 1})" if mark else ""
        where_en = f" (line {mark.line + 1})" if mark else ""
        problem = e.problem or str(e)
        raise RulesDataError(
            name, "", f"YAML không hợp lệ{where_vi}: {problem}", f"invalid YAML{where_en}: {problem}"
        ) from e
    except yaml.YAMLError as e:
        raise RulesDataError(name, "", f"YAML không hợp lệ: {e}", f"invalid YAML: {e}") from e


def _stringify_keys(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _stringify_keys(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_stringify_keys(v) for v in obj]
    return obj


def canonical_json(obj: Any) -> str:
    """Canonical serialisation used for content hashes (independent of YAML layout)."""
    return json.dumps(_stringify_keys(obj), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(files: Mapping[str, Any]) -> str:
    """sha256 over the canonical serialisation of parsed files, keyed by relative name."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8"))
        h.update(b"\0")
        h.update(canonical_json(files[name]).encode("utf-8"))
        h.update(b"\0")
    return "sha256:" + h.hexdigest()


# --------------------------------------------------------------------------- schema helpers

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Ctx:
    """Where we are: a file and a path inside it."""

    def __init__(self, file: str, parts: tuple[str, ...] = ()) -> None:
        self.file = file
        self.parts = parts

    def at(self, key: Any) -> _Ctx:
        k = str(key)
        if "." in k or " " in k or k == "":
            k = f'"{k}"'
        return _Ctx(self.file, self.parts + (k,))

    @property
    def path(self) -> str:
        return ".".join(self.parts)

    def fail(self, reason_vi: str, reason_en: str) -> RulesDataError:
        return RulesDataError(self.file, self.path, reason_vi, reason_en)


def _mapping(obj: Any, ctx: _Ctx, required: set[str], optional: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    if not isinstance(obj, Mapping):
        raise ctx.fail("phải là một bảng (mapping)", "must be a mapping")
    for key in obj:
        if not isinstance(key, str):
            raise ctx.at(key).fail(f"khóa phải là chuỗi: {key!r}", f"key must be a string: {key!r}")
        if key not in required and key not in optional:
            allowed = ", ".join(sorted(required | set(optional)))
            raise ctx.at(key).fail(
                f"khóa không được phép '{key}' (cho phép: {allowed})",
                f"unknown key '{key}' (allowed: {allowed})",
            )
    for key in sorted(required):
        if key not in obj:
            raise ctx.fail(f"thiếu khóa bắt buộc '{key}'", f"missing required key '{key}'")
    return dict(obj)


def _text(obj: Any, ctx: _Ctx) -> str:
    if not isinstance(obj, str) or not obj.strip():
        raise ctx.fail(f"phải là một chuỗi không rỗng, không phải {obj!r}", f"must be a non-empty string, not {obj!r}")
    return obj


def _opt_text(d: Mapping[str, Any], key: str, ctx: _Ctx) -> str | None:
    return _text(d[key], ctx.at(key)) if key in d and d[key] is not None else None


def _date(obj: Any, ctx: _Ctx) -> date:
    if isinstance(obj, str) and _DATE_RE.match(obj):
        try:
            return date.fromisoformat(obj)
        except ValueError:
            pass
    raise ctx.fail(f"ngày không hợp lệ: {obj!r} (định dạng YYYY-MM-DD)", f"bad date: {obj!r} (format YYYY-MM-DD)")


def _number(obj: Any, ctx: _Ctx) -> int | float:
    if isinstance(obj, bool) or not isinstance(obj, (int, float)):
        raise ctx.fail(f"giá trị không phải là số: {obj!r}", f"value is not a number: {obj!r}")
    if obj != obj or obj in (float("inf"), float("-inf")):
        raise ctx.fail(f"giá trị không phải là số hữu hạn: {obj!r}", f"value is not a finite number: {obj!r}")
    return obj


def _text_list(obj: Any, ctx: _Ctx) -> tuple[str, ...]:
    if not isinstance(obj, list):
        raise ctx.fail("phải là một danh sách", "must be a list")
    return tuple(_text(v, ctx.at(i)) for i, v in enumerate(obj))


def _labels(obj: Any, ctx: _Ctx) -> dict[str, Label]:
    if not isinstance(obj, Mapping):
        raise ctx.fail("phải là một bảng (mapping)", "must be a mapping")
    out = {}
    for code, v in obj.items():
        c = ctx.at(code)
        d = _mapping(v, c, {"name_vi", "name_en"}, {"note"})
        out[str(code)] = Label(_text(d["name_vi"], c.at("name_vi")), _text(d["name_en"], c.at("name_en")))
    return out


# --------------------------------------------------------------------------- edition.yaml


def _edition_header(raw: Any, ctx: _Ctx) -> dict[str, Any]:
    d = _mapping(
        raw,
        ctx,
        {
            "id",
            "name_vi",
            "name_en",
            "legal_basis",
            "issued_on",
            "valid_from",
            "superseded_by",
            "place_key",
            "places",
            "groups",
            "flags",
            "units",
            "tiers",
            "special_rules",
            "province_overlays",
        },
        {"source", "note"},
    )
    out: dict[str, Any] = {}
    for key in ("id", "name_vi", "name_en", "legal_basis"):
        out[key] = _text(d[key], ctx.at(key))
    out["source"] = _opt_text(d, "source", ctx)
    out["note"] = _opt_text(d, "note", ctx)
    out["issued_on"] = _date(d["issued_on"], ctx.at("issued_on"))
    out["valid_from"] = _date(d["valid_from"], ctx.at("valid_from"))

    sup = d["superseded_by"]
    if sup is None:
        out["superseded_by"] = None
    else:
        c = ctx.at("superseded_by")
        s = _mapping(sup, c, {"id", "on", "legal_basis", "transition_vi", "transition_en"})
        out["superseded_by"] = Supersession(
            _text(s["id"], c.at("id")),
            _date(s["on"], c.at("on")),
            _text(s["legal_basis"], c.at("legal_basis")),
            _text(s["transition_vi"], c.at("transition_vi")),
            _text(s["transition_en"], c.at("transition_en")),
        )

    if d["place_key"] not in PLACE_KEYS:
        raise ctx.at("place_key").fail(
            f"phải là một trong: {', '.join(PLACE_KEYS)}", f"must be one of: {', '.join(PLACE_KEYS)}"
        )
    out["place_key"] = d["place_key"]
    out["places"] = _labels(d["places"], ctx.at("places"))
    if not out["places"]:
        raise ctx.at("places").fail("không được rỗng", "must not be empty")
    out["groups"] = _labels(d["groups"], ctx.at("groups"))
    out["flags"] = _labels(d["flags"], ctx.at("flags"))

    units_ctx = ctx.at("units")
    if not isinstance(d["units"], Mapping):
        raise units_ctx.fail("phải là một bảng (mapping)", "must be a mapping")
    units = {}
    for code, v in d["units"].items():
        c = units_ctx.at(code)
        u = _mapping(v, c, {"label_vi", "label_en", "joined"})
        if not isinstance(u["joined"], bool):
            raise c.at("joined").fail("phải là true hoặc false", "must be true or false")
        if not isinstance(u["label_vi"], str) or not isinstance(u["label_en"], str):
            raise c.fail("nhãn phải là chuỗi", "labels must be strings")
        units[str(code)] = Unit(u["label_vi"], u["label_en"], u["joined"])
    out["units"] = units

    tiers_ctx = ctx.at("tiers")
    if not isinstance(d["tiers"], list) or not d["tiers"]:
        raise tiers_ctx.fail("phải là một danh sách bậc không rỗng", "must be a non-empty list of tiers")
    tiers = []
    for i, t in enumerate(d["tiers"]):
        c = tiers_ctx.at(i)
        td = _mapping(t, c, {"id", "name_vi", "name_en", "legal_basis", "criteria_count"}, {"source", "note"})
        if (
            not isinstance(td["criteria_count"], int)
            or isinstance(td["criteria_count"], bool)
            or td["criteria_count"] < 1
        ):
            raise c.at("criteria_count").fail("phải là số nguyên dương", "must be a positive integer")
        if not re.match(r"^[a-z][a-z0-9_]*$", str(td["id"])):
            raise c.at("id").fail(
                "mã bậc chỉ gồm chữ thường, số, '_'", "tier id must be lowercase letters, digits, '_'"
            )
        tiers.append(td)
    ids = [t["id"] for t in tiers]
    if len(set(ids)) != len(ids):
        raise tiers_ctx.fail("mã bậc bị trùng", "duplicate tier id")
    out["tiers"] = tiers

    rules_ctx = ctx.at("special_rules")
    if not isinstance(d["special_rules"], list):
        raise rules_ctx.fail("phải là một danh sách", "must be a list")
    rules = []
    for i, r in enumerate(d["special_rules"]):
        c = rules_ctx.at(i)
        rd = _mapping(
            r,
            c,
            {
                "id",
                "use_" + out["place_key"],
                "when_any_flag",
                "and_all_flags",
                "tiers",
                "description_vi",
                "description_en",
                "reference",
            },
            {"source"},
        )
        use = str(rd["use_" + out["place_key"]])
        if use not in out["places"]:
            raise c.at("use_" + out["place_key"]).fail(f"không có trong 'places': {use}", f"not in 'places': {use}")
        any_f = _text_list(rd["when_any_flag"], c.at("when_any_flag"))
        all_f = _text_list(rd["and_all_flags"], c.at("and_all_flags"))
        for f in any_f + all_f:
            if f not in out["flags"]:
                raise c.fail(f"cờ chưa khai báo trong 'flags': {f}", f"flag not declared in 'flags': {f}")
        rule_tiers = _text_list(rd["tiers"], c.at("tiers"))
        for t in rule_tiers:
            if t not in ids:
                raise c.at("tiers").fail(f"bậc không tồn tại: {t}", f"no such tier: {t}")
        rules.append(
            SpecialRule(
                _text(rd["id"], c.at("id")),
                use,
                any_f,
                all_f,
                rule_tiers,
                _text(rd["description_vi"], c.at("description_vi")),
                _text(rd["description_en"], c.at("description_en")),
                _text(rd["reference"], c.at("reference")),
                _opt_text(rd, "source", c),
            )
        )
    out["special_rules"] = tuple(rules)

    pc = ctx.at("province_overlays")
    po = _mapping(d["province_overlays"], pc, {"policy", "reference"}, {"note"})
    if po["policy"] not in OVERLAY_POLICIES:
        raise pc.at("policy").fail(
            f"phải là một trong: {', '.join(OVERLAY_POLICIES)}",
            f"must be one of: {', '.join(OVERLAY_POLICIES)}",
        )
    out["overlay_policy"] = po["policy"]
    return out


# --------------------------------------------------------------------------- indicators


_ENTRY_CHOICES = ("value", "by_region", "by_commune_group", "band", "relative_to", "unknown")


def _entry(
    raw: Any, ctx: _Ctx, eff: date, ind: dict[str, Any], header: dict[str, Any], *, some_places: bool = False
) -> ValueEntry:
    """One dated entry. A national entry by place names every place; a province's (`some_places`)
    names the places of its communes, and the others keep the national value."""
    kind = ind["kind"]
    d = _mapping(raw, ctx, {"reference"}, {"source", "note", "reason", "reason_en", *_ENTRY_CHOICES})
    chosen = [k for k in _ENTRY_CHOICES if k in d]
    if len(chosen) != 1:
        raise ctx.fail(
            "cần đúng một trong: value, by_region, by_commune_group, band, relative_to, unknown"
            + (f" (đang có: {', '.join(chosen)})" if chosen else ""),
            "needs exactly one of: value, by_region, by_commune_group, band, relative_to, unknown"
            + (f" (found: {', '.join(chosen)})" if chosen else ""),
        )
    which = chosen[0]
    common = dict(
        effective=eff,
        reference=_text(d["reference"], ctx.at("reference")),
        source=_opt_text(d, "source", ctx),
        note=_opt_text(d, "note", ctx),
    )
    if which != "unknown":
        for k in ("reason", "reason_en"):
            if k in d:
                raise ctx.at(k).fail("chỉ dùng cùng 'unknown: true'", "only allowed with 'unknown: true'")

    if which == "unknown":
        if d["unknown"] is not True:
            raise ctx.at("unknown").fail("chỉ được ghi 'unknown: true'", "must be 'unknown: true'")
        for k in ("reason", "reason_en"):
            if k not in d:
                raise ctx.fail(f"'unknown: true' cần '{k}'", f"'unknown: true' needs '{k}'")
        return ValueEntry(
            unknown=True,
            reason_vi=_text(d["reason"], ctx.at("reason")),
            reason_en=_text(d["reason_en"], ctx.at("reason_en")),
            **common,
        )

    if kind == "score_band" and which != "band":
        raise ctx.fail(
            "chỉ tiêu loại score_band cần 'band' hoặc 'unknown'",
            "a score_band indicator needs 'band' or 'unknown'",
        )
    if kind != "score_band" and which == "band":
        raise ctx.at("band").fail("'band' chỉ dùng cho loại score_band", "'band' is only for kind score_band")
    if kind == "yes_no" and which != "value":
        raise ctx.fail(
            "chỉ tiêu có/không cần 'value: true' hoặc 'unknown'",
            "a yes_no indicator needs 'value: true' or 'unknown'",
        )

    if which == "value":
        c = ctx.at("value")
        if kind == "yes_no":
            if not isinstance(d["value"], bool):
                raise c.fail(
                    f"chỉ tiêu có/không cần true hoặc false, không phải {d['value']!r}",
                    f"a yes_no indicator needs true or false, not {d['value']!r}",
                )
            return ValueEntry(value=d["value"], **common)
        return ValueEntry(value=_kind_number(d["value"], c, kind), **common)

    if which in ("by_region", "by_commune_group"):
        c = ctx.at(which)
        expected = "by_" + header["place_key"]
        if which != expected:
            raise c.fail(
                f"bộ tiêu chí này phân theo '{header['place_key']}': dùng '{expected}'",
                f"this edition is keyed by '{header['place_key']}': use '{expected}'",
            )
        m = d[which]
        if not isinstance(m, Mapping):
            raise c.fail("phải là một bảng (mapping)", "must be a mapping")
        keys = {str(k) for k in m}
        missing = [p for p in header["places"] if p not in keys]
        extra = sorted(keys - set(header["places"]))
        if missing and not (some_places and keys):
            raise c.fail(f"thiếu: {', '.join(missing)}", f"missing: {', '.join(missing)}")
        if extra:
            raise c.fail(
                f"mã không có trong 'places': {', '.join(extra)}",
                f"codes not in 'places': {', '.join(extra)}",
            )
        values = {str(k): _kind_number(v, c.at(k), kind) for k, v in m.items()}
        return ValueEntry(by_place=frozen_map(values), **common)

    if which == "band":
        c = ctx.at("band")
        b = _mapping(d["band"], c, {"from", "below"})
        lo, hi = _number(b["from"], c.at("from")), _number(b["below"], c.at("below"))
        if not lo < hi:
            raise c.fail("'from' phải nhỏ hơn 'below'", "'from' must be less than 'below'")
        return ValueEntry(band=Band(lo, hi), **common)

    # relative_to
    c = ctx.at("relative_to")
    r = _mapping(d["relative_to"], c, {"tier", "factor"})
    factor = _number(r["factor"], c.at("factor"))
    if factor <= 0:
        raise c.at("factor").fail("phải là số dương", "must be positive")
    return ValueEntry(relative_to=RelativeTo(_text(r["tier"], c.at("tier")), factor), **common)


def _kind_number(obj: Any, ctx: _Ctx, kind: str) -> int | float:
    x = _number(obj, ctx)
    if kind == "percent" and not 0 <= x <= 100:
        raise ctx.fail(f"tỷ lệ phần trăm phải trong khoảng 0–100: {x}", f"a percentage must be within 0–100: {x}")
    if kind == "count" and (not isinstance(x, int) or x < 0):
        raise ctx.fail(f"số đếm phải là số nguyên không âm: {x}", f"a count must be a non-negative integer: {x}")
    return x


def _indicator(code: str, raw: Any, ctx: _Ctx, header: dict[str, Any], province_code: str | None = None) -> Indicator:
    d = _mapping(raw, ctx, {"name_vi", "name_en", "code_status", "kind", "unit", "values"}, {"comparator", "note"})
    if d["kind"] not in KINDS:
        raise ctx.at("kind").fail(
            f"loại không hợp lệ: {d['kind']!r} (cho phép: {', '.join(KINDS)})",
            f"bad kind: {d['kind']!r} (allowed: {', '.join(KINDS)})",
        )
    if d["code_status"] not in CODE_STATUSES:
        raise ctx.at("code_status").fail(
            f"phải là một trong: {', '.join(CODE_STATUSES)}", f"must be one of: {', '.join(CODE_STATUSES)}"
        )
    kind = d["kind"]
    if kind == "score_band":
        if "comparator" in d:
            raise ctx.at("comparator").fail(
                "chỉ tiêu score_band không dùng 'comparator' (dùng 'band')",
                "a score_band indicator takes no 'comparator' (it uses 'band')",
            )
        comparator = None
    else:
        if "comparator" not in d:
            raise ctx.fail("thiếu khóa bắt buộc 'comparator'", "missing required key 'comparator'")
        comparator = d["comparator"]
        if comparator not in COMPARATORS:
            raise ctx.at("comparator").fail(
                f"phép so sánh không hợp lệ: {comparator!r} (cho phép: {', '.join(COMPARATORS)})",
                f"bad comparator: {comparator!r} (allowed: {', '.join(COMPARATORS)})",
            )
        if kind == "yes_no" and comparator != "==":
            raise ctx.at("comparator").fail("chỉ tiêu có/không dùng '=='", "a yes_no indicator uses '=='")
    unit = _text(d["unit"], ctx.at("unit"))
    if unit not in header["units"]:
        raise ctx.at("unit").fail(
            f"đơn vị chưa khai báo trong 'units' của edition.yaml: {unit}",
            f"unit not declared in 'units' of edition.yaml: {unit}",
        )
    if kind == "percent" and unit != "percent":
        raise ctx.at("unit").fail("loại percent cần đơn vị 'percent'", "kind percent needs unit 'percent'")
    vctx = ctx.at("values")
    if not isinstance(d["values"], Mapping) or not d["values"]:
        raise vctx.fail("phải là một bảng ngày → giá trị, không rỗng", "must be a non-empty map of date → entry")
    values: dict[date, ValueEntry] = {}
    for key, entry in d["values"].items():
        ec = vctx.at(key)
        eff = _date(key, ec)
        if eff < header["valid_from"]:
            raise ec.fail(
                f"ngày trước ngày hiệu lực của bộ tiêu chí ({header['valid_from'].isoformat()})",
                f"date before the edition's valid_from ({header['valid_from'].isoformat()})",
            )
        values[eff] = _entry(entry, ec, eff, d, header)
    return Indicator(
        code=code,
        name_vi=_text(d["name_vi"], ctx.at("name_vi")),
        name_en=_text(d["name_en"], ctx.at("name_en")),
        code_status=d["code_status"],
        kind=kind,
        unit=unit,
        comparator=comparator,
        values=frozen_map(dict(sorted(values.items()))),
        note=_opt_text(d, "note", ctx),
        province_code=province_code,
    )


# --------------------------------------------------------------------------- criteria


def _criterion(raw: Any, ctx: _Ctx, tier_id: str, header: dict[str, Any], first_tier: bool) -> Criterion:
    d = _mapping(
        raw,
        ctx,
        {"number", "name_vi", "name_en", "reference", "assessed"},
        {"group", "source", "note", "reason", "reason_en", "indicators", "requires_lower_criterion"},
    )
    number = d["number"]
    if not isinstance(number, str) or not number:
        raise ctx.at("number").fail(
            f'số tiêu chí phải là chuỗi (ví dụ "3"), không phải {number!r}',
            f'criterion number must be a string (e.g. "3"), not {number!r}',
        )
    group = _opt_text(d, "group", ctx)  # optional: the group of some criteria is not sourced
    if group is not None and group not in header["groups"]:
        raise ctx.at("group").fail(f"nhóm không có trong 'groups': {group}", f"group not in 'groups': {group}")
    lower = _opt_text(d, "requires_lower_criterion", ctx)
    if lower is not None and first_tier:
        raise ctx.at("requires_lower_criterion").fail(
            "bậc đầu tiên không có bậc dưới", "the first tier has no lower tier"
        )

    assessed = d["assessed"]
    indicators: tuple[Indicator, ...] = ()
    reason_vi = reason_en = None
    if assessed == "direct":
        for k in ("reason", "reason_en"):
            if k not in d:
                raise ctx.fail(f"tiêu chí đánh giá trực tiếp cần '{k}'", f"a directly assessed criterion needs '{k}'")
        if "indicators" in d:
            raise ctx.at("indicators").fail(
                "tiêu chí đánh giá trực tiếp không có chỉ tiêu",
                "a directly assessed criterion has no indicators",
            )
        reason_vi, reason_en = (
            _text(d["reason"], ctx.at("reason")),
            _text(d["reason_en"], ctx.at("reason_en")),
        )
    elif assessed == "indicators":
        for k in ("reason", "reason_en"):
            if k in d:
                raise ctx.at(k).fail("chỉ dùng với 'assessed: direct'", "only allowed with 'assessed: direct'")
        if "indicators" not in d:
            raise ctx.fail("thiếu khóa bắt buộc 'indicators'", "missing required key 'indicators'")
        ictx = ctx.at("indicators")
        if not isinstance(d["indicators"], Mapping) or not d["indicators"]:
            raise ictx.fail("phải là một bảng mã → chỉ tiêu, không rỗng", "must be a non-empty map of code → indicator")
        inds = []
        for code, ind in d["indicators"].items():
            if not isinstance(code, str):
                raise ictx.at(code).fail(
                    f"mã chỉ tiêu phải là chuỗi trong ngoặc kép: {code!r}",
                    f"indicator code must be a quoted string: {code!r}",
                )
            inds.append(_indicator(code, ind, ictx.at(code), header))
        indicators = tuple(inds)
    else:
        raise ctx.at("assessed").fail("phải là 'indicators' hoặc 'direct'", "must be 'indicators' or 'direct'")
    return Criterion(
        tier=tier_id,
        number=number,
        name_vi=_text(d["name_vi"], ctx.at("name_vi")),
        name_en=_text(d["name_en"], ctx.at("name_en")),
        reference=_text(d["reference"], ctx.at("reference")),
        source=_opt_text(d, "source", ctx),
        assessed=assessed,
        indicators=indicators,
        group=group,
        note=_opt_text(d, "note", ctx),
        reason_vi=reason_vi,
        reason_en=reason_en,
        requires_lower_criterion=lower,
        file=ctx.file,
    )


def _sort_key(number: str) -> tuple[int, str]:
    return (int(number), "") if number.isdigit() else (10**6, number)


# --------------------------------------------------------------------------- editions


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


# --------------------------------------------------------------------------- overlays


def load_overlay(path: Path | str, edition: Edition, *, name: str | None = None) -> Overlay:
    """Load and validate a province overlay against ``edition``.

    An overlay may only override indicators the edition has (dated, referenced), or add
    province-only indicators to an existing criterion. With the ``tighten_only`` policy a
    ``>=``/``>`` threshold may only rise and a ``<=``/``<`` threshold may only fall.
    """
    path = Path(path)
    return overlay_from_text(path.read_text(encoding="utf-8"), edition, name=name or path.name)


def overlay_from_text(text: str, edition: Edition, *, name: str) -> Overlay:
    """A province overlay from its YAML text, validated against ``edition`` (see `load_overlay`)."""
    raw = parse_yaml(text, name)
    ctx = _Ctx(name)
    d = _mapping(raw, ctx, {"province_code", "schemes", "name_vi", "name_en", "reference", "tiers"}, {"source", "note"})
    if not isinstance(d["province_code"], str) or not d["province_code"]:
        raise ctx.at("province_code").fail(
            'mã tỉnh phải là chuỗi trong ngoặc kép (ví dụ "75")',
            'province code must be a quoted string (e.g. "75")',
        )
    province = d["province_code"]
    schemes = _text_list(d["schemes"], ctx.at("schemes"))
    if not schemes:
        raise ctx.at("schemes").fail("không được rỗng", "must not be empty")
    header = {
        "place_key": edition.place_key,
        "places": dict(edition.places),
        "units": dict(edition.units),
        "valid_from": edition.valid_from,
    }
    tiers_ctx = ctx.at("tiers")
    if not isinstance(d["tiers"], Mapping) or not d["tiers"]:
        raise tiers_ctx.fail("phải là một bảng bậc → nội dung, không rỗng", "must be a non-empty map of tier → content")
    all_codes = edition.indicator_codes()
    overrides: dict[tuple[str, str], Any] = {}
    additions: dict[tuple[str, str], tuple[Indicator, ...]] = {}
    for tier_id, content in d["tiers"].items():
        tc = tiers_ctx.at(tier_id)
        try:
            tier = edition.tier(str(tier_id))
        except KeyError:
            raise tc.fail(f"bậc không tồn tại: {tier_id}", f"no such tier: {tier_id}") from None
        td = _mapping(content, tc, set(), {"override", "add"})
        by_code = {i.code: i for c in tier.criteria for i in c.indicators}
        oc = tc.at("override")
        for code, ov in (td.get("override") or {}).items():
            c = oc.at(code)
            if code not in by_code:
                raise c.fail(
                    f"bậc {tier.id} không có chỉ tiêu {code} để ghi đè; chỉ tiêu riêng của tỉnh khai báo trong 'add'",
                    f"tier {tier.id} has no indicator {code} to override; province-only indicators go under 'add'",
                )
            national = by_code[code]
            od = _mapping(ov, c, {"values"}, {"note"})
            if national.kind in ("yes_no", "score_band") or national.comparator == "==":
                raise c.fail(
                    "không ghi đè được chỉ tiêu có/không hoặc khung điểm (không có chiều 'chặt hơn')",
                    "a yes_no or score_band indicator cannot be overridden (no 'stricter' direction)",
                )
            vctx = c.at("values")
            if not isinstance(od["values"], Mapping) or not od["values"]:
                raise vctx.fail(
                    "phải là một bảng ngày → giá trị, không rỗng", "must be a non-empty map of date → entry"
                )
            entries: dict[date, ValueEntry] = {}
            for key, e in od["values"].items():
                ec = vctx.at(key)
                eff = _date(key, ec)
                if eff < edition.valid_from:
                    raise ec.fail("ngày trước ngày hiệu lực của bộ tiêu chí", "date before the edition's valid_from")
                entry = _entry(e, ec, eff, {"kind": national.kind}, header, some_places=True)
                if entry.unknown or entry.relative_to is not None:
                    raise ec.fail(
                        "lớp phủ của tỉnh chỉ ghi giá trị ('value' hoặc 'by_…')",
                        "a province overlay only gives values ('value' or 'by_…')",
                    )
                entries[eff] = entry
            if edition.overlay_policy == "tighten_only":
                _check_tightening(national, entries, vctx, list(edition.places))
            overrides[(tier.id, code)] = frozen_map(dict(sorted(entries.items())))
        ac = tc.at("add")
        for number, inds in (td.get("add") or {}).items():
            c = ac.at(number)
            if all(cr.number != str(number) for cr in tier.criteria):
                raise c.fail(f"bậc {tier.id} không có tiêu chí {number}", f"tier {tier.id} has no criterion {number}")
            if not isinstance(inds, Mapping) or not inds:
                raise c.fail(
                    "phải là một bảng mã → chỉ tiêu, không rỗng",
                    "must be a non-empty map of code → indicator",
                )
            added = []
            for code, ind in inds.items():
                if not isinstance(code, str):
                    raise c.at(code).fail("mã chỉ tiêu phải là chuỗi", "indicator code must be a string")
                if code in all_codes:
                    raise c.at(code).fail(
                        f"mã {code} đã có trong bộ tiêu chí quốc gia: dùng 'override'",
                        f"code {code} already exists nationally: use 'override'",
                    )
                new = _indicator(code, ind, c.at(code), header, province_code=province)
                if any(e.relative_to is not None for e in new.values.values()):
                    raise c.at(code).fail(
                        "chỉ tiêu riêng của tỉnh không dùng 'relative_to'",
                        "a province-only indicator cannot use 'relative_to'",
                    )
                added.append(new)
            additions[(tier.id, str(number))] = tuple(added)
    return Overlay(
        edition_id=edition.id,
        province_code=province,
        schemes=schemes,
        name_vi=_text(d["name_vi"], ctx.at("name_vi")),
        name_en=_text(d["name_en"], ctx.at("name_en")),
        reference=_text(d["reference"], ctx.at("reference")),
        source=_opt_text(d, "source", ctx),
        overrides=frozen_map(overrides),
        additions=frozen_map(additions),
        content_hash=content_hash({name: raw}),
        file=name,
    )


def _entry_at(entry: ValueEntry, place: str) -> float | None:
    if entry.unknown or entry.relative_to is not None:
        return None
    if entry.by_place is not None:
        return entry.by_place.get(place)
    return entry.value  # type: ignore[return-value]


def _check_tightening(national: Indicator, entries: dict[date, ValueEntry], ctx: _Ctx, places: list[str]) -> None:
    """At every date where the national or the provincial value changes (from the first
    provincial date on), the provincial value must be at least as strict."""
    first = min(entries)
    for d in change_dates(national.values, entries):
        if d < first:
            continue
        n = in_force(national.values, d)
        o = in_force(entries, d)
        if n is None or o is None:
            continue
        o_date, o_entry = o
        for p in places:
            nv, ov = _entry_at(n[1], p), _entry_at(o_entry, p)
            if nv is None or ov is None:
                continue
            looser = ov < nv if national.comparator in (">=", ">") else ov > nv
            if looser:
                sym = "≥" if national.comparator in (">=", ">") else "≤"
                raise ctx.at(o_date.isoformat()).fail(
                    f"lớp phủ nới lỏng ngưỡng ({p}, ngày {d.isoformat()}): {ov} so với mức quốc gia {nv}; "
                    f"tỉnh chỉ được đặt ngưỡng chặt hơn (giá trị phải {sym} {nv})",
                    f"overlay loosens the threshold ({p}, on {d.isoformat()}): "
                    f"{ov} against the national {nv}; "
                    f"a province may only tighten (value must be {sym} {nv})",
                )


# --------------------------------------------------------------------------- versions kept as text


def edition_files(edition_id: str, data_dir: Path | str | None = None) -> dict[str, str]:
    """The YAML texts of an edition (with its province overlays), keyed by path inside its folder:
    what an installation keeps to re-read the exact rules an old evaluation used."""
    folder = (Path(data_dir) if data_dir is not None else DATA_DIR) / edition_id
    if not (folder / EDITION_FILE).is_file():
        raise UnknownEdition(f"không có bộ tiêu chí '{edition_id}'", f"no edition '{edition_id}'")
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.yaml"))}
