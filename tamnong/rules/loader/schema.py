"""Schema helpers of the loader: ``_Ctx`` (a file and a path inside it, which makes the
RulesDataError) and the checks of mappings, texts, dates, numbers and labels."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from tamnong.rules.errors import RulesDataError
from tamnong.rules.model import Label

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
