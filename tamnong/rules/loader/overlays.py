"""Province overlays (``provinces/<code>.yaml``): overrides of national indicators, dated and
referenced, and province-only indicators added to a criterion; with ``tighten_only`` a province
may only make a threshold stricter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from tamnong.rules.in_force import change_dates, in_force
from tamnong.rules.loader.criteria import _entry, _indicator
from tamnong.rules.loader.reading import content_hash, parse_yaml
from tamnong.rules.loader.schema import _Ctx, _date, _mapping, _opt_text, _text, _text_list
from tamnong.rules.model import Edition, Indicator, Overlay, ValueEntry, frozen_map


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
