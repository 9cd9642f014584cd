"""The territory table: what a unit covers on every list, checked against the real lists and against a
walk of the successions (the graph the table replaces)."""

import pytest

from tamnong.accounts.selectors import actor_scope
from tamnong.places import territory
from tamnong.places.models import AdminUnit, AdminUnitSuccession, UnitCoverage
from tamnong.places.services import units_load

pytestmark = pytest.mark.usefixtures("units")


def unit(key: str) -> AdminUnit:
    scheme, code = key.split(":")
    return AdminUnit.objects.get(scheme=scheme, code=code)


def _walk(pk: int, links: dict[int, set[int]]) -> set[int]:
    found, frontier = set(), {pk}
    while frontier:
        frontier = {n for p in frontier for n in links.get(p, ()) if n not in found}
        found |= frontier
    return found


def _communes_by_walk(u: AdminUnit) -> set[int]:
    """Its communes and the older and newer communes linked to them, walking the successions."""
    later, earlier = {}, {}
    for old, new in AdminUnitSuccession.objects.values_list("predecessor_id", "successor_id"):
        later.setdefault(old, set()).add(new)
        earlier.setdefault(new, set()).add(old)
    own = set(AdminUnit.objects.filter(scheme=u.scheme, level=3, path__startswith=u.path).values_list("pk", flat=True))
    return own | {c for p in own for c in _walk(p, later) | _walk(p, earlier)}


@pytest.mark.parametrize("key", ["2020:153", "2025-07:25", "2025-07:04990", "2020:04990", "2025-01:17"])
def test_the_communes_of_a_unit_are_those_the_successions_link_to_it(key):
    u = unit(key)
    assert set(territory.communes(u).values_list("pk", flat=True)) == _communes_by_walk(u)


def test_successors_and_predecessors_follow_the_lists():
    binh_son = unit("2020:04990")
    assert [u.key for u in territory.successors_on(binh_son, "2025-07")] == ["2025-07:04990"]  # Xã Nật Sơn
    assert territory.successors_on(binh_son, "2020") == [binh_son]
    nat_son = unit("2025-07:04990")
    assert {u.name for u in territory.predecessors_on(nat_son, "2020")} == {
        "Bình Sơn",
        "Đú Sáng",
        "Hùng Sơn",
        "Xuân Thủy",
    }
    assert set(territory.communes(nat_son, scheme="2020")) == set(territory.predecessors_on(nat_son, "2020"))


def test_a_role_reaches_the_same_territory_but_not_the_larger_unit_it_was_merged_into():
    kim_boi = unit("2020:153")
    reached = set(territory.authority_units([kim_boi.pk]).values_list("covered_id", flat=True))
    assert unit("2025-01:153").pk in reached  # the same district on the list of January 2025
    assert unit("2020:04990").pk in reached and unit("2025-01:04990").pk in reached
    assert unit("2025-07:04990").pk not in reached  # Xã Nật Sơn took in communes of Kim Bôi: a new unit
    phu_tho = unit("2025-07:25")
    assert territory.authority_covers([phu_tho.pk], unit("2020:04990"))  # the old communes merged into it
    assert not territory.authority_covers([phu_tho.pk], unit("2020:10678"))  # Kinh Môn, Hải Dương


def test_records_of_an_old_district_count_for_the_new_province_that_holds_all_of_it():
    phu_tho = unit("2025-07:25")
    counted = set(territory.record_units(phu_tho).values_list("pk", flat=True))
    assert {unit("2020:153").pk, unit("2025-01:153").pk, unit("2020:17").pk} <= counted
    assert unit("2020:04990").pk in counted and unit("2025-07:04990").pk in counted
    # a commune counts only for the units it lies in
    assert territory.lies_in(unit("2020:04990"), phu_tho) and not territory.lies_in(unit("2020:10678"), phu_tho)
    assert (
        territory.inside(unit("2020:153")).filter(level=3).count()
        == AdminUnit.objects.filter(scheme="2020", level=3, parent__code="153").count()
    )


def test_scopes_read_the_table(django_user_model):
    from tamnong.accounts.models import Role, RoleAssignment

    officer = django_user_model.objects.create_user("xa.thu")
    RoleAssignment.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=unit("2020:04990"))
    scope = actor_scope(officer, write=True)
    assert scope.covers(unit("2025-01:04990")) and not scope.covers(unit("2025-07:04990"))
    assert list(scope.filter(AdminUnit.objects.filter(code="04990")).order_by("scheme").values_list("scheme", flat=True)) == [
        "2020", "2025-01"
    ]  # fmt: skip


def test_reloading_the_units_rebuilds_the_same_table():
    before = UnitCoverage.objects.count()
    report = units_load()
    assert report.coverage == before == UnitCoverage.objects.count() > 0
