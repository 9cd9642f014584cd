"""Today's dashboards: the latest data of each commune (old results on the new map, labelled), the reports
of the cycle, the ranking of provinces, the status inherited from merged communes (docs/legal/regulations.md#s7.4),
and bounds on the queries of the roll-ups."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from tamnong.core import clock
from tamnong.ntm import latest as L
from tamnong.ntm.latest import commune_latest_list, inherit, province_ranking
from tamnong.ntm.models import Recognition, SelfAssessment
from tamnong.ntm.rollups import ntm_children, ntm_summary
from tamnong.ntm.services import AssessmentInput, self_assessment_save
from tamnong.places.models import AdminUnit, SuccessionKind, UnitRef

pytestmark = pytest.mark.usefixtures("units")

ON_2024 = dt.date(2024, 3, 31)
PHU_THO = ("2025-07", "25")
HOP_KIM = ("2025-07", "05068")  # Kim Lập + Nam Thượng + Sào Báy of Kim Bôi (2020), through the 2025-01 list
EDITION_2026 = "ntm/commune-2026-2030"
# The day before the 2026–2030 set came into force: on today's list, no commune has data of its own yet (the
# demo's reports of the year are dated from the set's first day in force in the year of the load day).
BEFORE_2026_SET = dt.date(2026, 2, 14)


def _unit(key):
    return AdminUnit.objects.get(scheme=key[0], code=key[1])


def _ref(pk, name):
    return UnitRef(pk, "2020", f"{pk:05d}", name, "", "xa", name.lower(), None, None)


def _held(pk, name, tier):
    return L.Held(_ref(pk, name), tier, False)


# --- §7.4 as a pure rule ---------------------------------------------------------------------------------


def test_all_merged_communes_recognised_at_a_level_give_that_level():
    result = inherit([(_held(1, "A", "advanced"), "whole"), (_held(2, "B", "advanced"), "whole")])
    assert (result.rule, result.tier) == (L.ALL_AT_LEVEL, "advanced")


def test_recognised_and_unrecognised_communes_mixed_are_reviewed_not_inherited():
    result = inherit([(_held(1, "A", "standard"), "whole"), (_held(2, "B", None), "whole")])
    assert (result.rule, result.tier) == (L.MIXED, None)


def test_an_advanced_commune_merged_with_an_ntm_one_gives_ntm_and_the_advanced_level_is_reviewed():
    result = inherit([(_held(1, "A", "advanced"), "whole"), (_held(2, "B", "standard"), "whole")])
    assert (result.rule, result.tier, result.reviewed_tier) == (L.HIGHER_MIXED, "standard", "advanced")


def test_part_of_a_former_commune_is_a_case_the_guidance_does_not_cover():
    result = inherit([(_held(1, "A", "standard"), SuccessionKind.PARTIAL), (_held(2, "B", "standard"), "whole")])
    assert (result.rule, result.tier) == (L.PARTIAL, None)


def test_no_status_to_inherit_when_no_merged_commune_was_recognised():
    assert inherit([(_held(1, "A", None), "whole"), (_held(2, "B", None), "whole")]) is None


# --- the selector on the demo's merge (Kim Bôi of 2020 → Phú Thọ of July 2025) -----------------------------


def _hop_kim(data):
    return next(c for c in data.communes if c.unit.code == HOP_KIM[1])


def test_old_results_are_shown_on_the_commune_that_took_them_in(demo):
    data = commune_latest_list(unit=_unit(PHU_THO), on=BEFORE_2026_SET)
    hop_kim = _hop_kim(data)
    assert hop_kim.own is None and not hop_kim.reported
    assert sorted((f.commune.name, f.on, f.criteria_met, f.criteria_total) for f in hop_kim.old) == [
        ("Kim Lập", ON_2024, 17, 19), ("Nam Thượng", ON_2024, 19, 19), ("Sào Báy", ON_2024, 19, 19),
    ]  # fmt: skip
    # Kim Lập was not recognised: a mix, reviewed (§7.4, 2)
    assert (hop_kim.inherited.rule, hop_kim.status) == (L.MIXED, None)
    # the province's figures count the 16 old communes' results once each
    assert data.whole.by_edition == {"ntm/commune-2021-2025": [239, 16, 19]}


def test_a_commune_inherits_ntm_when_every_merged_commune_was_recognised(demo):
    kim_lap = AdminUnit.objects.get(scheme="2020", code="05035")
    Recognition.objects.create(commune=kim_lap, tier="standard", decision_number="1/QĐ-UBND",
                               decision_date=dt.date(2024, 12, 20))  # fmt: skip
    hop_kim = _hop_kim(commune_latest_list(unit=_unit(PHU_THO), on=dt.date(2026, 11, 30)))
    assert (hop_kim.inherited.rule, hop_kim.status, hop_kim.recognised) == (L.ALL_AT_LEVEL, "standard", None)
    assert {h.commune.name for h in hop_kim.inherited.sources} == {"Kim Lập", "Nam Thượng", "Sào Báy"}
    # before the decision on Kim Lập, nothing is inherited
    before = _hop_kim(commune_latest_list(unit=_unit(PHU_THO), on=dt.date(2024, 12, 1)))
    assert before.status is None
    # a revoked recognition no longer counts
    Recognition.objects.filter(commune=kim_lap).update(revoked_on=dt.date(2025, 1, 5))
    assert _hop_kim(commune_latest_list(unit=_unit(PHU_THO), on=dt.date(2026, 11, 30))).status is None


def _report_2026(commune, day):
    commune.commune_group = 2
    commune.save(update_fields=["commune_group"])
    assessments = {
        str(n): AssessmentInput(met=n != 3, evidence=f"Biên bản rà soát tiêu chí {n}", assessed_by="Tổ rà soát")
        for n in range(1, 11)
    }
    admin = get_user_model().objects.get(username="admin")
    return self_assessment_save(commune=commune, edition_id=EDITION_2026, on=day, assessments=assessments, actor=admin)


def test_a_commune_that_reports_in_the_cycle_shows_its_own_data_and_counts_as_reported(demo):
    hop_kim = _unit(HOP_KIM)
    before = commune_latest_list(unit=_unit(PHU_THO), on=dt.date(2026, 11, 30)).whole  # the demo's reports, if any
    _report_2026(hop_kim, dt.date(2026, 3, 31))
    data = commune_latest_list(unit=_unit(PHU_THO), on=dt.date(2026, 11, 30))
    row = _hop_kim(data)
    assert (row.reported, row.own.on, row.own.criteria_met, row.own.criteria_total, row.old) == (
        True, dt.date(2026, 3, 31), 9, 10, (),
    )  # fmt: skip
    assert (data.whole.reported, data.whole.last_report) == (
        before.reported + 1, max(before.last_report or dt.date.min, dt.date(2026, 3, 31)),
    )  # fmt: skip
    # in another cycle it has not reported
    assert not _hop_kim(commune_latest_list(unit=_unit(PHU_THO), on=dt.date(2027, 1, 31))).reported


def test_the_ranking_puts_the_provinces_with_results_first(demo):
    data = commune_latest_list(unit=None, scheme="2025-07", on=BEFORE_2026_SET)
    assert len(data.provinces) == 34 and data.whole.communes == 2634
    ranked = province_ranking(data, by="criteria")
    assert [g.unit.name for g in ranked[:2]] == ["Hải Phòng", "Phú Thọ"]
    phu_tho = ranked[1]
    assert (phu_tho.met_pct, phu_tho.averages[0].average) == (Decimal("78.6"), Decimal("14.9"))


# --- the pages, as the national office sees them today ----------------------------------------------------


def _as(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_national_dashboard_of_today_is_not_blank(client, demo):
    html = _as(client, "trunguong").get("/ntm/").content.decode()
    year = clock.today().year
    assert '<option value="2025-07" selected>Danh mục từ ngày 01/07/2025' in html
    assert 'id="coverage"' in html and 'id="ranking"' in html and 'id="late-rule"' in html
    # this year's reports: the demo's Phú Thọ communes (none before the 2026–2030 set is in force)
    reported = SelfAssessment.objects.filter(commune__scheme="2025-07", on__year=year).count()
    if reported:
        assert f'id="reported-count">{reported}/2.634<' in html
    else:
        assert f"chưa có xã nào báo cáo năm {year}" in html.lower()
    # the map has coloured markers: the communes that took in Kim Bôi's and Kinh Môn's communes, labelled
    markers = {m["name"]: m for m in json.loads(re.search(r'id="markers"[^>]*>(.*?)</script>', html, re.S)[1])}
    assert (markers["Xã Hợp Kim"]["criteria"], markers["Xã Hợp Kim"]["total"]) == (55, 57)
    assert "trước sáp nhập" in markers["Xã Hợp Kim"]["tip"] and "31/03/2024" in markers["Xã Hợp Kim"]["tip"]
    assert "Xã Nam An Phụ" in markers
    # Phú Thọ's row says what it holds: the old communes' results where a commune has not reported this year
    assert "Tỉnh Phú Thọ" in html and ("16/19 tiêu chí/xã (6 kết quả" if reported else "14,9/19") in html
    assert not reported or "8/10 tiêu chí/xã (83 kết quả" in html


def test_the_province_dashboard_of_today_lists_each_commune_with_its_latest_data(client, demo):
    html = _as(client, "tinh.phutho").get("/ntm/2025-07/25/").content.decode()
    assert 'id="coverage"' in html and 'id="latest"' in html
    assert "Số liệu của xã cũ Nam Thượng ngày 31/03/2024, trước sáp nhập: 19/19 tiêu chí" in html
    assert "Cần xét, công nhận lại" in html  # Hợp Kim: recognised and unrecognised communes merged


def test_the_province_dashboard_labels_an_inherited_status(client, demo):
    Recognition.objects.create(commune=AdminUnit.objects.get(scheme="2020", code="05035"), tier="standard",
                               decision_number="1/QĐ-UBND", decision_date=dt.date(2024, 12, 20))  # fmt: skip
    html = client.get("/ntm/2025-07/25/").content.decode()
    assert "Kế thừa từ Xã Kim Lập, Xã Nam Thượng, Xã Sào Báy: xã đạt chuẩn nông thôn mới" in html
    page = _as(client, "tinh.phutho").get("/ntm/2025-07/05068/").content.decode()
    assert 'id="recognition"' in page and "Kế thừa từ" in page and 'id="old-data"' in page


def test_a_report_of_the_cycle_shows_on_the_province_and_national_pages(client, demo):
    _report_2026(_unit(HOP_KIM), dt.date(2026, 3, 31))
    html = client.get("/ntm/2025-07/25/", {"on": "30/11/2026"}).content.decode()
    assert "9/10 tiêu chí ngày 31/03/2026" in html and "đã báo cáo" in html
    nation = client.get("/ntm/", {"scheme": "2025-07", "on": "30/11/2026"}).content.decode()
    assert "31/03/2026" in nation


# --- the roll-ups answer in a bounded number of queries -----------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "on"), [("2020", ON_2024), ("2025-01", ON_2024), ("2025-07", dt.date(2026, 11, 30))]
)
def test_latest_data_of_the_whole_list_in_a_few_queries(demo, django_assert_max_num_queries, scheme, on):
    with django_assert_max_num_queries(6):
        data = commune_latest_list(unit=None, scheme=scheme, on=on)
    assert data.whole.communes > 2000


def test_the_provinces_figures_come_from_one_roll_up(demo, django_assert_max_num_queries):
    provinces = list(AdminUnit.objects.filter(scheme="2025-07", level=1))
    summary = ntm_summary(unit=None, scheme="2025-07", on=ON_2024)
    with django_assert_max_num_queries(2):  # the communes of the list, and the children's coverage: not one per child
        figures = ntm_children(summary=summary, children=provinces)
    phu_tho = next(f for f in figures if f.unit.code == "25")
    alone = ntm_summary(unit=phu_tho.unit, on=ON_2024, edition_id=summary.edition.id)
    assert (phu_tho.communes_assessed, phu_tho.average_criteria, phu_tho.communes_in_unit) == (
        alone.communes_assessed, alone.average_criteria, alone.communes_in_unit,
    )  # fmt: skip
    assert phu_tho.tiers == {tier: len(units) for tier, units in alone.tiers.items()}


@pytest.mark.parametrize(
    ("url", "bound"),
    [
        ("/ntm/?scheme=2025-07", 40),
        ("/ntm/?scheme=2025-07&on=31/03/2024", 50),
        ("/ntm/?scheme=2020&on=31/03/2024", 50),
        ("/ntm/2025-07/25/", 40),
        ("/ntm/2025-07/25/?on=31/03/2024", 50),
    ],
)
def test_dashboards_make_a_bounded_number_of_queries(client, demo, django_assert_max_num_queries, url, bound):
    client.get(url)  # the editions are read once per process
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200


def test_an_old_commune_that_went_only_in_part_is_labelled_so(client, demo):
    # Xã Thượng Quận (Kinh Môn, 2020) went only in part into Xã Phú Thái of Hải Phòng (July 2025)
    data = commune_latest_list(unit=_unit(("2025-07", "31")), on=dt.date(2026, 11, 30))
    phu_thai = next(c for c in data.communes if c.unit.name == "Phú Thái")
    assert [(f.commune.name, f.whole, f.on) for f in phu_thai.old] == [("Thượng Quận", False, dt.date(2024, 8, 29))]
    assert phu_thai.inherited.rule == L.PARTIAL and phu_thai.status is None
    html = client.get("/ntm/2025-07/31/").content.decode()
    assert "Thượng Quận ngày 29/08/2024, trước sáp nhập: 19/19 tiêu chí (chỉ một phần địa bàn" in html
    assert "Chưa xác định: xã nhận một phần địa bàn của xã cũ" in html


@pytest.mark.parametrize("key", [("2020", "153"), ("2025-07", "25"), None])
def test_the_figures_over_time_are_those_of_a_summary_on_each_date(demo, django_assert_max_num_queries, key):
    from tamnong.ntm.rollups import _series_point, ntm_time_series

    admin = get_user_model().objects.get(username="admin")
    sao_bay = AdminUnit.objects.get(scheme="2020", code="05080")
    self_assessment_save(commune=sao_bay, edition_id="ntm/commune-2021-2025", on=dt.date(2024, 6, 30),
                         values={"3.1": 70}, actor=admin)  # fmt: skip
    Recognition.objects.filter(commune__code="05068", commune__scheme="2020").update(revoked_on=dt.date(2024, 5, 1))
    unit = _unit(key) if key else None
    until = dt.date(2024, 6, 30)
    edition = "ntm/commune-2021-2025"
    with django_assert_max_num_queries(8):
        series = ntm_time_series(unit=unit, scheme="2025-07" if unit is None else None, until=until, edition_id=edition)
    expected = [
        _series_point(ntm_summary(unit=unit, scheme="2025-07" if unit is None else None, on=p.on, edition_id=edition))
        for p in series
    ]
    assert series == tuple(expected)
    assert [p.on for p in series] == [ON_2024, dt.date(2024, 6, 30)]
    # Nam Thượng's recognition counts on 31/03/2024, not after its revocation
    first, last = series[0], series[-1]
    assert first.tiers["standard"] == last.tiers["standard"] + 1
