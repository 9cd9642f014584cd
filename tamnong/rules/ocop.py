"""OCOP scoring as data: score sheets (parts and their maxima), star bands, who recognises which
stars on a date, a council's result from its members' scores, and certificate validity.

Pure Python; the values come from `data/ocop/sheets.yaml`, read by the strict loader
(`tamnong.rules.loader.ocop`), each with its legal reference. Every date
computation takes an explicit `today`.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from statistics import median

from tamnong.rules.errors import InputError
from tamnong.rules.loader import read_yaml
from tamnong.rules.loader.dated import in_period
from tamnong.rules.loader.ocop import (
    LEVELS,
    SHEETS_PATH,
    CertificateRule,
    CouncilRule,
    OcopData,
    Part,
    PrecheckItem,
    Sheet,
    StarBand,
    load_ocop,
)
from tamnong.rules.validation import parse_number

DATA = SHEETS_PATH
GROUPS = Path(__file__).parent / "data" / "ocop" / "groups.yaml"

__all__ = ["LEVELS", "Part", "PrecheckItem", "Sheet", "StarBand"]


class OcopInputError(InputError):
    """A score or a group the sheet does not allow; names the field (a part, "group", "subgroup")."""

    def __init__(self, field: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en, field)


@dataclass(frozen=True)
class Authority:
    """What a council of a level may do in a period: recognise some stars, forward from a total."""

    period: str
    level: str
    recognises: tuple[int, ...]
    forwards_from: Decimal | None
    prechecks: bool
    reference: str
    next_level: str | None
    precheck_items: tuple[PrecheckItem, ...] = ()
    precheck_items_complete: bool = True


@dataclass(frozen=True)
class Result:
    """A product's result: the total, each part's points and what it lost, the stars, the distance
    to the next star, and what the council does with it."""

    sheet: Sheet
    parts: dict[str, Decimal]
    total: Decimal
    stars: int
    certified: bool
    to_next_star: Decimal | None
    decision: str  # "recognise", "forward", "not_certified", "precheck", "below_authority"
    recognised_stars: int | None
    forward_to: str | None

    def lost(self) -> dict[str, Decimal]:
        return {p.code: Decimal(p.max) - self.parts[p.code] for p in self.sheet.parts}


@dataclass(frozen=True)
class CouncilResult:
    parts: dict[str, Decimal]  # the mean of the members, per part
    totals: tuple[Decimal, ...]  # each member's total
    outliers: tuple[int, ...]  # members (by index) whose total is further than allowed from the median
    rule_vi: str
    rule_en: str


@cache
def _data() -> OcopData:
    return load_ocop()  # the strict loader: a break names the file, the path inside it and the reason


def sheets() -> list[Sheet]:
    return list(_data().sheets)


def sheet_get(sheet_id: str) -> Sheet:
    for s in sheets():
        if s.id == sheet_id:
            return s
    raise KeyError(sheet_id)


def sheet_in_force(on: date) -> Sheet:
    for s in sheets():
        if in_period(s.valid_from, s.valid_until, on):
            return s
    raise LookupError(f"no OCOP sheet in force on {on.isoformat()}")


def _bands(sheet: Sheet | None) -> tuple[StarBand, ...]:
    """The star bands of a sheet; without one, those every sheet shares (the same under 1048 and
    148): a caller that names no sheet never gets one decision's bands for another's."""
    if sheet is not None:
        return sheet.bands
    shared = {s.bands for s in sheets()}
    if len(shared) != 1:
        raise LookupError("the OCOP sheets have different star bands: name the sheet")
    return shared.pop()


def stars_for(total: Decimal | int | float, sheet: Sheet | None = None) -> int:
    """The star band of a total (5★ 90–100, 4★ 70–<90, 3★ 50–<70, 2★ 30–<50, 1★ <30)."""
    total = Decimal(str(total))
    bands = _bands(sheet)
    for band in bands:
        if total >= band.points_from:
            return band.stars
    return bands[-1].stars


def next_star_gap(total: Decimal, sheet: Sheet | None = None) -> Decimal | None:
    """The points a total lacks to reach the next star band (None at five stars)."""
    higher = [b.points_from for b in _bands(sheet) if b.points_from > total]
    return min(higher) - total if higher else None


def certified_stars(sheet: Sheet | None = None) -> tuple[int, ...]:
    """The stars that earn a certificate (3 to 5) on a sheet; without one, those every sheet shares."""
    if sheet is not None:
        return sheet.certified_stars
    shared = {s.certified_stars for s in sheets()}
    if len(shared) != 1:
        raise LookupError("the OCOP sheets certify different stars: name the sheet")
    return shared.pop()


def precheck_items_all() -> tuple[PrecheckItem, ...]:
    """Every pre-check item of every period (to name the codes a history recorded)."""
    seen = {}
    for period in _data().authority:
        for rule in period.levels.values():
            for i in rule.precheck_items:
                seen[i.code] = i
    return tuple(seen.values())


def prechecks_from() -> tuple[date, str] | None:
    """The first day communes pre-check OCOP dossiers, with the reference that says so (None if never)."""
    for period in _data().authority:
        if any(rule.prechecks for rule in period.levels.values()):
            return period.valid_from, period.cited.reference
    return None


def authority(on: date, level: str) -> Authority:
    """What a council of `level` may recognise on a date, and where it forwards higher scores."""
    for period in _data().authority:
        if in_period(period.valid_from, period.valid_until, on):
            levels = list(period.levels)
            if level not in period.levels:
                raise LookupError(
                    f"Từ {period.valid_from:%d/%m/%Y} cấp «{level}» không đánh giá sản phẩm OCOP "
                    f"(các cấp: {', '.join(levels)})."
                )
            rule = period.levels[level]
            following = levels[levels.index(level) + 1 :]
            return Authority(
                period=period.period, level=level, recognises=rule.recognises, forwards_from=rule.forwards_from,
                prechecks=rule.prechecks, reference=rule.precheck_reference or period.cited.reference,
                next_level=following[0] if following else None, precheck_items=rule.precheck_items,
                precheck_items_complete=rule.precheck_items_complete,
            )  # fmt: skip
    raise LookupError(f"no OCOP procedure in force on {on.isoformat()}")


def _council_rule(sheet: Sheet) -> CouncilRule:
    for rule in _data().council:
        if in_period(rule.valid_from, rule.valid_until, sheet.valid_from):
            return rule
    raise LookupError(f"no OCOP council rule for {sheet.id}")


def check_parts(sheet: Sheet, parts: Mapping[str, Decimal | int | float | str]) -> dict[str, Decimal]:
    """Each part's points as a number between 0 and its maximum; every part of the sheet present."""
    out = {}
    for part in sheet.parts:
        if part.code not in parts or parts[part.code] in (None, ""):
            raise OcopInputError(part.code, f"Thiếu điểm phần {part.code}.", f"Part {part.code} has no points.")
        try:
            raw = parts[part.code]
            value = raw if isinstance(raw, Decimal) else Decimal(str(parse_number(raw)))
        except ValueError:
            raise OcopInputError(
                part.code,
                f"Điểm phần {part.code} phải là một số, không phải «{parts[part.code]}».",
                f"The points of part {part.code} must be a number, not “{parts[part.code]}”.",
            ) from None
        if not value.is_finite() or not 0 <= value <= part.max:
            raise OcopInputError(
                part.code,
                f"Điểm phần {part.code} ({part.name_vi}) phải từ 0 đến {part.max}, không phải {parts[part.code]}.",
                f"The points of part {part.code} ({part.name_en}) must be from 0 to {part.max}, not {parts[part.code]}.",
            )
        out[part.code] = value
    unknown = sorted(set(parts) - {p.code for p in sheet.parts})
    if unknown:
        raise OcopInputError(
            unknown[0], f"Phiếu {sheet.id} không có phần {unknown[0]}.", f"Sheet {sheet.id} has no part {unknown[0]}."
        )
    return out


def council(sheet: Sheet, members: Sequence[Mapping[str, Decimal | int | float | str]]) -> CouncilResult:
    """The council's points from its members' sheets: the mean of the members for each part (the
    decisions' rule is not in the project's sources, and the result says so)."""
    if not members:
        raise OcopInputError("", "Hội đồng chưa có phiếu chấm nào.", "The council has no score sheet yet.")
    checked = [check_parts(sheet, m) for m in members]
    n = Decimal(len(checked))
    parts = {p.code: sum((m[p.code] for m in checked), Decimal(0)) / n for p in sheet.parts}
    totals = tuple(sum(m.values(), Decimal(0)) for m in checked)
    middle = median(totals)
    limit = _council_rule(sheet).disagreement_points
    outliers = tuple(i for i, t in enumerate(totals) if abs(t - middle) > limit)
    return CouncilResult(
        parts=parts,
        totals=totals,
        outliers=outliers,
        rule_vi=(
            f"Điểm của hội đồng là trung bình điểm của {len(checked)} thành viên cho từng phần (quy tắc của dự án: "
            f"quy định chính thức chưa có trong nguồn); phiếu có tổng điểm lệch quá {limit} điểm so với trung vị được đánh dấu."
        ),
        rule_en=(
            f"The council's points are the mean of its {len(checked)} members for each part (the project's rule: the "
            f"official one is not in its sources); a sheet whose total is more than {limit} points from the median is flagged."
        ),
    )


def result(sheet: Sheet, parts: Mapping[str, Decimal | int | float | str], *, on: date, level: str) -> Result:
    """The stars of a product's points, and what a council of `level` does with them on a date: it
    recognises the stars it has authority for, forwards a higher total to the next level, and
    certifies nothing below 3★."""
    checked = check_parts(sheet, parts)
    total = sum(checked.values(), Decimal(0))
    stars = stars_for(total, sheet)
    certified = stars in sheet.certified_stars
    rule = authority(on, level)
    decision, recognised, forward_to = "not_certified", None, None
    if rule.prechecks:
        decision, forward_to = "precheck", rule.next_level
    elif rule.forwards_from is not None and total >= rule.forwards_from and rule.next_level:
        decision, forward_to = "forward", rule.next_level
    elif certified and stars in rule.recognises:
        decision, recognised = "recognise", stars
    elif certified and stars > max(rule.recognises, default=0) and rule.next_level:
        decision, forward_to = "forward", rule.next_level
    elif certified and rule.recognises and stars < min(rule.recognises):
        decision = "below_authority"  # e.g. 3★ at a 148-era provincial council: the district recognises it
    return Result(
        sheet, checked, total, stars, certified, next_star_gap(total, sheet), decision, recognised, forward_to
    )


# --------------------------------------------------------------------------- product groups


@dataclass(frozen=True)
class Group:
    code: str
    name_vi: str
    name_en: str
    subgroups: dict[str, tuple[str, str]]  # code → (name_vi, name_en); those sourced
    subgroups_complete: bool


@cache
def groups(sheet_id: str) -> dict[str, Group]:
    """The product groups of an edition, with the subgroups the sources give."""
    for edition in read_yaml(GROUPS, "ocop/groups.yaml")["editions"]:
        if edition["id"] == sheet_id:
            return {
                code: Group(
                    code,
                    g["name_vi"],
                    g["name_en"],
                    {
                        k: (v["name_vi"], v["name_en"])
                        for k, v in (g["subgroups"] if g["subgroups"] != "unknown" else {}).items()
                    },
                    bool(g.get("subgroups_complete", g["subgroups"] != "unknown")),
                )  # fmt: skip
                for code, g in edition["groups"].items()
            }
    raise KeyError(sheet_id)


def group_check(sheet_id: str, group: str, subgroup: str = "") -> None:
    """A product's group (and subgroup, when one is given) must exist in the edition."""
    known = groups(sheet_id)
    if group not in known:
        raise OcopInputError(
            "group",
            f"Nhóm sản phẩm «{group}» không có trong {sheet_id} (các nhóm: {', '.join(known)}).",
            f"Product group “{group}” is not in {sheet_id} (groups: {', '.join(known)}).",
        )
    if subgroup and subgroup not in known[group].subgroups and known[group].subgroups_complete:
        raise OcopInputError(
            "subgroup",
            f"Phân nhóm «{subgroup}» không thuộc nhóm {group}.",
            f"Subgroup “{subgroup}” is not in group {group}.",
        )


# --------------------------------------------------------------------------- certificates


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def certificate_rule(issued_on: date) -> CertificateRule:
    """The validity, notice and "expiring" rule of a certificate issued on a date."""
    for rule in _data().certificate:
        if in_period(rule.valid_from, rule.valid_until, issued_on):
            return rule
    raise LookupError(f"no OCOP certificate rule on {issued_on.isoformat()}")


def expiring_days(on: date | None = None) -> int:
    """How many days before its end a certificate shows as "expiring" (the project's choice, in
    data); without a date, the one every period shares."""
    if on is not None:
        return certificate_rule(on).shown_expiring_days
    shared = {rule.shown_expiring_days for rule in _data().certificate}
    if len(shared) != 1:
        raise LookupError("the OCOP certificate periods show 'expiring' differently: name the date")
    return shared.pop()


def expiring_until(today: date, issued_on: date | None = None) -> date:
    """The last end date of a certificate that is "expiring" on `today`: a certificate is expiring in
    the last `expiring_days` (90) days of its validity, its last day among them, so on its end day
    minus 89 and not on minus 90. The one notion of "expiring": the OCOP pages and the catalog ask it."""
    return today + timedelta(days=expiring_days(issued_on) - 1)


def expires_on(issued_on: date) -> date:
    """The last day a certificate is valid: 36 months from its issue."""
    return add_months(issued_on, certificate_rule(issued_on).validity_months) - timedelta(days=1)


def certificate_state(
    issued_on: date, *, today: date, revoked_on: date | None = None, superseded_on: date | None = None
) -> str:
    """valid → expiring (its last 90 days, `expiring_until`) → expired; or revoked, or superseded by a
    re-evaluation, from those dates on."""
    if revoked_on is not None and today >= revoked_on:
        return "revoked"
    if superseded_on is not None and today >= superseded_on:
        return "superseded"
    end = expires_on(issued_on)
    if today > end:
        return "expired"
    return "expiring" if end <= expiring_until(today, issued_on) else "valid"


def notice_due_on(issued_on: date) -> date:
    """The day by which the producer must have been told of the expiry (30 days before it)."""
    return expires_on(issued_on) - timedelta(days=certificate_rule(issued_on).notice_days - 1)
