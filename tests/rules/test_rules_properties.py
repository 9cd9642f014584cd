"""Property tests: comparator monotonicity and the tier ladder."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tamnong.rules import Facts, Place, evaluate, load_edition, meets

EDITION = "ntm/commune-2021-2025"
REGIONS = ["TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"]
FLAGS = ["extremely_difficult", "safety_zone", "poor_district_2018_2020"]
finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
increase = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@given(value=finite, threshold=finite, up=increase)
def test_at_least_keeps_meeting_when_raised(value: float, threshold: float, up: float) -> None:
    for comparator in (">=", ">"):
        if meets(value, comparator, threshold):
            assert meets(value + up, comparator, threshold)


@given(value=finite, threshold=finite, down=increase)
def test_at_most_keeps_meeting_when_lowered(value: float, threshold: float, down: float) -> None:
    for comparator in ("<=", "<"):
        if meets(value, comparator, threshold):
            assert meets(value - down, comparator, threshold)


@settings(max_examples=60, deadline=None)
@given(
    value=st.floats(min_value=0, max_value=100, allow_nan=False),
    up=st.floats(min_value=0, max_value=100, allow_nan=False),
    region=st.sampled_from(REGIONS),
    flags=st.sets(st.sampled_from(FLAGS)),
    on=st.dates(min_value=date(2022, 3, 8), max_value=date(2026, 12, 31)),
)
def test_engine_percent_indicators_are_monotone(
    value: float, up: float, region: str, flags: set[str], on: date
) -> None:
    edition = load_edition(EDITION)
    place = Place(scheme="2008-2025", province_code="01", region=region, flags=frozenset(flags))
    codes = ("3.1", "household_power_pct")
    low = evaluate(edition, Facts.from_mapping({"values": {c: value for c in codes}}), on=on, place=place)
    high = evaluate(edition, Facts.from_mapping({"values": {c: value + up for c in codes}}), on=on, place=place)
    for tier in ("standard", "advanced"):
        for code in codes:
            try:
                before = low.tier(tier).indicator(code).status
            except KeyError:
                continue
            if before == "met":
                assert high.tier(tier).indicator(code).status == "met"


def _facts_strategy() -> st.SearchStrategy[dict]:
    edition = load_edition(EDITION)
    kinds = {i.code: i.kind for t in edition.tiers for c in t.criteria for i in c.indicators}
    value_strats = {
        code: (st.booleans() if kind == "yes_no" else st.floats(min_value=0, max_value=100, allow_nan=False))
        for code, kind in kinds.items()
    }
    keys = [c.number if t is edition.tiers[0] else f"{t.id}/{c.number}" for t in edition.tiers for c in t.criteria]
    return st.fixed_dictionaries(
        {
            "values": st.fixed_dictionaries({}, optional=value_strats),
            "assessments": st.dictionaries(
                st.sampled_from(keys),
                st.builds(lambda met: {"met": met, "evidence": "hồ sơ"}, st.booleans() | st.just(True)),
            ),
        }
    )


@settings(max_examples=80, deadline=None)
@given(data=_facts_strategy(), region=st.sampled_from(REGIONS), flags=st.sets(st.sampled_from(FLAGS)))
def test_a_tier_is_never_reached_without_the_tier_below(data: dict, region: str, flags: set[str]) -> None:
    place = Place(scheme="2008-2025", province_code="01", region=region, flags=frozenset(flags))
    ev = evaluate(load_edition(EDITION), Facts.from_mapping(data), on=date(2024, 12, 31), place=place)
    for lower, upper in zip(ev.tiers, ev.tiers[1:], strict=False):
        if upper.reached:
            assert lower.reached
    reached = [t.id for t in ev.tiers if t.reached]
    assert reached == [t.id for t in ev.tiers][: len(reached)]
    assert ev.tier_reached == (reached[-1] if reached else None)
    for t in ev.tiers:
        assert t.reached == (t.lower_reached and t.criteria_met == t.criteria_total)


SENTENCES = {"explanation_vi", "explanation_en", "need_vi", "need_en", "notes_vi", "notes_en"}


def _without_sentences(obj: object) -> object:
    if isinstance(obj, dict):
        return {k: _without_sentences(v) for k, v in obj.items() if k not in SENTENCES}
    if isinstance(obj, list):
        return [_without_sentences(v) for v in obj]
    return obj


def _sentences(obj: object) -> list[str]:
    out: list[str] = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in SENTENCES:
                out += [v] if isinstance(v, str) else v
            else:
                out += _sentences(v)
    elif isinstance(obj, list):
        for v in obj:
            out += _sentences(v)
    return out


@settings(max_examples=60, deadline=None)
@given(
    data=_facts_strategy(),
    region=st.sampled_from(REGIONS),
    flags=st.sets(st.sampled_from(FLAGS)),
    on=st.dates(min_value=date(2022, 3, 8), max_value=date(2026, 12, 31)),
)
def test_without_explanations_the_decisions_are_the_same(data: dict, region: str, flags: set[str], on: date) -> None:
    place = Place(scheme="2008-2025", province_code="01", region=region, flags=frozenset(flags))
    edition, facts = load_edition(EDITION), Facts.from_mapping(data)
    explained = evaluate(edition, facts, on=on, place=place).to_dict()
    bare = evaluate(edition, facts, on=on, place=place, explain=False).to_dict()
    assert _without_sentences(bare) == _without_sentences(explained)
    assert not any(_sentences(bare))
    assert all(_sentences(explained))
