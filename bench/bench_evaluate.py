"""Benchmark: evaluate 10,599 synthetic communes against the full 2021-2025 edition.

    python bench/bench_evaluate.py [--communes N] [--seed S]

Builds facts covering every indicator and every criterion of ``ntm/commune-2021-2025``
(values randomised with a fixed seed; a direct assessment for each directly assessed
criterion), evaluates them all in one process, and times a baseline loop that only reads
the same facts (touches every value). Prints both times and the ratio. Not a timed test.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tamnong.rules import Facts, Place, evaluate, load_edition  # noqa: E402

EDITION = "ntm/commune-2021-2025"
FLAGS = ("extremely_difficult", "safety_zone", "poor_district_2018_2020")


def build(n: int, seed: int) -> list[tuple[Place, Facts]]:
    rng = random.Random(seed)
    edition = load_edition(EDITION)
    regions = list(edition.places)
    first = edition.tiers[0].id
    indicators = {i.code: i.kind for t in edition.tiers for c in t.criteria for i in c.indicators}
    # Directly assessed criteria, and criteria whose every threshold is not yet sourced
    # (income, poverty, model income): both are decided by a direct assessment in practice.
    direct = [
        (t.id, c.number)
        for t in edition.tiers
        for c in t.criteria
        if c.assessed == "direct"
        or all(e.unknown or e.relative_to is not None for i in c.indicators for e in i.values.values())
    ]
    out = []
    for k in range(n):
        values: dict[str, float | bool] = {}
        for code, kind in indicators.items():
            if kind == "yes_no":
                values[code] = rng.random() < 0.9
            elif kind == "score_band":
                values[code] = round(rng.uniform(40, 75), 1)
            elif kind == "percent":
                values[code] = round(rng.uniform(70, 100), 1)
            else:
                values[code] = round(rng.uniform(30, 120), 1)
        assessments = {
            (number if tier == first else f"{tier}/{number}"): {
                "met": rng.random() < 0.95,
                "evidence": f"hồ sơ {k}",
            }
            for tier, number in direct
        }
        flags = frozenset(f for f in FLAGS if rng.random() < 0.1)
        place = Place(
            scheme="2008-2025",
            province_code=f"{rng.randrange(1, 97):02d}",
            region=rng.choice(regions),
            flags=flags,
        )
        out.append((place, Facts.from_mapping({"values": values, "assessments": assessments})))
    return out


def baseline(communes: list[tuple[Place, Facts]]) -> tuple[float, int]:
    total, count = 0.0, 0
    for place, facts in communes:
        count += len(place.flags) + len(place.region or "")
        for v in facts.values.values():
            total += float(v)
        for a in facts.assessments.values():
            count += a.met + len(a.evidence)
    return total, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=10_599)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()

    t0 = time.perf_counter()
    edition = load_edition(EDITION)
    t_load = time.perf_counter() - t0
    communes = build(args.communes, args.seed)
    n_ind = len(communes[0][1].values)
    n_ass = len(communes[0][1].assessments)
    on = date(2024, 12, 31)

    t0 = time.perf_counter()
    baseline(communes)
    t_base = time.perf_counter() - t0

    t0 = time.perf_counter()
    reached: dict[str | None, int] = {}
    for place, facts in communes:
        ev = evaluate(edition, facts, on=on, place=place)
        reached[ev.tier_reached] = reached.get(ev.tier_reached, 0) + 1
    t_eval = time.perf_counter() - t0

    print(f"edition {edition.id} ({edition.content_hash[:19]}…), loaded in {t_load * 1000:.1f} ms")
    print(f"communes: {len(communes)}; per commune: {n_ind} indicator values, {n_ass} direct assessments")
    print(f"tier reached: {dict(sorted(reached.items(), key=lambda kv: str(kv[0])))}")
    print(f"baseline (read every fact): {t_base:.3f} s")
    print(f"evaluate (all tiers):       {t_eval:.3f} s  ({t_eval / len(communes) * 1e6:.0f} µs per commune)")
    print(f"ratio evaluate / baseline:  {t_eval / t_base:.0f}x")


if __name__ == "__main__":
    main()
