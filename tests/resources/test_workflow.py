"""A work's status from its dates, and Tamnông's lag rule. Pure: no database."""

import datetime as dt
from decimal import Decimal

import pytest

from tamnong.resources.reference import LagRule, lag_rule
from tamnong.resources.workflow import dates_check, expected_rate_pct, status_between, work_alerts

D = dt.date


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"status": "planned", "started_on": D(2024, 2, 1)}, "started_on", "chưa khởi công"),
        ({"status": "new"}, "started_on", "Cần ngày khởi công"),
        ({"status": "continuing", "started_on": D(2024, 2, 1)}, "status", "khởi công trước năm kế hoạch 2024"),
        ({"status": "new", "started_on": D(2023, 2, 1)}, "status", "khởi công trong năm kế hoạch 2024"),
        ({"status": "completed", "started_on": D(2023, 2, 1)}, "completed_on", "cần ngày hoàn thành"),
        (
            {"status": "completed", "started_on": D(2024, 2, 1), "completed_on": D(2024, 1, 5)},
            "completed_on",
            "trước ngày khởi công",
        ),
        (
            {"status": "new", "started_on": D(2024, 2, 1), "planned_end_on": D(2024, 1, 5)},
            "planned_end_on",
            "trước ngày khởi công",
        ),
        ({"status": "new", "started_on": D(2024, 2, 1), "completed_on": D(2024, 5, 1)}, "completed_on", "«hoàn thành»"),
        ({"status": "started"}, "status", "không có"),
    ],
)
def test_a_status_that_disagrees_with_the_dates_is_named(values, field, words):
    problem = dates_check(
        **({"plan_year": 2024, "started_on": None, "planned_end_on": None, "completed_on": None} | values)
    )
    assert problem is not None and problem.field == field and words in problem.message_vi


def test_statuses_that_agree_with_the_dates_pass():
    base = {"plan_year": 2024, "planned_end_on": None}
    assert dates_check(status="planned", started_on=None, completed_on=None, **base) is None
    assert dates_check(status="new", started_on=D(2024, 3, 1), completed_on=None, **base) is None
    assert dates_check(status="continuing", started_on=D(2023, 3, 1), completed_on=None, **base) is None
    assert dates_check(status="completed", started_on=D(2023, 3, 1), completed_on=D(2024, 2, 1), **base) is None


Q1 = {"starts_on": D(2024, 1, 1), "ends_on": D(2024, 3, 31)}


@pytest.mark.parametrize(
    ("work", "status"),
    [
        ({"plan_year": 2024, "started_on": D(2023, 5, 1), "completed_on": None}, "continuing"),
        ({"plan_year": 2024, "started_on": D(2023, 5, 1), "completed_on": D(2024, 6, 1)}, "continuing"),
        ({"plan_year": 2024, "started_on": D(2024, 2, 1), "completed_on": None}, "new"),
        ({"plan_year": 2024, "started_on": D(2023, 5, 1), "completed_on": D(2024, 3, 31)}, "completed"),
        ({"plan_year": 2024, "started_on": None, "completed_on": None}, "planned"),
        ({"plan_year": 2024, "started_on": D(2024, 5, 1), "completed_on": None}, "planned"),  # not started yet in Q1
        ({"plan_year": 2023, "started_on": D(2022, 5, 1), "completed_on": D(2023, 11, 1)}, None),  # done before
        ({"plan_year": 2025, "started_on": None, "completed_on": None}, None),  # another year's plan
    ],
)
def test_the_status_in_a_span_comes_from_the_dates(work, status):
    assert status_between(**Q1, **work) == status


def test_in_the_second_quarter_a_work_started_in_january_is_still_new_in_the_year():
    assert status_between(starts_on=D(2024, 4, 1), ends_on=D(2024, 6, 30), plan_year=2024, started_on=D(2024, 1, 15),
                          completed_on=None) == "new"  # fmt: skip


def test_the_lag_rule_is_the_projects_linear_rule_with_a_tolerance():
    rule = lag_rule()
    assert (
        rule.expected == "linear"
        and rule.tolerance_pct == Decimal(10)
        and "không phải quy định pháp luật" in rule.name_vi
    )
    start, end = D(2024, 1, 1), D(2024, 12, 31)
    assert expected_rate_pct(rule, started_on=start, planned_end_on=end, on=D(2023, 12, 1)) == 0
    assert expected_rate_pct(rule, started_on=start, planned_end_on=end, on=D(2024, 7, 1)) == Decimal("49.86")
    assert expected_rate_pct(rule, started_on=start, planned_end_on=end, on=D(2025, 3, 1)) == 100


def _alerts(rule=None, **work):
    values = {"on": D(2024, 7, 1), "started_on": D(2024, 1, 1), "planned_end_on": D(2024, 12, 31), "completed_on": None,
              "budget_vnd": 1_000_000_000, "disbursed_vnd": 0} | work  # fmt: skip
    return work_alerts(rule or lag_rule(), **values)


def test_a_work_lags_when_more_than_the_tolerance_below_the_expected_rate():
    assert _alerts(disbursed_vnd=400_000_000) == []  # 40 % against 49,86 % expected: within 10 points
    lagging = _alerts(disbursed_vnd=390_000_000)  # 39 %: more than 10 points below
    assert [a.kind for a in lagging] == ["lagging"]
    assert "Giải ngân 39% thấp hơn mức dự kiến 49,9% ngày 01/07/2024" in lagging[0].message_vi
    assert "quy tắc của Tamnông, không phải quy định pháp luật" in lagging[0].message_vi
    strict = LagRule("x", "", "", "linear", Decimal(0), True)
    assert [a.kind for a in _alerts(strict, disbursed_vnd=400_000_000)] == ["lagging"]


def test_a_work_past_its_planned_end_and_not_completed_is_overdue():
    overdue = _alerts(on=D(2025, 1, 15), disbursed_vnd=1_000_000_000)
    assert [a.kind for a in overdue] == ["overdue"]
    assert "Quá ngày dự kiến hoàn thành 31/12/2024" in overdue[0].message_vi
    assert _alerts(on=D(2025, 1, 15), completed_on=D(2024, 12, 20), disbursed_vnd=0) == []  # completed: no alert
    assert _alerts(started_on=None, planned_end_on=None) == []  # not started: no alert
