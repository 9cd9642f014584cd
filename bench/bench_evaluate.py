"""Benchmark: evaluate 10,599 synthetic communes against the full 2021-2025 edition.

    python bench/bench_evaluate.py [--communes N] [--seed S]

Builds facts covering every indicator and every criterion of ``ntm/commune-2021-2025``
(values randomised with a fixed seed; a direct assessment for each directly assessed
criterion), evaluates them all in one process, and times a baseline loop that only reads
the same facts (touches every value). Evaluates them again without the sentences
(``explain=False``, as a roll-up needs them) and checks that the decisions are the same;
the two modes alternate for ``--rounds`` rounds and each keeps its best time. Prints the
times and the ratios. Not a timed test.
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
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each mode; the best time counts")
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

    def run(explain: bool) -> tuple[float, dict[str | None, int]]:
        reached: dict[str | None, int] = {}
        t0 = time.perf_counter()
        for place, facts in communes:
            ev = evaluate(edition, facts, on=on, place=place, explain=explain)
            reached[ev.tier_reached] = reached.get(ev.tier_reached, 0) + 1
        return time.perf_counter() - t0, reached

    # The two modes alternate for some rounds and each keeps its best time, so that a busy
    # machine weighs on both alike.
    t_eval = t_bare = float("inf")
    for _ in range(args.rounds):
        t, reached = run(True)
        t_eval = min(t_eval, t)
        t, _ = run(False)
        t_bare = min(t_bare, t)

    def decisions(explain: bool) -> list[tuple]:
        out = []
        for place, facts in communes[:500]:
            ev = evaluate(edition, facts, on=on, place=place, explain=explain)
            out.append((ev.tier_reached, [c.status for t in ev.tiers for c in t.criteria], ev.trace))
        return out

    same = decisions(True) == decisions(False)

    print(f"edition {edition.id} ({edition.content_hash[:19]}…), loaded in {t_load * 1000:.1f} ms")
    print(f"communes: {len(communes)}; per commune: {n_ind} indicator values, {n_ass} direct assessments")
    print(f"tier reached: {dict(sorted(reached.items(), key=lambda kv: str(kv[0])))}")
    print(f"baseline (read every fact): {t_base:.3f} s")
    print(f"evaluate (all tiers):       {t_eval:.3f} s  ({t_eval / len(communes) * 1e6:.0f} µs per commune)")
    print(f"evaluate, explain=False:    {t_bare:.3f} s  ({t_bare / len(communes) * 1e6:.0f} µs per commune)")
    print(f"ratio evaluate / baseline:  {t_eval / t_base:.0f}x")
    print(f"ratio explained / bare:     {t_eval / t_bare:.2f}x  (same decisions on the first 500: {same})")


if __name__ == "__main__":
    main()
