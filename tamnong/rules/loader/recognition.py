"""``recognition/procedures.yaml``: the procedures of recognising a commune's NTM status by period (the
levels a dossier passes, the working deadline of each step, or unknown with its reason); every break a
RulesDataError naming the file, the path inside it and the reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tamnong.rules.loader.dated import CITATION_KEYS, Citation, _citation, _list, _no_overlap, _period, _unknown, _whole
from tamnong.rules.loader.reading import parse_yaml, read_yaml
from tamnong.rules.loader.schema import _Ctx, _mapping, _text

PROCEDURES_FILE = "recognition/procedures.yaml"
PROCEDURES_PATH = Path(__file__).parents[1] / "data" / "recognition" / "procedures.yaml"
LEVELS = ("commune", "district", "province")
_CITED = CITATION_KEYS - {"reference"}


@dataclass(frozen=True)
class StepDeadline:
    """The working days the holder of a dossier in a state has to act; None with a reason when the
    limit is not sourced."""

    working_days: int | None
    cited: Citation
    reason_vi: str = ""
    reason_en: str = ""


@dataclass(frozen=True)
class ProcedureData:
    id: str
    valid_from: date
    valid_until: date | None
    levels: tuple[str, ...]
    cited: Citation
    deadlines: dict[str, StepDeadline]


def _deadline(raw: Any, ctx: _Ctx) -> StepDeadline:
    d = _mapping(raw, ctx, {"reference"}, {"working_days", "unknown", "reason", "reason_en", *_CITED})
    cited = _citation(d, ctx)
    if ("working_days" in d) == ("unknown" in d):
        raise ctx.fail("cần đúng một trong: working_days, unknown", "needs exactly one of: working_days, unknown")
    if "unknown" in d:
        return StepDeadline(None, cited, *_unknown(d, ctx))
    for k in ("reason", "reason_en"):
        if k in d:
            raise ctx.at(k).fail("chỉ dùng cùng 'unknown: true'", "only allowed with 'unknown: true'")
    return StepDeadline(_whole(d["working_days"], ctx.at("working_days"), 1), cited)


def _procedure(raw: Any, ctx: _Ctx, states: frozenset[str]) -> ProcedureData:
    d = _mapping(raw, ctx, {"id", "from", "levels", "reference", "deadlines"}, {"until", *_CITED})
    start, end = _period(d, ctx)
    levels = tuple(
        _text(v, ctx.at("levels").at(i)) for i, v in enumerate(_list(d["levels"], ctx.at("levels"), empty=False))
    )
    if list(levels) != sorted(set(levels), key=lambda x: LEVELS.index(x) if x in LEVELS else -1) or not set(
        levels
    ) <= set(LEVELS):
        raise ctx.at("levels").fail(
            f"các cấp phải là {', '.join(LEVELS)}, theo thứ tự từ dưới lên",
            f"the levels must be {', '.join(LEVELS)}, from the lowest up",
        )
    dctx = ctx.at("deadlines")
    raw_deadlines = _mapping(d["deadlines"], dctx, set(), states)
    deadlines = {str(state): _deadline(v, dctx.at(state)) for state, v in raw_deadlines.items()}
    return ProcedureData(_text(d["id"], ctx.at("id")), start, end, levels, _citation(d, ctx), deadlines)


def procedures_from_text(text: str, states: frozenset[str], name: str = PROCEDURES_FILE) -> tuple[ProcedureData, ...]:
    """Read the procedures from their YAML text; `states` are the workflow's states a deadline may name."""
    return _procedures(parse_yaml(text, name), _Ctx(name), states)


def load_procedures(states: frozenset[str], path: Path | None = None) -> tuple[ProcedureData, ...]:
    name = PROCEDURES_FILE if path is None else path.name
    return _procedures(read_yaml(path or PROCEDURES_PATH, name), _Ctx(name), states)


def _procedures(raw: Any, ctx: _Ctx, states: frozenset[str]) -> tuple[ProcedureData, ...]:
    d = _mapping(raw, ctx, {"procedures"})
    pctx = ctx.at("procedures")
    items = tuple(_procedure(p, pctx.at(i), states) for i, p in enumerate(_list(d["procedures"], pctx, empty=False)))
    _no_overlap([(p.valid_from, p.valid_until) for p in items], pctx)
    if len({p.id for p in items}) != len(items):
        raise pctx.fail("mã quy trình bị trùng", "duplicate procedure id")
    return items
