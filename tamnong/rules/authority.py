"""Who may perform each act: the dated table of data/authority/actions.yaml, read and resolved.

Pure: the standard library and PyYAML. A row grants one kind of role an action on units of some
levels, from a date until a date, with its basis and source. `grant(action, role, level, on)` finds the
row, `refusal(...)` says in Vietnamese and English why none does. The Django side
(tamnong.accounts.authority) derives the actor's roles and checks the unit against their territory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from tamnong.rules.errors import RulesDataError, RulesError

DATA = Path(__file__).parent / "data" / "authority" / "actions.yaml"

ROLES = (
    "national_office", "province_office", "district_office", "commune_officer", "council_member",
    "producer", "viewer", "public", "system",
)  # fmt: skip
# "step": the role named by the recognition workflow's row for the step (tamnong/recognition/workflow.py).
ROW_ROLES = (*ROLES, "step")
LEVELS = ("national", "province", "district", "commune")
BASES = ("sourced", "inferred", "tamnong")

ROLE_NAMES = {
    "national_office": ("văn phòng điều phối trung ương", "national coordination office"),
    "province_office": ("văn phòng điều phối tỉnh", "provincial coordination office"),
    "district_office": ("văn phòng điều phối huyện", "district coordination office"),
    "commune_officer": ("cán bộ xã", "commune officer"),
    "council_member": ("thành viên hội đồng OCOP", "OCOP council member"),
    "producer": ("chủ thể sản xuất", "producer"),
    "viewer": ("người xem", "viewer"),
    "public": ("người dùng công khai", "the public"),
    "system": ("hệ thống", "the system"),
}
LEVEL_NAMES = {
    "national": ("trung ương", "national"),
    "province": ("cấp tỉnh", "province level"),
    "district": ("cấp huyện", "district level"),
    "commune": ("cấp xã", "commune level"),
}


class UnknownAction(RulesError):
    """An action the table does not name: a programming error, never a user's."""

    def __init__(self, action: str) -> None:
        super().__init__(f"Không có thao tác «{action}» trong bảng thẩm quyền.", f"No action “{action}” in the table.")
        self.action = action


@dataclass(frozen=True)
class Row:
    """One row of the table: `role` may perform `action` on units of `levels` from `valid_from` to
    `valid_until` (inclusive; None: still in force)."""

    action: str
    index: int
    role: str
    levels: tuple[str, ...]
    valid_from: dt.date
    valid_until: dt.date | None
    basis: str
    source: str

    @property
    def id(self) -> str:
        """The reference an audit event keeps: the action and the row's number in it."""
        return f"{self.action}#{self.index}"

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


@dataclass(frozen=True)
class Action:
    code: str
    name_vi: str
    name_en: str
    rows: tuple[Row, ...]


def _date(value, file: str, path: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    raise RulesDataError(
        file, path, f"cần ngày YYYY-MM-DD, có «{value}»", f"a YYYY-MM-DD date is needed, not “{value}”"
    )


def load(path: Path = DATA) -> dict[str, Action]:
    """Read and check the table: known roles and levels, a date range, a basis and a source on every
    row, no two rows of an action granting the same role the same level on one day."""
    file = path.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: dict[str, Action] = {}
    for code, spec in (data.get("actions") or {}).items():
        where = f"actions.{code}"
        if not isinstance(spec, dict) or not spec.get("vi") or not spec.get("en") or not spec.get("rows"):
            raise RulesDataError(file, where, "cần vi, en và rows", "vi, en and rows are needed")
        rows = []
        for i, raw in enumerate(spec["rows"], start=1):
            at = f"{where}.rows[{i}]"
            role, levels = raw.get("role"), tuple(raw.get("levels") or ())
            if role not in ROW_ROLES:
                raise RulesDataError(file, at, f"vai trò «{role}» không có", f"no role “{role}”")
            if not levels or any(level not in LEVELS for level in levels):
                raise RulesDataError(file, at, f"cấp «{levels}» không hợp lệ", f"levels “{levels}” are not valid")
            if raw.get("basis") not in BASES:
                raise RulesDataError(
                    file, at, "cần basis: sourced, inferred hoặc tamnong", "basis must be sourced, inferred or tamnong"
                )
            if not str(raw.get("source") or "").strip():
                raise RulesDataError(
                    file, at, "cần nguồn (hoặc lý do lựa chọn của Tamnông)", "a source (or Tamnông's reason) is needed"
                )
            valid_from = _date(raw.get("from"), file, f"{at}.from")
            valid_until = _date(raw["until"], file, f"{at}.until") if raw.get("until") is not None else None
            if valid_until is not None and valid_until < valid_from:
                raise RulesDataError(file, at, "ngày kết thúc trước ngày bắt đầu", "until is before from")
            row = Row(code, i, role, levels, valid_from, valid_until, raw["basis"], str(raw["source"]))
            for other in rows:
                if other.role == row.role and set(other.levels) & set(row.levels) and _overlap(other, row):
                    raise RulesDataError(
                        file, at, f"trùng thời gian với dòng {other.index} (cùng vai trò, cùng cấp)",
                        f"overlaps row {other.index} (same role, same level)",
                    )  # fmt: skip
            rows.append(row)
        out[code] = Action(code, spec["vi"], spec["en"], tuple(rows))
    return out


def _overlap(a: Row, b: Row) -> bool:
    far = dt.date.max
    return a.valid_from <= (b.valid_until or far) and b.valid_from <= (a.valid_until or far)


@cache
def table() -> dict[str, Action]:
    return load()


def action_get(code: str) -> Action:
    try:
        return table()[code]
    except KeyError:
        raise UnknownAction(code) from None


def rows_on(code: str, on: dt.date) -> list[Row]:
    """The rows of an action in force on a date."""
    return [row for row in action_get(code).rows if row.in_force(on)]


def grant(code: str, *, role: str, level: str, on: dt.date, step_role: str | None = None) -> Row | None:
    """The row letting `role` perform the action on a unit of `level` on `on`, or None. A `step` row
    grants the role the recognition workflow names for the step (`step_role`)."""
    for row in rows_on(code, on):
        if level not in row.levels:
            continue
        if row.role == role or (row.role == "step" and step_role is not None and role == step_role):
            return row
        if row.role == "public":
            return row
    return None


def change_dates(code: str) -> list[dt.date]:
    """The days on which who may perform the action changes (a row begins, or the day after one ends)."""
    days = set()
    for row in action_get(code).rows:
        days.add(row.valid_from)
        if row.valid_until is not None:
            days.add(row.valid_until + dt.timedelta(days=1))
    return sorted(days)


def who(code: str, *, level: str, on: dt.date, step_role: str | None = None) -> list[str]:
    """The roles that may perform the action on a unit of `level` on `on`, in the table's order."""
    out: list[str] = []
    for row in rows_on(code, on):
        if level in row.levels and row.role != "system":
            role = step_role if row.role == "step" else row.role
            if role and role not in out:
                out.append(role)
    return out


def _names(codes: Iterable[str], lang: int) -> str:
    return ", ".join(ROLE_NAMES[c][lang] for c in codes if c in ROLE_NAMES)


def refusal(
    code: str, *, roles: Iterable[str], level: str, on: dt.date, unit_vi: str, unit_en: str,
    step_role: str | None = None,
) -> tuple[str, str]:  # fmt: skip
    """Why the actor's roles do not grant the action on the unit on the date, in both languages."""
    action = action_get(code)
    roles = [r for r in roles if r in ROLE_NAMES]
    allowed = who(code, level=level, on=on, step_role=step_role)
    level_vi, level_en = LEVEL_NAMES.get(level, (level, level))
    held_vi = _names(roles, 0) or "không có vai trò nào"
    held_en = _names(roles, 1) or "no role"
    if allowed:
        tail_vi = f"việc này thuộc {_names(allowed, 0)}"
        tail_en = f"it belongs to the {_names(allowed, 1)}"
    else:
        tail_vi = f"ngày {on:%d/%m/%Y} không cấp nào làm việc này ở {level_vi}"
        tail_en = f"on {on:%d/%m/%Y} nobody does this at the {level_en}"
    return (
        f"Không được «{action.name_vi}» tại {unit_vi} ngày {on:%d/%m/%Y}: tài khoản là {held_vi}; {tail_vi}.",
        f"Not allowed to “{action.name_en}” at {unit_en} on {on:%d/%m/%Y}: this account is {held_en}; {tail_en}.",
    )
