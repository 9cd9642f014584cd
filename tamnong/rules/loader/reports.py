"""``reports/distribution.yaml``: how reports band communes by the criteria they meet, for a criteria
set of each size (the project's choice, cited as such); every break a RulesDataError naming the file,
the path inside it and the reason."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from tamnong.rules.loader.dated import CITATION_KEYS, _citation, _list, _whole
from tamnong.rules.loader.reading import parse_yaml, read_yaml
from tamnong.rules.loader.schema import _Ctx, _mapping

DISTRIBUTION_FILE = "reports/distribution.yaml"
DISTRIBUTION_PATH = Path(__file__).parents[1] / "data" / "reports" / "distribution.yaml"

Bands = tuple[tuple[int, int], ...]


def _bands(raw: Any, ctx: _Ctx) -> dict[int, Bands]:
    d = _mapping(raw, ctx, {"bands"})
    out: dict[int, Bands] = {}
    for i, item in enumerate(_list(d["bands"], ctx.at("bands"), empty=False)):
        c = ctx.at("bands").at(i)
        b = _mapping(item, c, {"criteria", "groups", "reference"}, CITATION_KEYS - {"reference"})
        _citation(b, c)
        total = _whole(b["criteria"], c.at("criteria"), 1)
        if total in out:
            raise c.at("criteria").fail(f"bộ {total} tiêu chí bị trùng", f"a set of {total} criteria appears twice")
        groups = []
        for j, pair in enumerate(_list(b["groups"], c.at("groups"), empty=False)):
            g = c.at("groups").at(j)
            if not isinstance(pair, list) or len(pair) != 2:
                raise g.fail("phải là [từ, đến]", "must be [low, high]")
            groups.append((_whole(pair[0], g.at(0)), _whole(pair[1], g.at(1))))
        expected_high = total
        for j, (low, high) in enumerate(groups):
            if high != expected_high or low > high:
                raise (
                    c.at("groups")
                    .at(j)
                    .fail(
                        f"các nhóm phải liền nhau từ {total} xuống 0 (nhóm này cần kết thúc ở {expected_high})",
                        f"the groups must run without gaps from {total} down to 0 (this one must end at {expected_high})",
                    )
                )
            expected_high = low - 1
        if expected_high != -1:
            raise c.at("groups").fail("nhóm cuối phải bắt đầu từ 0", "the last group must start at 0")
        out[total] = tuple(groups)
    return out


def distribution_from_text(text: str, name: str = DISTRIBUTION_FILE) -> dict[int, Bands]:
    return _bands(parse_yaml(text, name), _Ctx(name))


@cache
def distribution_bands() -> dict[int, Bands]:
    """The report bands by the size of the criteria set: {19: ((19, 19), (15, 18), …), 10: …}."""
    return _bands(read_yaml(DISTRIBUTION_PATH, DISTRIBUTION_FILE), _Ctx(DISTRIBUTION_FILE))
