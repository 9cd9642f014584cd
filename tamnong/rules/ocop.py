"""OCOP scoring as data: score sheets (parts and their maxima), star bands, who recognises which
stars on a date, a council's result from its members' scores, and certificate validity.

Pure Python; the values come from `data/ocop/sheets.yaml`, each with its legal reference. Every date
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
from tamnong.rules.validation import parse_number

DATA = Path(__file__).parent / "data" / "ocop" / "sheets.yaml"
GROUPS = Path(__file__).parent / "data" / "ocop" / "groups.yaml"
LEVELS = ("commune", "district", "province", "national")


class OcopInputError(InputError):
    """A score or a group the sheet does not allow; names the field (a part, "group", "subgroup")."""

    def __init__(self, field: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en, field)


@dataclass(frozen=True)
class Part:
    code: str
    name_vi: str
    name_en: str
    max: int


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

    def part(self, code: str) -> Part:
        return next(p for p in self.parts if p.code == code)


@dataclass(frozen=True)
class PrecheckItem:
    code: str
    name_vi: str
    name_en: str


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
def _data() -> dict:
    data = read_yaml(DATA, "ocop/sheets.yaml")  # the strict reader keeps dates as text
    for item in [*data["sheets"], *data["authority"]]:
        for key in ("valid_from", "valid_until", "from", "until"):
            if key in item:
                item[key] = date.fromisoformat(item[key])
    return data


def sheets() -> list[Sheet]:
    return [
        Sheet(
            id=s["id"],
            name_vi=s["name_vi"],
            name_en=s["name_en"],
            legal_basis=s["legal_basis"],
            source=s["source"],
            valid_from=s["valid_from"],
            valid_until=s.get("valid_until"),
            parts=tuple(Part(code, p["name_vi"], p["name_en"], p["max"]) for code, p in s["parts"].items()),
            items_known=s["items"] != "unknown",
            items_reason_vi=s.get("items_reason_vi", ""),
            items_reason_en=s.get("items_reason_en", ""),
        )  # fmt: skip
        for s in _data()["sheets"]
    ]


def sheet_get(sheet_id: str) -> Sheet:
    for s in sheets():
        if s.id == sheet_id:
            return s
    raise KeyError(sheet_id)


def sheet_in_force(on: date) -> Sheet:
    for s in sheets():
        if s.valid_from <= on and (s.valid_until is None or on <= s.valid_until):
            return s
    raise LookupError(f"no OCOP sheet in force on {on.isoformat()}")


def stars_for(total: Decimal | int | float) -> int:
    """The star band of a total (5★ 90–100, 4★ 70–<90, 3★ 50–<70, 2★ 30–<50, 1★ <30)."""
    total = Decimal(str(total))
    for band in _data()["stars"]:
        if total >= Decimal(str(band["from"])):
            return band["stars"]
    return 1


def next_star_gap(total: Decimal) -> Decimal | None:
    """The points a total lacks to reach the next star band (None at five stars)."""
    higher = [Decimal(str(b["from"])) for b in _data()["stars"] if Decimal(str(b["from"])) > total]
    return min(higher) - total if higher else None


def precheck_items_all() -> tuple[PrecheckItem, ...]:
    """Every pre-check item of every period (to name the codes a history recorded)."""
    seen = {}
    for period in _data()["authority"]:
        for rule in period["levels"].values():
            for i in rule.get("precheck_items", []):
                seen[i["code"]] = PrecheckItem(i["code"], i["vi"], i["en"])
    return tuple(seen.values())


def authority(on: date, level: str) -> Authority:
    """What a council of `level` may recognise on a date, and where it forwards higher scores."""
    for period in _data()["authority"]:
        until = period.get("until")
        if period["from"] <= on and (until is None or on <= until):
            levels = list(period["levels"])
            if level not in period["levels"]:
                raise LookupError(
                    f"Từ {period['from']:%d/%m/%Y} cấp «{level}» không đánh giá sản phẩm OCOP "
                    f"(các cấp: {', '.join(levels)})."
                )
            rule = period["levels"][level]
            following = levels[levels.index(level) + 1 :]
            forwards = rule.get("forwards_from")
            return Authority(
                period=period["period"], level=level, recognises=tuple(rule.get("recognises", [])),
                forwards_from=Decimal(str(forwards)) if forwards is not None else None,
                prechecks=bool(rule.get("prechecks")), reference=rule.get("precheck_reference", period["reference"]),
                next_level=following[0] if following else None,
                precheck_items=tuple(PrecheckItem(i["code"], i["vi"], i["en"]) for i in rule.get("precheck_items", [])),
                precheck_items_complete=rule.get("precheck_items_complete", True),
            )  # fmt: skip
    raise LookupError(f"no OCOP procedure in force on {on.isoformat()}")


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
    limit = Decimal(str(_data()["council"]["disagreement_points"]))
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
    stars = stars_for(total)
    certified = stars in _data()["certified_stars"]
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
    return Result(sheet, checked, total, stars, certified, next_star_gap(total), decision, recognised, forward_to)


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


def expires_on(issued_on: date) -> date:
    """The last day a certificate is valid: 36 months from its issue."""
    return add_months(issued_on, _data()["certificate"]["validity_months"]) - timedelta(days=1)


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
    return "expiring" if end <= expiring_until(today) else "valid"


def expiring_until(today: date) -> date:
    """The last end date of a certificate that is "expiring" on `today`: one is expiring in the last
    `shown_days_before_expiry` (90) days of its validity, its last day among them, so on its end day minus 89
    and not on minus 90. The one notion of "expiring": the OCOP pages and the catalog both ask it."""
    return today + timedelta(days=_data()["certificate"]["shown_days_before_expiry"] - 1)


def notice_due_on(issued_on: date) -> date:
    """The day by which the producer must have been told of the expiry (30 days before it)."""
    return expires_on(issued_on) - timedelta(days=_data()["certificate"]["notice_days_before_expiry"] - 1)
