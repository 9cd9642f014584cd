"""Boundary cases of a criteria version (tamnong.rules.cases.boundary_cases), pure: the repository's
edition changed through the authoring functions. The thresholds below are test values for the
mechanism, not legal ones."""

from tamnong.rules import authoring, cases, edition_files, load_edition

EDITION = "ntm/commune-2021-2025"
TEST_REFERENCE = "Quyết định thử nghiệm (dữ liệu kiểm thử)"


def _changed(*changes):
    old = load_edition(EDITION)
    new, findings = authoring.load(authoring.apply_changes(edition_files(EDITION), old, list(changes)))
    assert new is not None, findings
    return old, new


def _all_places(edition, value, **overrides):
    return {p: overrides.get(p, value) for p in edition.places}


def test_three_cases_per_changed_threshold_pass_on_the_new_version_and_tell_it_from_the_old():
    old = load_edition(EDITION)
    change = authoring.Change("standard", "3.1", 2024, _all_places(old, 80, DBSH=85), TEST_REFERENCE)
    old, new = _changed(change)
    made = cases.boundary_cases(old, new)
    # 3.1 is "at least": 85 in DBSH from 2024 on, so 2024, 2025 and 2026 change there, three cases each.
    assert len(made) == 9
    assert {c["on"] for c in made} == {"2024-01-01", "2025-01-01", "2026-01-01"}
    assert {c["place"]["region"] for c in made} == {"DBSH"}
    first = [c for c in made if c["on"] == "2024-01-01"]
    assert [(c["facts"]["3.1"], c["expect"]["standard/3.1"]) for c in first] == [
        (85, "met"),
        (85.1, "met"),
        (84.9, "not_met"),
    ]
    assert all(c["expect"]["threshold"] == {"standard/3.1": 85} for c in made)
    assert "84,9% vừa dưới ngưỡng ≥ 85%, chưa đạt" in first[2]["name_vi"]
    assert "84.9% is just below the threshold ≥ 85%, not met" in first[2]["name"]
    built = cases.cases_from_data(made, "version")
    assert all(o.passed for o in cases.run_all(built, edition=new))
    against_old = cases.run_all(built, edition=old)
    assert not any(o.passed for o in against_old)  # the old threshold was 80: every case names 85
    status_wrong = [o for o in against_old if any(m.what_en == "indicator standard/3.1" for m in o.mismatches)]
    assert [o.case.data["facts"]["3.1"] for o in status_wrong] == [84.9, 84.9, 84.9]
    assert "cần: chưa đạt" in "\n".join(status_wrong[0].lines("vi"))


def test_a_ceiling_is_met_at_and_below_it_and_an_unknown_old_threshold_fails_every_case():
    old = load_edition(EDITION)
    change = authoring.Change("standard", "multidim_poverty_pct", 2025, _all_places(old, 4.5), TEST_REFERENCE)
    old, new = _changed(change)
    made = [c for c in cases.boundary_cases(old, new) if c["on"] == "2025-01-01" and c["place"]["region"] == "TN"]
    assert [(c["facts"]["multidim_poverty_pct"], c["expect"]["standard/multidim_poverty_pct"]) for c in made] == [
        (4.5, "met"),
        (4.51, "not_met"),
        (4.49, "met"),
    ]
    built = cases.cases_from_data(made, "version")
    assert all(o.passed for o in cases.run_all(built, edition=new))
    assert not any(o.passed for o in cases.run_all(built, edition=old))  # the old threshold was unknown


def test_a_percentage_is_never_above_100_so_a_threshold_of_100_has_two_cases():
    old = load_edition(EDITION)
    change = authoring.Change("advanced", "household_power_pct", 2025, _all_places(old, 100), TEST_REFERENCE)
    old, new = _changed(change)
    made = cases.boundary_cases(old, new)
    assert made and all(c["facts"]["household_power_pct"] <= 100 for c in made)
    by_cell = {}
    for c in made:
        by_cell.setdefault((c["on"], c["place"]["region"]), []).append(c["facts"]["household_power_pct"])
    assert set(map(tuple, by_cell.values())) == {(100, 99.9)}


def test_no_change_no_case():
    old = load_edition(EDITION)
    assert cases.boundary_cases(old, old) == []
