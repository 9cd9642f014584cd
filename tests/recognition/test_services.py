"""Dossiers through the services: frozen copy, completeness, the walk to recognition writing the
register, return with reasons reopening only those items, the hash, stale reviewers, revocation,
notifications and reminders."""

import datetime as dt

import pytest
from django.core.management import call_command

from tamnong.core.errors import DomainError, StaleError
from tamnong.core.models import AuditEvent, OutboundEmail
from tamnong.ntm.models import Recognition
from tamnong.ntm.rollups import ntm_summary
from tamnong.ntm.services import self_assessment_save
from tamnong.places.models import AdminUnit
from tamnong.recognition import services, workflow
from tamnong.recognition.models import DossierItem, Notice
from tamnong.recognition.services import ItemChange, dossier_transition

from .conftest import AS_OF, user

D = dt.date


def _walk(dossier, *steps):
    for action, who, on, extra in steps:
        dossier = dossier_transition(
            dossier=dossier, action=action, actor=user(who), on=on, expected_version=dossier.version, **extra
        )
    return dossier


def test_the_demo_dossier_is_submitted_complete_and_notified_the_district(dossier):
    assert dossier.state == "submitted" and dossier.state_since == AS_OF
    assert dossier.evaluation["tier_reached"] == "advanced"
    assert services.dossier_completeness(dossier)["complete"]
    assert Notice.objects.filter(dossier=dossier, user__username="huyen.kimboi", kind="submitted").exists()
    assert dossier.events.filter(action="submit", from_state="draft", to_state="submitted").exists()


def test_the_dossier_is_frozen_later_changes_of_the_live_data_do_not_reach_it(dossier, nam_thuong):
    assert DossierItem.objects.get(dossier=dossier, key="3.1").value == 82
    self_assessment_save(commune=nam_thuong, edition_id=dossier.edition_id, on=AS_OF, values={"3.1": 70},
                         actor=user("xa.namthuong"))  # fmt: skip
    assert DossierItem.objects.get(dossier=dossier, key="3.1").value == 82
    dossier.refresh_from_db()
    assert dossier.evaluation["tiers"]["standard"]["criteria"]["3"] == "met"


def test_submission_lists_missing_documents_and_failed_conditions(demo):
    kim_lap = AdminUnit.objects.get(scheme="2020", code="05035")  # criteria 13 and 17 not met
    officer = user("xa.namthuong")
    officer.roles.create(role="commune_officer", unit=kim_lap)
    dossier = services.dossier_create(commune=kim_lap, tier="standard", on=AS_OF, actor=officer)
    check = services.dossier_completeness(dossier)
    assert not check["complete"]
    assert {d["code"] for d in check["missing_documents"]} == {"self_assessment_report", "satisfaction_survey"}
    assert {c["key"] for c in check["failed_conditions"]} == {
        "all_criteria_met", "satisfaction", "no_construction_debt", "security_order"}  # fmt: skip
    with pytest.raises(workflow.DossierIncomplete) as err:
        dossier_transition(dossier=dossier, action="submit", actor=officer, on=AS_OF, expected_version=dossier.version)
    assert "Báo cáo kết quả tự đánh giá" in err.value.message_vi and "13, 17" in err.value.message_vi
    assert "hài lòng" in err.value.message_vi


def test_a_second_open_dossier_for_the_same_tier_is_refused(dossier, nam_thuong):
    with pytest.raises(DomainError, match="đã có hồ sơ"):
        services.dossier_create(commune=nam_thuong, tier="advanced", on=AS_OF, actor=user("xa.namthuong"))


def test_a_tier_not_in_the_edition_is_refused(nam_thuong):
    with pytest.raises(DomainError, match="modern_pilot") as err:
        services.dossier_create(commune=nam_thuong, tier="modern_pilot", on=AS_OF, actor=user("xa.namthuong"))
    assert err.value.field == "tier"


def test_walk_to_recognition_with_a_return_on_two_indicators(dossier, kim_boi, nam_thuong):
    dossier = _walk(dossier, ("verify", "huyen.kimboi", D(2024, 4, 5), {}))
    dossier = _walk(dossier, ("return", "tinh.hoabinh", D(2024, 4, 10),
                              {"reasons": {"3.1": "Thiếu biên bản đo đạc", "household_power_pct": "Cần xác nhận điện lực"}}))  # fmt: skip
    assert dossier.state == "returned" and services.editable_keys(dossier) == {"3.1", "household_power_pct"}
    officer = user("xa.namthuong")
    with pytest.raises(workflow.ItemNotReopened) as err:
        services.dossier_items_update(dossier=dossier, changes={"3.2.score": ItemChange(value="60")}, actor=officer,
                                      on=D(2024, 4, 12), expected_version=dossier.version)  # fmt: skip
    assert "3.2.score" in err.value.message_vi and err.value.field == "3.2.score"
    dossier = services.dossier_items_update(
        dossier=dossier, actor=officer, on=D(2024, 4, 12), expected_version=dossier.version,
        changes={"3.1": ItemChange(value="88,5", evidence="Biên bản đo đạc 11/04/2024"),
                 "household_power_pct": ItemChange(value="99,6")},
    )  # fmt: skip
    assert DossierItem.objects.get(dossier=dossier, key="3.1").value == 88.5
    dossier = _walk(
        dossier,
        ("submit", "xa.namthuong", D(2024, 4, 15), {}),
        ("verify", "huyen.kimboi", D(2024, 4, 18), {}),
        ("appraise", "tinh.hoabinh", D(2024, 4, 25), {}),
        (
            "recognise",
            "tinh.hoabinh",
            D(2024, 4, 29),
            {"decision_number": "999/QĐ-UBND", "decision_date": D(2024, 4, 29)},
        ),
    )
    assert dossier.state == "recognised" and dossier.reopened == []
    recognition = Recognition.objects.get(commune=nam_thuong, tier="advanced")
    assert (recognition.decision_number, recognition.decision_date) == ("999/QĐ-UBND", D(2024, 4, 29))
    assert dossier.recognition == recognition
    # the district roll-up counts the commune as advanced from the decision's date
    assert "Nam Thượng" not in [u.name for u in ntm_summary(unit=kim_boi, on=D(2024, 4, 28)).tiers["advanced"]]
    assert [u.name for u in ntm_summary(unit=kim_boi, on=D(2024, 4, 30)).tiers["advanced"]] == ["Nam Thượng"]
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions[-7:] == ["return", "item_change", "item_change", "submit", "verify", "appraise", "recognise"]
    item_event = dossier.events.get(action="item_change", item="3.1", on=D(2024, 4, 12))
    assert item_event.before["value"] == 82 and item_event.after["value"] == 88.5
    assert item_event.actor.username == "xa.namthuong"
    audit = AuditEvent.objects.filter(target_type="recognition.dossier", target_id=str(dossier.pk))
    recognised = audit.get(action="recognition.recognise")
    assert recognised.unit == nam_thuong and recognised.rule.startswith("recognition.recognise#")
    assert (recognised.before["state"], recognised.after["state"]) == ("appraised", "recognised")
    edits = audit.filter(action="recognition.dossier.edit", before__item="3.1")
    assert edits.count() >= 1 and all(e.unit == nam_thuong for e in edits)


def _recognised(dossier):
    return _walk(
        dossier,
        ("verify", "huyen.kimboi", D(2024, 4, 5), {}),
        ("appraise", "tinh.hoabinh", D(2024, 4, 10), {}),
        (
            "recognise",
            "tinh.hoabinh",
            D(2024, 4, 20),
            {"decision_number": "1001/QĐ-UBND", "decision_date": D(2024, 4, 20)},
        ),
    )


def test_the_content_hash_is_recorded_and_a_later_change_is_visible(dossier):
    dossier = _recognised(dossier)
    assert dossier.approved_hash.startswith("sha256:") and len(dossier.approved_hash) == 71
    check = services.dossier_hash_check(dossier)
    assert check.unchanged and check.current == dossier.approved_hash
    assert services.dossier_content_hash(dossier) == services.dossier_content_hash(dossier)  # canonical
    DossierItem.objects.filter(dossier=dossier, key="3.1").update(value=95)  # a change behind the workflow's back
    check = services.dossier_hash_check(dossier)
    assert not check.unchanged and check.current != check.approved
    with pytest.raises(workflow.ItemNotReopened):
        services.dossier_items_update(dossier=dossier, changes={"3.1": ItemChange(value="90")},
                                      actor=user("xa.namthuong"), on=D(2024, 5, 1), expected_version=dossier.version)  # fmt: skip


def test_two_reviewers_at_once_one_wins_the_other_gets_a_clear_message(dossier):
    dossier = _walk(dossier, ("verify", "huyen.kimboi", D(2024, 4, 5), {}))
    seen = dossier.version
    dossier_transition(dossier=dossier, action="appraise", actor=user("tinh.hoabinh"), on=D(2024, 4, 8),
                       expected_version=seen)  # fmt: skip
    with pytest.raises(StaleError) as err:
        dossier_transition(dossier=dossier, action="return", actor=user("duyet.hoabinh"), on=D(2024, 4, 8),
                           expected_version=seen, reasons={"3.1": "x"})  # fmt: skip
    assert "tinh.hoabinh" in err.value.message_vi and "tải lại" in err.value.message_vi
    dossier.refresh_from_db()
    assert dossier.state == "appraised" and not dossier.reasons.exists()


def test_return_needs_reasons_on_known_items_and_recognition_needs_a_decision(dossier):
    with pytest.raises(workflow.ReasonsRequired):
        dossier_transition(dossier=dossier, action="return", actor=user("huyen.kimboi"), on=D(2024, 4, 5),
                           expected_version=dossier.version, reasons={})  # fmt: skip
    with pytest.raises(DomainError, match="99.9"):
        dossier_transition(dossier=dossier, action="return", actor=user("huyen.kimboi"), on=D(2024, 4, 5),
                           expected_version=dossier.version, reasons={"99.9": "?"})  # fmt: skip
    dossier = _walk(
        dossier, ("verify", "huyen.kimboi", D(2024, 4, 5), {}), ("appraise", "tinh.hoabinh", D(2024, 4, 9), {})
    )
    with pytest.raises(workflow.DecisionRequired):
        dossier_transition(dossier=dossier, action="recognise", actor=user("tinh.hoabinh"), on=D(2024, 4, 20),
                           expected_version=dossier.version)  # fmt: skip
    with pytest.raises(workflow.ReasonsRequired):
        dossier_transition(dossier=dossier, action="refuse", actor=user("tinh.hoabinh"), on=D(2024, 4, 20),
                           expected_version=dossier.version)  # fmt: skip
    with pytest.raises(DomainError, match="trước ngày"):
        dossier_transition(dossier=dossier, action="refuse", actor=user("tinh.hoabinh"), on=D(2024, 4, 1),
                           expected_version=dossier.version, note="x")  # fmt: skip


def test_a_criterion_returned_reopens_its_direct_assessment_and_its_indicators(dossier):
    dossier = _walk(dossier, ("return", "huyen.kimboi", D(2024, 4, 5), {"reasons": {"criterion:3": "Rà soát lại"}}))
    assert services.editable_keys(dossier) == {"criterion:3", "3.1", "3.2.items", "3.2.score"}


def test_revocation_dates_the_register_row_and_the_rollup_stops_counting(dossier, kim_boi):
    dossier = _recognised(dossier)
    dossier = _walk(dossier, ("revoke", "tinh.hoabinh", D(2024, 9, 1),
                              {"decision_number": "77/QĐ-UBND", "decision_date": D(2024, 9, 1), "note": "Không duy trì"}))  # fmt: skip
    assert dossier.state == "revoked"
    dossier.recognition.refresh_from_db()
    assert (dossier.recognition.revoked_on, dossier.recognition.revocation_decision) == (D(2024, 9, 1), "77/QĐ-UBND")
    assert len(ntm_summary(unit=kim_boi, on=D(2024, 8, 31)).tiers["advanced"]) == 1
    assert len(ntm_summary(unit=kim_boi, on=D(2024, 9, 1)).tiers["advanced"]) == 0


def test_after_july_2025_the_province_takes_the_dossier_directly(dossier):
    with pytest.raises(workflow.TransitionNotAllowed):
        dossier_transition(dossier=dossier, action="verify", actor=user("huyen.kimboi"), on=D(2025, 7, 2),
                           expected_version=dossier.version)  # fmt: skip
    dossier = _walk(dossier, ("appraise", "tinh.phutho", D(2025, 7, 2), {}))
    assert dossier.state == "appraised"
    assert dossier.events.get(action="appraise").after["procedure"] == "commune-province"


def test_notifications_in_app_and_by_email(dossier):
    officer = user("xa.namthuong")
    officer.email = "xa.namthuong@example.vn"
    officer.save()
    dossier = _walk(dossier, ("return", "huyen.kimboi", D(2024, 4, 5), {"reasons": {"3.1": "Thiếu biên bản"}}))
    notice = Notice.objects.get(dossier=dossier, user=officer, kind="returned")
    assert "3.1: Thiếu biên bản" in notice.message_vi
    assert OutboundEmail.objects.filter(to="xa.namthuong@example.vn", about_id=str(dossier.pk)).count() == 1
    dossier = _walk(
        dossier, ("submit", "xa.namthuong", D(2024, 4, 6), {}), ("verify", "huyen.kimboi", D(2024, 4, 7), {})
    )
    assert Notice.objects.filter(dossier=dossier, user__username="tinh.hoabinh", kind="verified").exists()
    _walk(dossier, ("appraise", "tinh.hoabinh", D(2024, 4, 8), {}),
          ("recognise", "tinh.hoabinh", D(2024, 4, 9), {"decision_number": "5/QĐ-UBND", "decision_date": D(2024, 4, 9)}))  # fmt: skip
    assert Notice.objects.filter(dossier=dossier, user=officer, kind="recognised").exists()
    assert OutboundEmail.objects.filter(to="xa.namthuong@example.vn").count() == 2


def test_reminders_for_overdue_steps_once_per_step(dossier, capsys):
    dossier = _walk(dossier, ("verify", "huyen.kimboi", D(2024, 4, 1), {}))
    assert dossier.due_on == D(2024, 4, 22)  # 15 working days
    assert services.reminders_queue(today=D(2024, 4, 22)) == []
    call_command("recognition_reminders", "--today", "23/04/2024")  # dry run
    assert not Notice.objects.filter(kind="reminder").exists()
    call_command("recognition_reminders", "--today", "23/04/2024", "--send")
    users = set(Notice.objects.filter(kind="reminder", dossier=dossier).values_list("user__username", flat=True))
    assert {"tinh.hoabinh", "duyet.hoabinh"} <= users and "huyen.kimboi" not in users
    call_command("recognition_reminders", "--today", "24/04/2024", "--send")
    assert Notice.objects.filter(kind="reminder", dossier=dossier, user__username="tinh.hoabinh").count() == 1
