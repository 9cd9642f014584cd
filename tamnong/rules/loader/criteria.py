"""A criterion file (``<tier>/cNN.yaml``): the criterion, its indicators and their dated
entries (value, by place, band, relative to a lower tier, or unknown with a reason)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from tamnong.rules.loader.schema import _Ctx, _date, _mapping, _number, _opt_text, _text
from tamnong.rules.model import (
    CODE_STATUSES,
    COMPARATORS,
    KINDS,
    Band,
    Criterion,
    Indicator,
    RelativeTo,
    ValueEntry,
    frozen_map,
)

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
