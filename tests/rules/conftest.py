"""Collect the legal cases in ``tests/rules/cases/<edition id>/*.yaml``: one test item per case.

A case, in plain words (docs/developer-guide.md, "Add a criteria edition")::

    - name: A commune irrigating 82 % of its farmland meets indicator 3.1
      on: 2024-12-31
      place: {province: "17", region: TDMNPB}        # also scheme, commune_group, flags
      facts: {"3.1": 82}                              # indicator values
      assessments: {"1": {met: true, evidence: "…"}} # direct assessments (optional)
      overlays: [overlays/99.yaml]                    # test overlays under fixtures/ (optional)
      expect:
        "3.1": met                 # indicator status; "<tier>/<code>" for another tier
        criteria: {"3": met}       # criterion status; "<tier>/<number>" for another tier
        threshold: {"3.1": 80}     # threshold used
        explanation: {"3.1": "82% ≥ 80%"}   # part of the Vietnamese explanation
        tier_reached: standard     # or null
        special_rules: [difficult_commune_uses_tdmnpb]
        notes: ["thay thế"]        # part of an evaluation note
        error: NotInForce          # the evaluation must raise this error instead

The edition is the case file's folder under ``cases/`` (e.g. ``ntm/commune-2021-2025``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tamnong.rules import errors as rules_errors
from tamnong.rules import evaluate, load_edition, load_overlay, read_yaml
from tamnong.rules.model import Facts, Place
from tamnong.rules.results import Evaluation

HERE = Path(__file__).parent
CASES = HERE / "cases"
FIXTURES = HERE / "fixtures"
CASE_KEYS = {"name", "on", "place", "facts", "assessments", "overlays", "expect"}
EXPECT_KEYS = {"criteria", "threshold", "explanation", "tier_reached", "special_rules", "notes", "error"}
PLACE_KEYS = {"province", "scheme", "region", "commune_group", "flags"}


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and CASES in file_path.parents:
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self):  # type: ignore[no-untyped-def]
        rel = self.path.relative_to(CASES)
        edition_id = rel.parent.as_posix()
        cases = read_yaml(self.path, rel.as_posix())
        if not isinstance(cases, list):
            raise pytest.UsageError(f"{rel}: a case file is a list of cases")
        for i, case in enumerate(cases):
            if not isinstance(case, dict) or "name" not in case:
                raise pytest.UsageError(f"{rel}: case {i} has no name")
            extra = set(case) - CASE_KEYS
            if extra:
                raise pytest.UsageError(f"{rel}: case {case['name']!r} has unknown keys {sorted(extra)}")
            yield CaseItem.from_parent(self, name=f"{i:02d} {case['name']}", edition_id=edition_id, case=case)


class CaseItem(pytest.Item):
    def __init__(self, *, edition_id: str, case: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.edition_id = edition_id
        self.case = case

    def runtest(self) -> None:
        run_case(self.edition_id, self.case)

    def reportinfo(self):  # type: ignore[no-untyped-def]
        return self.path, 0, f"case: {self.case['name']}"


def _place(raw: dict[str, Any]) -> Place:
    extra = set(raw) - PLACE_KEYS
    assert not extra, f"unknown place keys {sorted(extra)}"
    return Place(
        scheme=str(raw.get("scheme", "2008-2025")),
        province_code=str(raw["province"]),
        region=raw.get("region"),
        commune_group=str(raw["commune_group"]) if raw.get("commune_group") is not None else None,
        flags=frozenset(raw.get("flags", [])),
    )


def _split(key: str, default_tier: str | None) -> tuple[str | None, str]:
    if "/" in key:
        tier, _, rest = key.partition("/")
        return tier, rest
    return default_tier, key


def _indicator(ev: Evaluation, key: str):  # type: ignore[no-untyped-def]
    tier, code = _split(key, None)
    for t in ev.tiers:
        if tier is None or t.id == tier:
            try:
                return t.indicator(code)
            except KeyError:
                continue
    raise AssertionError(f"no indicator {key!r} in the evaluation")


def run_case(edition_id: str, case: dict[str, Any]) -> None:
    edition = load_edition(edition_id)
    for rel in case.get("overlays", []):
        edition = edition.with_overlays(load_overlay(FIXTURES / rel, edition))
    on = date.fromisoformat(str(case["on"]))
    place = _place(case["place"])
    facts = Facts.from_mapping({"values": case.get("facts") or {}, "assessments": case.get("assessments") or {}})
    expect = case["expect"]

    if "error" in expect:
        error_cls = getattr(rules_errors, expect["error"])
        with pytest.raises(error_cls):
            evaluate(edition, facts, on=on, place=place)
        return

    ev = evaluate(edition, facts, on=on, place=place)
    first = ev.tiers[0].id
    for key, want in expect.items():
        if key in EXPECT_KEYS:
            continue
        got = _indicator(ev, key)
        assert got.status == want, f"indicator {key}: {got.status} != {want}\n{got.explanation_vi}"
    for key, want in (expect.get("criteria") or {}).items():
        tier, number = _split(str(key), first)
        got = ev.tier(tier).criterion(number)  # type: ignore[arg-type]
        assert got.status == want, f"criterion {key}: {got.status} != {want}\n{got.explanation_vi}"
    for key, want in (expect.get("threshold") or {}).items():
        got = _indicator(ev, key)
        assert got.threshold == want, f"threshold {key}: {got.threshold} != {want}\n{got.explanation_vi}"
    for key, want in (expect.get("explanation") or {}).items():
        got = _indicator(ev, key)
        assert want in got.explanation_vi, f"explanation {key}: {want!r} not in {got.explanation_vi!r}"
    if "tier_reached" in expect:
        assert ev.tier_reached == expect["tier_reached"], f"tier reached: {ev.tier_reached} != {expect['tier_reached']}"
    if "special_rules" in expect:
        assert list(ev.trace.special_rules_applied) == expect["special_rules"]
    for want in expect.get("notes") or []:
        assert any(want in n for n in ev.notes_vi), f"note {want!r} not in {ev.notes_vi}"
