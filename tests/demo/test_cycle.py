"""The demo's NTM cycle of this year for Phú Thọ (tamnong/demo/data/phu-tho-2026.yaml): loaded by demo_load,
dated relative to the load day, shown on today's dashboards, idempotent."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model

from tamnong.core import clock
from tamnong.criteria.editions import edition_get
from tamnong.demo.cycle import cycle_demo_load, cycle_plan, cycle_span, spec_load
from tamnong.demo.services import demo_load
from tamnong.ntm.models import Recognition, SelfAssessment
from tamnong.places.models import AdminUnit
from tamnong.recognition.models import Dossier, State

EDITION = "ntm/commune-2026-2030"
PHU_THO = {"scheme": "2025-07", "code": "25"}


def _as(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _cycle(year):
    """The demo's self-assessments of the 2026–2030 set in Phú Thọ dated in the year."""
    return SelfAssessment.objects.filter(
        commune__scheme="2025-07", commune__path__startswith="25/", edition_id=EDITION, on__year=year
    ).select_related("evaluation", "commune")


def _vn(number: Decimal) -> str:
    return f"{number.quantize(Decimal('0.1'), ROUND_HALF_UP)}".replace(".", ",")


@pytest.fixture
def plan(demo):
    plan = cycle_plan(spec_load(), clock.today())
    if plan is None:  # TAMNONG_TEST_TODAY before 15/02/2026: no commune can report against the 2026–2030 set
        assert not _cycle(clock.today().year).exists()
        pytest.skip("the 2026–2030 set is not in force this year up to today")
    return plan


def test_about_two_communes_in_three_report_this_year_each_criterion_assessed_with_demo_evidence(plan):
    records = list(_cycle(clock.today().year).prefetch_related("assessments"))
    communes = AdminUnit.objects.filter(scheme="2025-07", path__startswith="25/", level=3, kind="xa").count()
    assert len(records) == len(plan.reports) and 0.55 * communes < len(records) < 0.75 * communes
    assert all(plan.first <= r.on <= clock.today() for r in records)
    for record in records:
        assessments = list(record.assessments.all())
        assert len(assessments) == 10 and all("dữ liệu trình diễn" in a.evidence for a in assessments)
        assert record.evaluation.criteria_total == 10
    met = [r.evaluation.criteria_met for r in records]
    assert min(met) < 8 and max(met) == 10 and 7 < sum(met) / len(met) < 10  # a spread, not all met
    # Hợp Kim has not reported: it shows the 2024 results of the communes merged into it
    assert "05068" not in {r.commune.code for r in records}


def test_one_commune_is_recognised_by_the_province_and_one_awaits_it(plan):
    decided = Dossier.objects.get(commune__scheme="2025-07", commune__code="07969", edition_id=EDITION)
    waiting = Dossier.objects.get(commune__scheme="2025-07", commune__code="05089", edition_id=EDITION)
    assert (decided.is_demo, decided.state, waiting.is_demo, waiting.state) == (
        True, State.RECOGNISED, True, State.SUBMITTED,
    )  # fmt: skip
    assert decided.evaluation["tiers"]["standard"]["criteria_met"] == 10
    recognition = Recognition.objects.get(pk=decided.recognition_id)
    assert recognition.is_demo and "trình diễn" in recognition.decision_number
    assert plan.first <= recognition.decision_date <= clock.today()
    assert decided.events.filter(action="recognise", actor__username="tinh.phutho").exists()
    assert waiting.events.filter(action="submit", actor__username="xa.caophong").exists()
    # the province's review queue holds the waiting dossier
    assert waiting.notices.filter(user__username="tinh.phutho", kind="submitted").exists()


def test_the_dashboards_of_today_show_this_years_figures(client, plan):
    records = list(_cycle(clock.today().year))
    average = _vn(Decimal(sum(r.evaluation.criteria_met for r in records)) / len(records))
    year = clock.today().year
    province = _as(client, "tinh.phutho").get("/ntm/2025-07/25/").content.decode()
    assert f'id="reported-count">{len(records)}/133<' in province and f"đạt {average} tiêu chí/xã" in province
    assert "Đoan Hùng" in province and f"năm {year}" in province
    assert "chưa báo cáo" in province.lower()  # the communes still to report
    nation = _as(client, "trunguong").get("/ntm/").content.decode()
    assert f'id="reported-count">{len(records)}/2.634<' in nation and f"xã đã báo cáo năm {year}" in nation
    assert "Tỉnh Phú Thọ" in nation and "(các xã: Đoan Hùng)" in nation  # the recognised commune counted


def test_loading_the_demo_again_writes_nothing(plan):
    counts = (SelfAssessment.objects.count(), Dossier.objects.count(), Recognition.objects.count())
    assert cycle_demo_load() == (0, 0)
    demo_load()
    assert (SelfAssessment.objects.count(), Dossier.objects.count(), Recognition.objects.count()) == counts


@pytest.mark.parametrize("day", [dt.date(2027, 3, 10), dt.date(2031, 11, 20)])
def test_the_dates_follow_the_day_of_loading(demo, day):
    with time_machine.travel(dt.datetime.combine(day, dt.time(9)), tick=False):
        assert clock.today() == day
        written, _ = cycle_demo_load()
        records = list(_cycle(day.year))
    assert written == len(records) > 60
    assert {r.on.year for r in records} == {day.year}
    assert min(r.on for r in records) >= dt.date(day.year, 1, 1) and max(r.on for r in records) <= day


def test_nothing_is_loaded_before_the_2026_2030_set_is_in_force(demo):
    spec = spec_load()
    assert cycle_plan(spec, dt.date(2026, 2, 14)) is None
    province = AdminUnit.objects.get(**PHU_THO)
    edition = edition_get(EDITION)
    assert cycle_span(edition, province, dt.date(2026, 2, 15)) == (dt.date(2026, 2, 15), dt.date(2026, 2, 15))
    assert cycle_span(edition, province, dt.date(2026, 12, 4)) == (dt.date(2026, 2, 15), dt.date(2026, 12, 4))
    assert cycle_span(edition, province, dt.date(2034, 5, 1)) == (dt.date(2034, 1, 1), dt.date(2034, 5, 1))
