"""Every legal case through the engine's runner (tamnong.rules.cases): the cases shipped with the
rules (tamnong/rules/data/cases/), and those that need test-only data (tests/rules/cases/, whose
overlays are under tests/rules/fixtures/). One test per case; a failure prints what the case
expected and what came out."""

from pathlib import Path

import pytest

from tamnong.rules import cases

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
ALL = [
    *cases.collect(),
    *cases.collect([HERE / "cases"], root=HERE / "cases", overlay_dir=FIXTURES),
]


@pytest.mark.parametrize("case", ALL, ids=[f"{c.source} {c.index:02d} {c.name}" for c in ALL])
def test_case(case):
    outcome = cases.run(case)
    assert outcome.passed, outcome.message("en")


def test_every_kind_of_case_is_shipped():
    kinds = {cases.files.kind(c.data) for c in cases.collect()}
    questions = {c.data["ocop"] for c in cases.collect() if "ocop" in c.data}
    assert kinds == {"edition", "ocop", "act"}
    assert questions == set(cases.files.OCOP_QUESTIONS)
    assert [c.source for c in cases.collect() if not c.name_vi] == []  # an official reads each in Vietnamese


def test_the_engine_has_the_only_case_runner():
    """Guard: legal cases run only through tamnong.rules.cases; a second runner (a pytest collector of
    case files, another run_case) fails this test."""
    root = HERE.parents[1]
    signs = ("def pytest_collect_file", "def run_case")
    offenders = [
        path.relative_to(root).as_posix()
        for folder in ("tamnong", "tests")
        for path in (root / folder).rglob("*.py")
        if path != Path(__file__) and any(sign in path.read_text(encoding="utf-8") for sign in signs)
    ]
    assert offenders == []
