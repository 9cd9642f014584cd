"""The workflow table, without a database: each row, the procedure by date, the named errors."""

import datetime as dt

import pytest

from tamnong.recognition import workflow
from tamnong.recognition.workflow import TransitionNotAllowed, UnknownAction, next_state, transition_for

BEFORE = dt.date(2024, 3, 31)
AFTER = dt.date(2025, 7, 1)


@pytest.mark.parametrize(("state", "action"), list(workflow.THREE_LEVELS))
def test_every_row_of_the_three_level_table_applies_before_july_2025(state, action):
    assert next_state(state, action, BEFORE) == workflow.THREE_LEVELS[(state, action)][0]


@pytest.mark.parametrize(("state", "action"), list(workflow.TWO_LEVELS))
def test_every_row_of_the_two_level_table_applies_from_july_2025(state, action):
    assert next_state(state, action, AFTER) == workflow.TWO_LEVELS[(state, action)][0]


def test_the_district_verifies_until_30_june_2025_and_no_longer_after():
    assert transition_for("submitted", "verify", dt.date(2025, 6, 30)).role == workflow.DISTRICT
    with pytest.raises(TransitionNotAllowed) as err:
        transition_for("submitted", "verify", AFTER)
    assert "đã nộp" in err.value.message_vi and "thẩm tra" in err.value.message_vi
    assert (err.value.state, err.value.action) == ("submitted", "verify")
    assert transition_for("submitted", "appraise", AFTER).role == workflow.PROVINCE


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "recognise"),
        ("draft", "verify"),
        ("submitted", "recognise"),
        ("submitted", "submit"),
        ("verified", "verify"),
        ("appraised", "submit"),
        ("recognised", "return"),
        ("refused", "submit"),
        ("revoked", "recognise"),
        ("returned", "appraise"),
    ],
)
def test_each_illegal_transition_raises_the_named_error_naming_state_and_action(state, action):
    with pytest.raises(TransitionNotAllowed) as err:
        transition_for(state, action, BEFORE)
    assert workflow.STATE_NAMES[state][0] in err.value.message_vi
    assert workflow.ACTION_NAMES[action][0] in err.value.message_vi
    assert workflow.STATE_NAMES[state][1] in err.value.message_en
    assert err.value.field == "action"


def test_an_unknown_action_is_named():
    with pytest.raises(UnknownAction, match="approve"):
        transition_for("submitted", "approve", BEFORE)


def test_no_procedure_before_the_2021_2025_programme():
    with pytest.raises(workflow.DomainError):
        workflow.procedure_on(dt.date(2021, 12, 31))


def test_documents_and_deadlines_are_data_with_their_status():
    listing, documents = workflow.documents_for("ntm/commune-2021-2025", "advanced")
    assert listing["status"] == "partial" and "18/2022" in listing["reason_vi"]
    assert {d["code"] for d in documents} == {"self_assessment_report", "satisfaction_survey"}
    assert all(d["basis"] == "inferred" for d in documents)
    listing, documents = workflow.documents_for("ntm/commune-2026-2030", "standard")
    assert listing["status"] == "unknown" and documents == []
    assert workflow.due_on("submitted", BEFORE) is None  # 18/2022's time limits are not sourced
    # 15 working days from Monday 01/04/2024: the weekends skipped; the calendar holds no yearly holiday of
    # 2024 (Hùng Kings' day), so the deadline says it may be later.
    deadline = workflow.deadline("verified", dt.date(2024, 4, 1))
    assert workflow.due_on("verified", dt.date(2024, 4, 1)) == deadline.on == dt.date(2024, 4, 22)
    assert deadline.uncovered == (2024,) and "có thể muộn hơn 22/04/2024" in deadline.caveat_vi
    assert workflow.due_on("appraised", dt.date(2025, 8, 29)) == dt.date(2025, 9, 22)  # 02/09 National Day skipped
