"""``edition.yaml``: id, names, legal basis, dates, places, groups, flags, units, tiers, special
rules and the province overlay policy, checked field by field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tamnong.rules.loader.schema import _Ctx, _date, _labels, _mapping, _opt_text, _text, _text_list
from tamnong.rules.model import PLACE_KEYS, SpecialRule, Supersession, Unit

OVERLAY_POLICIES = ("tighten_only",)


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
