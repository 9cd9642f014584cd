"""OCOP scoring in the pure core: star bands at every boundary, authority before and after
6 July 2025, councils, certificate validity over time."""

from datetime import date
from decimal import Decimal

import pytest

from tamnong.rules import ocop

S148 = ocop.sheet_get("ocop/148-2023")
S1048 = ocop.sheet_get("ocop/1048-2019")


def test_sheets_carry_the_parts_and_maxima_of_each_decision():
    assert [(p.code, p.max) for p in S148.parts] == [("A", 40), ("B", 25), ("C", 35)]
    assert [(p.code, p.max) for p in S1048.parts] == [("A", 35), ("B", 25), ("C", 40)]
    assert not S148.items_known and "Phụ lục III" in S148.items_reason_vi
    assert ocop.sheet_in_force(date(2023, 2, 23)).id == "ocop/1048-2019"
    assert ocop.sheet_in_force(date(2023, 2, 24)).id == "ocop/148-2023"


@pytest.mark.parametrize(
    ("total", "stars"),
    [(0, 1), ("29.99", 1), (30, 2), ("49.99", 2), (50, 3), ("69.99", 3), (70, 4), ("89.99", 4), (90, 5), (100, 5)],
)
def test_star_bands_at_every_boundary(total, stars):
    assert ocop.stars_for(Decimal(str(total))) == stars


def _parts(total):
    a = min(Decimal(40), Decimal(total))
    b = min(Decimal(25), Decimal(total) - a)
    return {"A": a, "B": b, "C": Decimal(total) - a - b}


@pytest.mark.parametrize(
    ("on", "level", "total", "decision", "stars", "to"),
    [
        # 148 (24/02/2023 – 05/07/2025): the district recognises 3★, the province 4★, the ministry 5★.
        (date(2024, 6, 1), "district", 62, "recognise", 3, None),
        (date(2024, 6, 1), "district", 75, "forward", None, "province"),
        (date(2024, 6, 1), "district", 45, "not_certified", None, None),
        (date(2024, 6, 1), "province", 75, "recognise", 4, None),
        (date(2024, 6, 1), "province", 92, "forward", None, "national"),
        (date(2024, 6, 1), "province", 62, "below_authority", None, None),
        (date(2025, 7, 5), "district", 62, "recognise", 3, None),
        # 1489 (from 06/07/2025): no district; the commune pre-checks, the province recognises 3–4★.
        (date(2025, 7, 6), "province", 62, "recognise", 3, None),
        (date(2025, 7, 6), "province", 75, "recognise", 4, None),
        (date(2025, 7, 6), "province", 90, "forward", None, "national"),
        (date(2025, 7, 6), "commune", 80, "precheck", None, "province"),
        (date(2025, 7, 6), "national", 95, "recognise", 5, None),
    ],
)
def test_authority_by_date(on, level, total, decision, stars, to):
    result = ocop.result(S148, _parts(total), on=on, level=level)
    assert (result.decision, result.recognised_stars, result.forward_to) == (decision, stars, to)


def test_there_is_no_district_council_after_6_july_2025():
    with pytest.raises(LookupError):
        ocop.authority(date(2025, 7, 6), "district")


def test_feedback_gives_the_points_lost_per_part_and_the_distance_to_the_next_star():
    result = ocop.result(S148, {"A": 30, "B": "18,5", "C": 24}, on=date(2024, 6, 1), level="district")
    assert result.total == Decimal("72.5") and result.stars == 4
    assert result.lost() == {"A": 10, "B": Decimal("6.5"), "C": 11}
    assert result.to_next_star == Decimal("17.5")


@pytest.mark.parametrize(
    ("parts", "part", "words"),
    [
        ({"A": 41, "B": 20, "C": 30}, "A", "từ 0 đến 40"),
        ({"A": 30, "B": -1, "C": 30}, "B", "từ 0 đến 25"),
        ({"A": 30, "B": 20}, "C", "Thiếu điểm phần C"),
        ({"A": 30, "B": "hai mươi", "C": 30}, "B", "phải là một số"),
        ({"A": 30, "B": 20, "C": 30, "D": 1}, "D", "không có phần D"),
    ],
)
def test_bad_scores_name_the_part(parts, part, words):
    with pytest.raises(ocop.OcopInputError) as info:
        ocop.check_parts(S148, parts)
    assert info.value.field == part and words in info.value.message_vi


def test_a_council_takes_the_mean_of_its_members_says_so_and_flags_disagreement():
    members = [{"A": 30, "B": 20, "C": 25}, {"A": 32, "B": 19, "C": 26}, {"A": 20, "B": 10, "C": 12}]
    council = ocop.council(S148, members)
    assert council.parts == {"A": Decimal(82) / 3, "B": Decimal(49) / 3, "C": Decimal(63) / 3}
    assert council.totals == (75, 77, 42)
    assert council.outliers == (2,)  # 42 is 33 points from the median, 75
    assert "trung bình" in council.rule_vi and "chưa có trong nguồn" in council.rule_vi


def test_certificates_last_36_months_and_warn_before_they_lapse():
    issued = date(2023, 12, 28)
    assert ocop.expires_on(issued) == date(2026, 12, 27)
    assert ocop.notice_due_on(issued) == date(2026, 11, 28)
    assert ocop.certificate_state(issued, today=date(2026, 9, 28)) == "valid"
    assert ocop.certificate_state(issued, today=date(2026, 9, 29)) == "expiring"  # 90 days before the end
    assert ocop.certificate_state(issued, today=date(2026, 12, 27)) == "expiring"
    assert ocop.certificate_state(issued, today=date(2026, 12, 28)) == "expired"
    assert ocop.certificate_state(issued, today=date(2025, 1, 1), revoked_on=date(2024, 6, 1)) == "revoked"
    assert ocop.certificate_state(issued, today=date(2025, 1, 1), superseded_on=date(2025, 1, 1)) == "superseded"
    assert ocop.expires_on(date(2024, 2, 29)) == date(2027, 2, 27)  # 29/02 + 36 months → 28/02, valid to the day before


def test_the_six_groups_and_the_subgroups_the_sources_give():
    groups = ocop.groups("ocop/148-2023")
    assert [g.name_vi for g in groups.values()][:2] == ["Thực phẩm", "Đồ uống"] and len(groups) == 6
    assert "1.2b" in groups["1"].subgroups and not groups["1"].subgroups_complete
    ocop.group_check("ocop/148-2023", "1", "1.2b")
    ocop.group_check("ocop/148-2023", "2", "2.9")  # subgroups of group 2 are not sourced: not refused
    with pytest.raises(ocop.OcopInputError) as info:
        ocop.group_check("ocop/148-2023", "9")
    assert info.value.field == "group" and "không có trong" in info.value.message_vi
