"""Engine behaviour beyond the legal cases: results, trace, to_dict, gaps, formatting, facts."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from tamnong.rules import (
    Facts,
    FactsError,
    NotInForce,
    Place,
    evaluate,
    format_number,
    format_number_vi,
    in_force,
    load_edition,
    load_overlay,
    resolution_hash,
)

EDITION = "ntm/commune-2021-2025"
FIXTURES = Path(__file__).parent / "fixtures"
DBSH = Place(scheme="2008-2025", province_code="01", region="DBSH")
ON = date(2024, 12, 31)


def facts(**values: object) -> Facts:
    return Facts.from_mapping({"values": values})


@pytest.mark.parametrize(
    ("x", "vi", "en"),
    [
        (14.9, "14,9", "14.9"),
        (1234.5, "1.234,5", "1,234.5"),
        (80, "80", "80"),
        (82.0, "82", "82"),
        (76.5, "76,5", "76.5"),
        (1250000, "1.250.000", "1,250,000"),
        (-1234.25, "-1.234,25", "-1,234.25"),
        (0.1 + 0.2, "0,30000000000000004", "0.30000000000000004"),
        (0, "0", "0"),
        (999, "999", "999"),
    ],
)
def test_format_number(x: float, vi: str, en: str) -> None:
    assert format_number_vi(x) == vi
    assert format_number(x, "en") == en


def test_in_force_picks_the_latest_entry_on_or_before_the_date() -> None:
    values = {date(2022, 3, 8): "a", date(2024, 6, 3): "b"}
    assert in_force(values, date(2022, 3, 7)) is None
    assert in_force(values, date(2022, 3, 8)) == (date(2022, 3, 8), "a")
    assert in_force(values, date(2024, 6, 2)) == (date(2022, 3, 8), "a")
    assert in_force(values, date(2030, 1, 1)) == (date(2024, 6, 3), "b")


def test_evaluation_is_frozen_and_to_dict_is_plain_json() -> None:
    ev = evaluate(load_edition(EDITION), facts(**{"3.1": 82}), on=ON, place=DBSH)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ev.tier_reached = "model"  # type: ignore[misc]
    data = ev.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert data["on"] == "2024-12-31"
    assert data["place"]["flags"] == []
    assert data["edition_id"] == EDITION
    std = data["tiers"][0]
    assert std["id"] == "standard" and std["criteria_total"] == 19
    c3 = next(c for c in std["criteria"] if c["number"] == "3")
    i31 = next(i for i in c3["indicators"] if i["code"] == "3.1")
    assert i31 == {
        **i31,
        "value": 82,
        "threshold": 80,
        "comparator": ">=",
        "status": "met",
        "effective": "2022-03-08",
        "origin": "national",
    }
    assert "82% ≥ 80%" in i31["explanation_vi"]
    assert data["trace"]["content_hash"].startswith("sha256:")


def test_trace_lists_every_parameter_used() -> None:
    ed = load_edition(EDITION)
    ev = evaluate(ed, Facts(), on=ON, place=DBSH)
    used = {(p.tier, p.indicator) for p in ev.trace.parameters}
    expected = {(t.id, i.code) for t in ed.tiers for c in t.criteria for i in c.indicators}
    assert used == expected
    assert ev.trace.edition_id == EDITION
    assert ev.trace.content_hash == ed.content_hash == ev.trace.resolution_hash
    assert ev.trace.overlay_hash is None
    power = next(p for p in ev.trace.parameters if p.indicator == "household_power_pct")
    assert (power.effective, power.threshold, power.place_used) == (date(2024, 6, 3), 100, "DBSH")
    assert "1327/QĐ-BCT" in power.reference and power.source
    model_income = next(p for p in ev.trace.parameters if p.tier == "model")
    assert model_income.origin == "derived" and model_income.factor == 1.1
    assert model_income.derived_from is not None and model_income.derived_from.tier == "advanced"


def test_overlay_hash_is_in_the_trace_and_changes_the_resolution_hash() -> None:
    ed = load_edition(EDITION)
    with_overlay = ed.with_overlays(load_overlay(FIXTURES / "overlays/99.yaml", ed))
    place = Place(scheme="2008-2025", province_code="99", region="DBSH")
    ev = evaluate(with_overlay, facts(**{"3.1": 86}), on=ON, place=place)
    overlay = with_overlay.overlays[0]
    assert ev.trace.overlay_province == "99" and ev.trace.overlay_hash == overlay.content_hash
    assert ev.trace.resolution_hash == resolution_hash(ed, overlay) != ed.content_hash
    p31 = next(p for p in ev.trace.parameters if p.indicator == "3.1")
    assert (p31.origin, p31.threshold, p31.effective) == ("province", 85, date(2023, 1, 1))
    # the same overlay loaded twice hashes the same
    assert load_overlay(FIXTURES / "overlays/99.yaml", ed).content_hash == overlay.content_hash


def test_counts_and_gaps_to_the_next_tier() -> None:
    ev = evaluate(load_edition(EDITION), facts(**{"3.1": 76.5, "3.2.items": True, "3.2.score": 55}), on=ON, place=DBSH)
    std = ev.tier("standard")
    assert (std.criteria_met, std.criteria_total) == (0, 19)
    assert std.indicators_met == 2 and std.indicators_applicable == 9
    assert ev.tier_reached is None and ev.next_tier == "standard"
    gaps = {(g.criterion, g.indicator): g for g in ev.gaps}
    assert all(g.tier == "standard" for g in ev.gaps)
    assert gaps[("3", "3.1")].status == "not_met"
    assert "≥ 80%" in gaps[("3", "3.1")].need_vi
    assert gaps[("8", "8.1")].status == "missing" and "cần nhập số liệu" in gaps[("8", "8.1")].need_vi
    assert gaps[("10", "income_per_capita_mvnd")].status == "unknown"
    assert gaps[("1", None)].status == "incomplete" and "đánh giá trực tiếp" in gaps[("1", None)].need_vi
    assert ("3", "3.2.items") not in gaps


def test_direct_assessment_explanation_names_the_evidence() -> None:
    f = Facts.from_mapping(
        {"assessments": {"5": {"met": True, "evidence": "QĐ 45/QĐ-UBND công nhận trường chuẩn", "by": "Sở GD&ĐT"}}}
    )
    ev = evaluate(load_edition(EDITION), f, on=ON, place=DBSH)
    c5 = ev.tier("standard").criterion("5")
    assert c5.status == "met" and c5.basis == "direct_assessment"
    assert "đánh giá trực tiếp" in c5.explanation_vi and "QĐ 45/QĐ-UBND" in c5.explanation_vi
    assert "Sở GD&ĐT" in c5.explanation_vi and "direct assessment" in c5.explanation_en


def test_special_rule_is_explained_at_tier_level() -> None:
    place = Place(
        scheme="2008-2025",
        province_code="01",
        region="DBSH",
        flags=frozenset({"extremely_difficult", "poor_district_2018_2020"}),
    )
    ev = evaluate(load_edition(EDITION), Facts(), on=ON, place=place)
    assert ev.tier("standard").place_used == "TDMNPB"
    assert "Điều 1" in ev.tier("advanced").explanation_vi
    assert ev.tier("model").place_used == "DBSH" and ev.tier("model").special_rules_applied == ()


def test_errors_carry_both_languages() -> None:
    with pytest.raises(NotInForce) as info:
        evaluate(load_edition(EDITION), Facts(), on=date(2021, 12, 31), place=DBSH)
    assert "08/03/2022" in str(info.value) and "08/03/2022" in info.value.message_en


def test_fact_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(FactsError):
        evaluate(load_edition(EDITION), facts(**{"3.1": True}), on=ON, place=DBSH)
    with pytest.raises(FactsError):
        evaluate(load_edition(EDITION), facts(**{"8.1": 1}), on=ON, place=DBSH)


@pytest.mark.parametrize(
    "data",
    [
        {"values": {"3.1": "82"}},
        {"assessments": {"1": {"met": "yes", "evidence": "x"}}},
        {"assessments": {"1": {"met": True}}},
        {"assessments": {"1": {"met": True, "evidence": "x", "note": "y"}}},
        {"value": {}},
    ],
)
def test_facts_from_mapping_is_strict(data: dict) -> None:
    with pytest.raises(FactsError):
        Facts.from_mapping(data)


def test_the_same_criterion_assessed_twice_is_refused() -> None:
    f = Facts.from_mapping(
        {"assessments": {"1": {"met": True, "evidence": "a"}, "standard/1": {"met": False, "evidence": "b"}}}
    )
    with pytest.raises(FactsError):
        evaluate(load_edition(EDITION), f, on=ON, place=DBSH)
