"""The kinds of works and the criterion each serves: every mapping names a criterion that exists in its
edition's files, or says why it is unknown. Pure: the YAML files only."""

from tamnong import rules
from tamnong.resources.models import Source
from tamnong.resources.reference import funding_sources, work_types

SCENARIO_KINDS = {"rural_road", "spillway", "irrigation_canal", "school", "commune_cultural_house",
                  "commune_sports_area", "village_cultural_house", "clean_water_scheme"}  # fmt: skip


def test_every_known_mapping_names_a_criterion_of_its_edition_and_its_file():
    editions = {e: rules.load_edition(e) for e in ("ntm/commune-2021-2025", "ntm/commune-2026-2030")}
    for kind in work_types().values():
        assert set(kind.criteria) == set(editions), kind.code
        for edition_id, link in kind.criteria.items():
            if link.known:
                criterion = editions[edition_id].tier("standard").criterion(link.number)
                assert criterion.file.endswith(link.file), (kind.code, criterion.file, link.file)
                assert link.basis == "assigned"
            else:
                assert link.basis == "unknown" and "51/2025/QĐ-TTg" in link.reason_vi and link.reason_en


def test_roads_serve_criterion_2_of_2021_2025_and_nothing_is_guessed_for_2026_2030():
    kinds = work_types()
    assert SCENARIO_KINDS <= set(kinds)
    assert kinds["rural_road"].criterion("ntm/commune-2021-2025").number == "2"
    assert rules.load_edition("ntm/commune-2021-2025").tier("standard").criterion("2").name_vi == "Giao thông"
    assert {k.criterion("ntm/commune-2026-2030").number for k in kinds.values()} == {None}
    assert kinds["rural_road"].criterion("ntm/another").known is False


def test_funding_sources_are_the_models_sources_with_their_names():
    assert list(funding_sources()) == Source.values
    assert funding_sources()["community"].name_vi == "Cộng đồng dân cư đóng góp"
