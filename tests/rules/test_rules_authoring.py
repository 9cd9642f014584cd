"""Authoring criteria versions in the pure core: the table, changes written into the YAML texts,
the diff, the checks."""

from datetime import date

import pytest

from tamnong import rules
from tamnong.rules import authoring

EDITION = "ntm/commune-2021-2025"
INCOME = "standard/income_per_capita_mvnd"
REGIONS = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")
HOA_BINH = rules.Place(scheme="2020", province_code="17", region="TDMNPB", commune_group=None, flags=frozenset())


def _texts():
    return rules.edition_files(EDITION)


def _edition():
    return rules.load_edition(EDITION)


def _income(on, edition, place=HOA_BINH, value=50):
    facts = rules.Facts.from_mapping({"values": {"income_per_capita_mvnd": value}, "assessments": {}})
    result = rules.evaluate(edition, facts, on=on, place=place)
    return next(i for c in result.tiers[0].criteria for i in c.indicators if i.code == "income_per_capita_mvnd")


def test_the_table_reads_the_thresholds_in_force_on_each_years_first_day():
    edition = _edition()
    assert authoring.years(edition) == [2022, 2023, 2024, 2025, 2026]
    cells = authoring.table(edition)
    assert cells[("standard/3.1", "TDMNPB", 2022)] == 80
    assert cells[(INCOME, "DBSH", 2024)] is None  # unknown in the repository's files
    assert {r.key for r in authoring.rows(edition)} >= {"standard/3.1", INCOME}
    assert all(r.kind in authoring.NUMERIC_KINDS for r in authoring.rows(edition))


def test_a_national_change_becomes_a_dated_entry_and_keeps_the_comments():
    edition = _edition()
    values = dict(zip(REGIONS, (45, 61, 51, 54, 49, 69, 57), strict=True))
    change = authoring.Change("standard", "income_per_capita_mvnd", 2024, values, "318/QĐ-TTg 08/03/2022, Phụ lục I")
    texts = authoring.apply_changes(_texts(), edition, [change])
    assert "2024-01-01:" in texts["standard/c10.yaml"]
    assert texts["standard/c03.yaml"] == _texts()["standard/c03.yaml"]  # untouched files stay byte for byte
    new, findings = authoring.load(texts)
    assert findings == []
    assert _income(date(2024, 3, 31), new).status == "met"
    assert _income(date(2023, 12, 31), new).status == "unknown"  # the old entry before the date
    assert _income(date(2024, 3, 31), new, value=44).status == "not_met"
    changed = authoring.diff(edition, new)
    assert {(d.place, d.year, d.old, d.new) for d in changed if d.place == "TDMNPB"} == {
        ("TDMNPB", 2024, "", "45"), ("TDMNPB", 2025, "", "45"), ("TDMNPB", 2026, "", "45"),
    }  # fmt: skip


def test_a_province_overlay_fills_its_region_and_may_not_loosen():
    edition = _edition()
    overlay = {"province_code": "17", "schemes": ["2020", "2025-01"], "name_vi": "Hòa Bình", "name_en": "Hoa Binh"}
    change = authoring.Change("standard", "income_per_capita_mvnd", 2024, {"TDMNPB": 45}, "318/QĐ-TTg, Phụ lục I")
    texts = authoring.apply_changes(_texts(), edition, [change], overlay=overlay)
    assert "provinces/17.yaml" in texts
    new, findings = authoring.load(texts)
    assert findings == []
    assert _income(date(2024, 3, 31), new).status == "met"
    elsewhere = rules.Place(scheme="2020", province_code="25", region="TDMNPB", commune_group=None, flags=frozenset())
    assert _income(date(2024, 3, 31), new, place=elsewhere).status == "unknown"  # only Hòa Bình
    assert [d.year for d in authoring.diff(edition, new, province_code="17") if d.place == "TDMNPB"] == [
        2024,
        2025,
        2026,
    ]
    # 3.1 is 80 nationally: a province may raise it, not lower it.
    lower = authoring.Change("standard", "3.1", 2024, {"TDMNPB": 70}, "Quyết định của UBND tỉnh")
    _, refused = authoring.load(authoring.apply_changes(texts, new, [lower], overlay=overlay))
    assert refused and refused[0].severity == "error" and "nới lỏng" in refused[0].message_vi


def test_checks_flag_a_ceiling_written_as_a_floor_and_gaps():
    edition = _edition()
    texts = _texts()
    texts["standard/c11.yaml"] = texts["standard/c11.yaml"].replace('comparator: "<="', 'comparator: ">="', 1)
    flipped, findings = authoring.load(texts)
    assert findings == []
    found = authoring.checks(flipped)
    assert any(f.where.endswith("multidim_poverty_pct") and "mức trần" in f.message_vi for f in found)
    both = dict.fromkeys(REGIONS, 40)
    gap = authoring.apply_changes(_texts(), edition, [
        authoring.Change("standard", "income_per_capita_mvnd", 2022, both, "318"),
        authoring.Change("standard", "income_per_capita_mvnd", 2024, both, "318"),
    ])  # fmt: skip
    with_gap, _ = authoring.load(gap)
    # 2023 continues the 2022 value: no gap. Coverage counts the cells still unknown.
    assert not any("2023" in f.where for f in authoring.checks(with_gap))
    assert any(f.where == "coverage" for f in authoring.checks(with_gap))


@pytest.mark.parametrize("bad", ["abc", -5])
def test_a_bad_value_is_refused_by_the_loader(bad):
    edition = _edition()
    change = authoring.Change("standard", "3.1", 2024, dict.fromkeys(REGIONS, bad), "318")
    _, findings = authoring.load(authoring.apply_changes(_texts(), edition, [change]))
    assert findings and findings[0].severity == "error"


def test_a_province_entry_by_place_names_only_its_places_and_the_others_keep_the_national_value():
    edition = _edition()
    overlay = {"province_code": "17", "schemes": ["2020"], "name_vi": "Hòa Bình", "name_en": "Hoa Binh"}
    change = authoring.Change("standard", "3.1", 2024, {"TDMNPB": 85, "DBSH": 90}, "Quyết định của UBND tỉnh")
    texts = authoring.apply_changes(_texts(), edition, [change], overlay=overlay)
    assert "by_region: {TDMNPB: 85, DBSH: 90}" in texts["provinces/17.yaml"]
    new, findings = authoring.load(texts)
    assert findings == []

    def irrigation(region):
        place = rules.Place(scheme="2020", province_code="17", region=region, commune_group=None, flags=frozenset())
        facts = rules.Facts.from_mapping({"values": {"3.1": 82}, "assessments": {}})
        result = rules.evaluate(new, facts, on=date(2024, 6, 30), place=place)
        return next(i for c in result.tiers[0].criteria for i in c.indicators if i.code == "3.1")

    assert (irrigation("TDMNPB").threshold, irrigation("TDMNPB").status) == (85, "not_met")
    assert (irrigation("BTB").threshold, irrigation("BTB").status) == (80, "met")  # not named: national
    cells = authoring.table(new, "17")
    assert (cells[("standard/3.1", "DBSH", 2024)], cells[("standard/3.1", "BTB", 2024)]) == (90, 80)


def test_an_office_adds_the_indicators_of_a_criterion_assessed_directly():
    edition = rules.load_edition("ntm/commune-2026-2030")
    assert authoring.rows(edition) == []  # the 47 indicators of 51/2025 are not in the sources
    spec = authoring.IndicatorSpec(
        "standard", "1", "1.1", "Có quy hoạch chung xã được phê duyệt", "An approved general commune plan",
        "percent", "percent", ">=", "51/2025/QĐ-TTg, Phụ lục I",
    )  # fmt: skip
    texts = authoring.add_indicator(rules.edition_files(edition.id), edition, spec)
    added, findings = authoring.load(texts)
    assert findings == []
    criterion = added.tier("standard").criteria[0]
    assert criterion.assessed == "indicators" and [i.code for i in criterion.indicators] == ["1.1"]
    assert [r.key for r in authoring.rows(added)] == ["standard/1.1"]
    by_group = {"1": 100, "2": 90, "3": 80}
    filled, findings = authoring.load(
        authoring.apply_changes(
            texts, added, [authoring.Change("standard", "1.1", 2026, by_group, "51/2025, Phụ lục I")]
        )
    )
    assert findings == []
    assert {p: authoring.table(filled)[("standard/1.1", p, 2027)] for p in "123"} == by_group
    bad = authoring.IndicatorSpec("standard", "1", "1.2", "x", "x", "percent", "km", ">=", "51/2025")
    _, refused = authoring.load(authoring.add_indicator(texts, added, bad))
    assert refused and "đơn vị" in refused[0].message_vi


def test_checks_flag_an_indicator_that_starts_after_the_edition():
    texts = _texts()
    texts["standard/c03.yaml"] = texts["standard/c03.yaml"].replace("2022-03-08:", "2023-01-01:", 1)
    late, findings = authoring.load(texts)
    assert findings == []
    assert any(
        f.where == "standard/3.1" and "08/03/2022 đến 01/01/2023" in f.message_vi for f in authoring.checks(late)
    )
    assert not any("đến" in f.message_vi for f in authoring.checks(_edition()))
