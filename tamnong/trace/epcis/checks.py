"""EpcisError (naming the event, from 1, and the JSON field) and the checks of single values: URIs,
times with a zone, CBV values, quantities, JSON values of ILMD and extensions, namespace prefixes."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from tamnong.rules.errors import InputError
from tamnong.trace.epcis.vocabulary import _CBV_NAMESPACES, _PREFIXED, _URI, _VOCABS


class EpcisError(InputError):
    """A document or an event EPCIS 2.0 refuses. `message_vi` / `message_en` name the event (from 1) and
    the JSON field; `field` is the JSON path ("eventList[1].bizStep", "schemaVersion");
    `event_index` counts from 0 (None for the document itself)."""

    def __init__(
        self,
        message_vi: str,
        message_en: str,
        field: str,
        *,
        event_index: int | None = None,
        reason_vi: str | None = None,
        reason_en: str | None = None,
    ) -> None:
        super().__init__(message_vi, message_en, field)
        self.event_index = event_index
        self.reason_vi = reason_vi or message_vi
        self.reason_en = reason_en or message_en


def _error(field_name: str, vi: str, en: str, index: int | None = None) -> EpcisError:
    if index is None:
        return EpcisError(
            f"Trường {field_name}: {vi}", f"Field {field_name}: {en}", field_name, reason_vi=vi, reason_en=en
        )
    return EpcisError(
        f"Sự kiện {index + 1}, trường {field_name}: {vi}",
        f"Event {index + 1}, field {field_name}: {en}",
        f"eventList[{index}].{field_name}",
        event_index=index,
        reason_vi=vi,
        reason_en=en,
    )


def _at(err: EpcisError, index: int) -> EpcisError:
    """The same error, placed in event `index` of a document."""
    name = err.field.split("].", 1)[-1] if err.field.startswith("eventList[") else err.field
    return _error(name, err.reason_vi, err.reason_en, index)


# --- value checks ------------------------------------------------------------------------------------


def _uri(value: Any, name: str) -> str:
    if not isinstance(value, str) or not _URI.match(value):
        raise _error(
            name,
            f"«{value}» không phải một URI tuyệt đối (dạng https://… hoặc urn:…, không dấu cách, không dấu tiếng Việt).",
            f"«{value}» is not an absolute URI (https://… or urn:…, no spaces, no accented letters).",
        )
    return value


def _uris(values: Iterable[Any], name: str) -> tuple[str, ...]:
    if isinstance(values, str):
        raise _error(name, "phải là một danh sách URI.", "must be a list of URIs.")
    out = tuple(_uri(v, f"{name}[{i}]") for i, v in enumerate(values))
    if len(set(out)) != len(out):
        dup = next(v for v in out if out.count(v) > 1)
        raise _error(name, f"«{dup}» xuất hiện hai lần.", f"«{dup}» appears twice.")
    return out


def _aware(value: Any, name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise _error(
            name,
            "cần ngày giờ có múi giờ (ví dụ 2024-05-01T08:30:00+07:00).",
            "needs a date and time with a time zone (e.g. 2024-05-01T08:30:00+07:00).",
        )
    return value


def _offset_of(dt: datetime) -> str:
    offset = dt.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _vocab(value: Any, name: str, vocab: str) -> str:
    """A CBV value as its bare string (CBV URN and Web URI forms are accepted and shortened), or a URI
    of another vocabulary."""
    allowed, urn, web, name_vi = _VOCABS[vocab]
    if isinstance(value, str):
        for prefix in (urn, web):
            if value.startswith(prefix) and value[len(prefix) :] in allowed:
                return value[len(prefix) :]
        if value in allowed:
            return value
        if _URI.match(value) and not value.startswith(_CBV_NAMESPACES):
            return value
    shown = ", ".join(sorted(allowed))
    raise _error(
        name,
        f"«{value}» không phải {name_vi} của CBV 2.0. Dùng một trong: {shown}; hoặc một URI riêng ngoài CBV.",
        f"«{value}» is not a CBV 2.0 value. Use one of: {shown}; or a URI of your own outside CBV.",
    )


def _decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, bool):
        raise _error(name, f"«{value}» không phải là số.", f"«{value}» is not a number.")
    try:
        number = Decimal(str(value)) if isinstance(value, float | int | str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise _error(name, f"«{value}» không phải là số.", f"«{value}» is not a number.") from None
    if not number.is_finite() or number < 0:
        raise _error(name, f"«{value}» phải là số không âm.", f"«{value}» must be a number, not negative.")
    return number


def _json_value(value: Any, name: str) -> Any:
    """A copy of an ILMD or extension value, JSON-compatible (no null: the hash algorithm has no form for it)."""
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _error(name, "số phải hữu hạn.", "numbers must be finite.")
        return value
    if isinstance(value, Mapping):
        out = {}
        for key, child in value.items():
            if not isinstance(key, str) or not key:
                raise _error(name, "tên trường con phải là chuỗi khác rỗng.", "child names must be non-empty strings.")
            out[key] = _json_value(child, f"{name}.{key}")
        return out
    if isinstance(value, list | tuple):
        return [_json_value(child, f"{name}[{i}]") for i, child in enumerate(value)]
    raise _error(
        name,
        f"giá trị kiểu {type(value).__name__} không ghi được trong JSON (chỉ chuỗi, số, đúng/sai, đối tượng, danh sách).",
        f"a {type(value).__name__} cannot be written in JSON (strings, numbers, booleans, objects, lists only).",
    )


def _extension_map(value: Mapping[str, Any] | None, name: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, child in (value or {}).items():
        if not isinstance(key, str) or not _PREFIXED.match(key) or key.startswith(("http:", "https:", "urn:")):
            raise _error(
                f"{name}.{key}" if name else str(key),
                "trường mở rộng phải có tiền tố không gian tên, dạng «tiền_tố:tên» (ví dụ tn:vietgap).",
                "an extension field needs a namespace prefix, «prefix:name» (e.g. tn:vietgap).",
            )
        out[key] = _json_value(child, f"{name}.{key}" if name else key)
    return out


def _prefixes(value: Any) -> set[str]:
    """Every namespace prefix used in the keys of an extension value."""
    found: set[str] = set()
    if isinstance(value, Mapping):
        for key, child in value.items():
            match = _PREFIXED.match(key)
            if match:
                found.add(match.group(1))
            found |= _prefixes(child)
    elif isinstance(value, list):
        for child in value:
            found |= _prefixes(child)
    return found


def _check_namespaces(namespaces: Mapping[str, str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for prefix, uri in (namespaces or {}).items():
        if not isinstance(prefix, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_.\-]*$", prefix):
            raise _error("@context", f"tiền tố «{prefix}» không hợp lệ.", f"the prefix «{prefix}» is invalid.")
        out[prefix] = _uri(uri, f"@context.{prefix}")
    return out
