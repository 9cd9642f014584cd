"""``ocop/sheets.yaml``: the OCOP score sheets (parts, star bands, certified stars), the certificate's
validity, the council rule and who recognises which stars, by period; checked field by field, every
break a RulesDataError naming the file, the path inside it and the reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tamnong.rules.loader.dated import (
    CITATION_KEYS,
    PERIOD_KEYS,
    Citation,
    _citation,
    _list,
    _no_overlap,
    _period,
    _unknown,
    _whole,
)
from tamnong.rules.loader.reading import parse_yaml, read_yaml
from tamnong.rules.loader.schema import _Ctx, _mapping, _number, _text

SHEETS_FILE = "ocop/sheets.yaml"
SHEETS_PATH = Path(__file__).parents[1] / "data" / "ocop" / "sheets.yaml"
LEVELS = ("commune", "district", "province", "national")
COUNCIL_RULES = ("mean_of_members",)


@dataclass(frozen=True)
class Part:
    code: str
    name_vi: str
    name_en: str
    max: int


@dataclass(frozen=True)
class StarBand:
    stars: int
    points_from: Decimal


@dataclass(frozen=True)
class Sheet:
    id: str
    name_vi: str
    name_en: str
    legal_basis: str
    source: str
    valid_from: date
    valid_until: date | None
    parts: tuple[Part, ...]
    items_known: bool
    items_reason_vi: str
    items_reason_en: str
    bands: tuple[StarBand, ...] = ()  # highest first
    bands_cited: Citation | None = None
    certified_stars: tuple[int, ...] = ()
    certified_cited: Citation | None = None

    def part(self, code: str) -> Part:
        return next(p for p in self.parts if p.code == code)


@dataclass(frozen=True)
class PrecheckItem:
    code: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class LevelRule:
    recognises: tuple[int, ...]
    forwards_from: Decimal | None
    prechecks: bool
    precheck_items: tuple[PrecheckItem, ...]
    precheck_items_complete: bool
    precheck_reference: str | None


@dataclass(frozen=True)
class AuthorityPeriod:
    period: str
    valid_from: date
    valid_until: date | None
    cited: Citation
    levels: dict[str, LevelRule]  # in the order of the procedure


@dataclass(frozen=True)
class CertificateRule:
    valid_from: date
    valid_until: date | None
    validity_months: int
    validity_cited: Citation
    notice_days: int
    notice_cited: Citation
    shown_expiring_days: int
    shown_expiring_cited: Citation


@dataclass(frozen=True)
class CouncilRule:
    valid_from: date
    valid_until: date | None
    rule: str
    disagreement_points: Decimal
    cited: Citation


@dataclass(frozen=True)
class OcopData:
    sheets: tuple[Sheet, ...]
    certificate: tuple[CertificateRule, ...]
    council: tuple[CouncilRule, ...]
    authority: tuple[AuthorityPeriod, ...]


def _cited_block(raw: Any, ctx: _Ctx, required: set[str], optional: set[str] = frozenset()) -> tuple[dict, Citation]:  # type: ignore[assignment]
    d = _mapping(raw, ctx, required | {"reference"}, set(optional) | (CITATION_KEYS - {"reference"}))
    return d, _citation(d, ctx)


def _stars(obj: Any, ctx: _Ctx) -> tuple[int, ...]:
    values = tuple(_whole(v, ctx.at(i), 1) for i, v in enumerate(_list(obj, ctx)))
    if len(set(values)) != len(values):
        raise ctx.fail("số sao bị trùng", "a star level appears twice")
    return values


def _sheet(raw: Any, ctx: _Ctx) -> Sheet:
    d = _mapping(
        raw,
        ctx,
        {"id", "name_vi", "name_en", "legal_basis", "source", "from", "parts", "items", "stars", "certified"},
        {"until", "note"},
    )
    start, end = _period(d, ctx)
    pctx = ctx.at("parts")
    if not isinstance(d["parts"], Mapping) or not d["parts"]:
        raise pctx.fail("phải là một bảng mã phần → phần, không rỗng", "must be a non-empty map of part code → part")
    parts = []
    for code, p in d["parts"].items():
        c = pctx.at(code)
        pd = _mapping(p, c, {"name_vi", "name_en", "max"})
        parts.append(Part(str(code), _text(pd["name_vi"], c.at("name_vi")), _text(pd["name_en"], c.at("name_en")),
                          _whole(pd["max"], c.at("max"), 1)))  # fmt: skip
    if sum(p.max for p in parts) != 100:
        raise pctx.fail(
            f"tổng điểm tối đa của các phần phải là 100, không phải {sum(p.max for p in parts)}",
            f"the parts' maxima must add up to 100, not {sum(p.max for p in parts)}",
        )

    ictx = ctx.at("items")
    items = _mapping(d["items"], ictx, {"unknown", "reason", "reason_en", "reference"}, {"source", "note"})
    reason_vi, reason_en = _unknown(items, ictx)
    _citation(items, ictx)

    sctx = ctx.at("stars")
    stars, bands_cited = _cited_block(d["stars"], sctx, {"bands"})
    bctx = sctx.at("bands")
    bands = []
    for i, b in enumerate(_list(stars["bands"], bctx, empty=False)):
        c = bctx.at(i)
        bd = _mapping(b, c, {"stars", "from"})
        bands.append(StarBand(_whole(bd["stars"], c.at("stars"), 1), Decimal(str(_number(bd["from"], c.at("from"))))))
    for i in range(1, len(bands)):
        if not (bands[i].stars < bands[i - 1].stars and bands[i].points_from < bands[i - 1].points_from):
            raise bctx.at(i).fail(
                "các mức sao phải theo thứ tự từ cao xuống thấp (số sao và điểm từ đều giảm)",
                "bands must run from the highest down (both stars and points falling)",
            )
    if bands[-1].points_from != 0:
        raise (
            bctx.at(len(bands) - 1)
            .at("from")
            .fail("mức thấp nhất phải bắt đầu từ 0 điểm", "the lowest band must start at 0 points")
        )

    cctx = ctx.at("certified")
    certified, certified_cited = _cited_block(d["certified"], cctx, {"stars"})
    certified_stars = _stars(certified["stars"], cctx.at("stars"))
    for i, s in enumerate(certified_stars):
        if s not in {b.stars for b in bands}:
            raise (
                cctx.at("stars")
                .at(i)
                .fail(f"không có mức {s} sao trong 'stars.bands'", f"no {s}-star band in 'stars.bands'")
            )
    return Sheet(
        id=_text(d["id"], ctx.at("id")), name_vi=_text(d["name_vi"], ctx.at("name_vi")),
        name_en=_text(d["name_en"], ctx.at("name_en")), legal_basis=_text(d["legal_basis"], ctx.at("legal_basis")),
        source=_text(d["source"], ctx.at("source")), valid_from=start, valid_until=end, parts=tuple(parts),
        items_known=False, items_reason_vi=reason_vi, items_reason_en=reason_en, bands=tuple(bands),
        bands_cited=bands_cited, certified_stars=certified_stars, certified_cited=certified_cited,
    )  # fmt: skip


def _certificate(raw: Any, ctx: _Ctx) -> CertificateRule:
    d = _mapping(raw, ctx, {"from", "validity", "notice", "shown_expiring"}, {"until", "note"})
    start, end = _period(d, ctx)
    validity, validity_cited = _cited_block(d["validity"], ctx.at("validity"), {"months"})
    notice, notice_cited = _cited_block(d["notice"], ctx.at("notice"), {"days_before_expiry"})
    shown, shown_cited = _cited_block(d["shown_expiring"], ctx.at("shown_expiring"), {"days_before_expiry"})
    return CertificateRule(
        start, end,
        _whole(validity["months"], ctx.at("validity").at("months"), 1), validity_cited,
        _whole(notice["days_before_expiry"], ctx.at("notice").at("days_before_expiry"), 1), notice_cited,
        _whole(shown["days_before_expiry"], ctx.at("shown_expiring").at("days_before_expiry"), 1), shown_cited,
    )  # fmt: skip


def _council(raw: Any, ctx: _Ctx) -> CouncilRule:
    d, cited = _cited_block(raw, ctx, {"from", "rule", "disagreement_points"}, PERIOD_KEYS)
    start, end = _period(d, ctx)
    if d["rule"] not in COUNCIL_RULES:
        raise ctx.at("rule").fail(
            f"phải là một trong: {', '.join(COUNCIL_RULES)}", f"must be one of: {', '.join(COUNCIL_RULES)}"
        )
    points = _number(d["disagreement_points"], ctx.at("disagreement_points"))
    return CouncilRule(start, end, d["rule"], Decimal(str(points)), cited)


def _level(raw: Any, ctx: _Ctx) -> LevelRule:
    d = _mapping(raw, ctx, {"recognises"}, {"forwards_from", "prechecks", "precheck"})
    forwards = d.get("forwards_from")
    if forwards is not None:
        forwards = Decimal(str(_number(forwards, ctx.at("forwards_from"))))
    prechecks = d.get("prechecks", False)
    if not isinstance(prechecks, bool):
        raise ctx.at("prechecks").fail("phải là true hoặc false", "must be true or false")
    items: tuple[PrecheckItem, ...] = ()
    complete, reference = True, None
    if "precheck" in d:
        pctx = ctx.at("precheck")
        p, cited = _cited_block(d["precheck"], pctx, {"items", "complete"})
        if not isinstance(p["complete"], bool):
            raise pctx.at("complete").fail("phải là true hoặc false", "must be true or false")
        listed = []
        for i, item in enumerate(_list(p["items"], pctx.at("items"), empty=False)):
            c = pctx.at("items").at(i)
            it = _mapping(item, c, {"code", "vi", "en"})
            listed.append(
                PrecheckItem(_text(it["code"], c.at("code")), _text(it["vi"], c.at("vi")), _text(it["en"], c.at("en")))
            )
        items, complete, reference = tuple(listed), p["complete"], cited.reference
    elif prechecks:
        raise ctx.fail("cấp sơ loại cần 'precheck'", "a level that pre-checks needs 'precheck'")
    return LevelRule(_stars(d["recognises"], ctx.at("recognises")), forwards, prechecks, items, complete, reference)


def _authority(raw: Any, ctx: _Ctx) -> AuthorityPeriod:
    d, cited = _cited_block(raw, ctx, {"period", "from", "levels"}, PERIOD_KEYS)
    start, end = _period(d, ctx)
    lctx = ctx.at("levels")
    if not isinstance(d["levels"], Mapping) or not d["levels"]:
        raise lctx.fail("phải là một bảng cấp → quyền, không rỗng", "must be a non-empty map of level → rule")
    order = [level for level in d["levels"] if level in LEVELS]
    if order != list(d["levels"]) or order != sorted(order, key=LEVELS.index):
        raise lctx.fail(
            f"các cấp phải là {', '.join(LEVELS)}, theo thứ tự từ dưới lên",
            f"the levels must be {', '.join(LEVELS)}, from the lowest up",
        )
    levels = {level: _level(rule, lctx.at(level)) for level, rule in d["levels"].items()}
    return AuthorityPeriod(_text(str(d["period"]), ctx.at("period")), start, end, cited, levels)


def ocop_from_text(text: str, name: str = SHEETS_FILE) -> OcopData:
    """Read the OCOP parameters from their YAML text (`name` is how errors name the file)."""
    return _ocop(parse_yaml(text, name), _Ctx(name))


def load_ocop(path: Path | None = None) -> OcopData:
    """Read ``ocop/sheets.yaml`` (or another file of the same shape)."""
    name = SHEETS_FILE if path is None else path.name
    return _ocop(read_yaml(path or SHEETS_PATH, name), _Ctx(name))


def _ocop(raw: Any, ctx: _Ctx) -> OcopData:
    d = _mapping(raw, ctx, {"sheets", "certificate", "council", "authority"})
    sheets = tuple(
        _sheet(s, ctx.at("sheets").at(i)) for i, s in enumerate(_list(d["sheets"], ctx.at("sheets"), empty=False))
    )
    ids = [s.id for s in sheets]
    if len(set(ids)) != len(ids):
        raise ctx.at("sheets").fail("mã phiếu bị trùng", "duplicate sheet id")
    _no_overlap([(s.valid_from, s.valid_until) for s in sheets], ctx.at("sheets"))
    certificate = tuple(
        _certificate(c, ctx.at("certificate").at(i))
        for i, c in enumerate(_list(d["certificate"], ctx.at("certificate"), empty=False))
    )
    _no_overlap([(c.valid_from, c.valid_until) for c in certificate], ctx.at("certificate"))
    council = tuple(
        _council(c, ctx.at("council").at(i)) for i, c in enumerate(_list(d["council"], ctx.at("council"), empty=False))
    )
    _no_overlap([(c.valid_from, c.valid_until) for c in council], ctx.at("council"))
    authority = tuple(
        _authority(a, ctx.at("authority").at(i))
        for i, a in enumerate(_list(d["authority"], ctx.at("authority"), empty=False))
    )
    _no_overlap([(a.valid_from, a.valid_until) for a in authority], ctx.at("authority"))
    return OcopData(sheets, certificate, council, authority)
