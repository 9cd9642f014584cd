"""The administrative units as loaded from the committed data files."""


import pytest
from django.core.management import call_command

from tamnong.core.text import fold_name
from tamnong.places import selectors
from tamnong.places.models import AdminUnit, AdminUnitSuccession, Level, UnitKind
from tamnong.places.services import units_load

pytestmark = pytest.mark.usefixtures("units")


def _district(scheme: str, name: str, province: str) -> AdminUnit:
    matches = [
        u
        for u in selectors.unit_list(q=name, scheme=scheme, level=Level.DISTRICT)
        if fold_name(selectors.unit_full_name(u)).endswith(fold_name(province))
    ]
    assert len(matches) == 1, matches
    return matches[0]


@pytest.mark.parametrize(
    ("scheme", "provinces", "districts", "communes"),
    [("2020", 63, 705, 10599), ("2025-01", 63, 696, 10051), ("2025-07", 34, 0, 3321)],
)
def test_each_scheme_has_the_official_counts(scheme, provinces, districts, communes):
    units = AdminUnit.objects.filter(scheme=scheme)
    assert units.filter(level=Level.PROVINCE).count() == provinces
    assert units.filter(level=Level.DISTRICT).count() == districts
    assert units.filter(level=Level.COMMUNE).count() == communes


def test_kim_boi_2020_has_16_communes_and_1_township():
    kim_boi = _district("2020", "Kim Bôi", "Hòa Bình")
    kinds = [c.kind for c in kim_boi.children.all()]
    assert kinds.count(UnitKind.COMMUNE) == 16
    assert kinds.count(UnitKind.TOWNSHIP) == 1
    assert len(kinds) == 17


def test_kinh_mon_2020_has_14_wards_and_9_communes():
    kinh_mon = _district("2020", "Kinh Môn", "Hải Dương")
    assert kinh_mon.kind == UnitKind.TOWN
    kinds = [c.kind for c in kinh_mon.children.all()]
    assert kinds.count(UnitKind.WARD) == 14
    assert kinds.count(UnitKind.COMMUNE) == 9


def test_the_six_ntm_communes_of_the_seed_are_found_by_name():
    kim_boi = _district("2020", "Kim Bôi", "Hòa Bình")
    for name in ["Nam Thượng", "Sào Báy", "Vĩnh Đồng", "Mỵ Hòa", "Đông Bắc", "Vĩnh Tiến"]:
        found = selectors.unit_list(q=name, scheme="2020", parent=kim_boi)
        assert found.count() == 1, name


def test_xuan_thuy_shows_its_post_2025_commune():
    kim_boi = _district("2020", "Kim Bôi", "Hòa Bình")
    xuan_thuy_2020 = selectors.unit_list(q="Xuân Thủy", scheme="2020", parent=kim_boi).get()
    xuan_thuy_2025 = AdminUnit.objects.get(scheme="2025-01", code=xuan_thuy_2020.code)
    successors = list(selectors.unit_successors(xuan_thuy_2025))
    assert [(s.scheme, s.code, s.title) for s in successors] == [("2025-07", "04990", "Xã Nật Sơn")]
    assert selectors.unit_full_name(successors[0]) == "Xã Nật Sơn, Tỉnh Phú Thọ"
    assert xuan_thuy_2025 in selectors.unit_predecessors(successors[0])


def test_full_name_is_printable():
    kim_boi = _district("2020", "Kim Bôi", "Hòa Bình")
    nam_thuong = selectors.unit_list(q="nam thuong", scheme="2020", parent=kim_boi).get()
    assert selectors.unit_full_name(nam_thuong) in {
        "Xã Nam Thượng, Huyện Kim Bôi, Tỉnh Hòa Bình",
        "Xã Nam Thượng, Huyện Kim Bôi, Tỉnh Hoà Bình",
    }


@pytest.mark.parametrize("query", ["kim boi", "Kim Bôi", "KIM BÔI", "huyện kim bôi"])
def test_name_lookup_ignores_diacritics_and_case(query):
    titles = [u.title for u in selectors.unit_list(q=query, scheme="2020")]
    assert "Huyện Kim Bôi" in titles
    assert titles[0] == "Huyện Kim Bôi"  # the exact name ranks first


def test_name_lookup_ignores_tone_mark_style_and_i_y():
    a = set(selectors.unit_list(q="Mỵ Hòa", scheme="2020").values_list("code", flat=True))
    b = set(selectors.unit_list(q="Mị Hoà", scheme="2020").values_list("code", flat=True))
    assert a and a == b


def test_code_lookup_is_exact_and_pads_zeros():
    assert [u.title for u in selectors.unit_list(q="153", scheme="2020")] == ["Huyện Kim Bôi"]
    assert selectors.unit_list(q="4990", scheme="2025-07").get().title == "Xã Nật Sơn"


def test_units_keep_official_codes_as_padded_strings():
    assert AdminUnit.objects.filter(scheme="2025-07", code="01").get().level == Level.PROVINCE
    assert not AdminUnit.objects.exclude(code__regex=r"^(\d{2}|\d{3}|\d{5})$").exists()


def test_every_new_commune_has_a_centroid_and_paths_follow_parents():
    new = AdminUnit.objects.filter(scheme="2025-07", level=Level.COMMUNE)
    assert not new.filter(lat__isnull=True).exists()
    unit = new.select_related("parent").first()
    assert unit.path == f"{unit.parent.code}/{unit.code}"


def test_successions_cover_the_2025_reorganisation():
    old_communes = AdminUnit.objects.filter(scheme="2025-01", level=Level.COMMUNE)
    mapped = old_communes.filter(successions__isnull=False).distinct().count()
    assert mapped >= 10000
    assert AdminUnitSuccession.objects.filter(successor__scheme="2025-07", kind="partial").exists()


def test_reload_is_idempotent_and_keeps_office_edits():
    before = AdminUnit.objects.count(), AdminUnitSuccession.objects.count()
    unit = AdminUnit.objects.get(scheme="2025-07", code="04990")
    unit.commune_group = 3
    unit.save()
    units_load()
    assert (AdminUnit.objects.count(), AdminUnitSuccession.objects.count()) == before
    unit.refresh_from_db()
    assert unit.commune_group == 3


def test_load_units_writes_in_bulk_not_one_query_per_unit(capsys, django_assert_max_num_queries):
    """About 25,000 units and their successions in some 700 queries (measured: 681): a loader that
    came back to one query per unit would need tens of thousands (a count, not a timing)."""
    with django_assert_max_num_queries(1000):
        call_command("load_units")
    assert "Danh mục 2020: 11.367 đơn vị" in capsys.readouterr().out
