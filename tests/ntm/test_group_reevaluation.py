"""When a provincial office's commune-group proposal is approved, the evaluations stored for its communes
on or after the group's date with another group are re-evaluated by the one evaluator, the system acting
for the approval (audited), so the dashboards show results computed with the group in force.

The 2026–2030 set has no group-dependent threshold yet (every criterion is assessed directly): the test
uses a test version of it whose criterion 1 is an indicator with a threshold by group (100 / 90 / 80 %,
test values, not legal ones), so a group change flips the result."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from tamnong import rules
from tamnong.accounts import unit_groups
from tamnong.core.models import AuditEvent
from tamnong.criteria import editions
from tamnong.ntm.models import SelfAssessment
from tamnong.ntm.services import AssessmentInput, self_assessment_save
from tamnong.places import groups
from tamnong.places.models import AdminUnit, UnitAttribute

EDITION = "ntm/commune-2026-2030"
ON = dt.date(2026, 3, 31)
TEST_C01 = """\
number: "1"
name_vi: "Quy hoạch"
name_en: "Planning"
reference: "Bộ tiêu chí thử của bộ kiểm thử (không phải ngưỡng pháp lý)"
source: "https://example.invalid/test-edition"
assessed: indicators
indicators:
  "1.1":
    name_vi: "Chỉ tiêu thử theo nhóm xã"
    name_en: "Test indicator by commune group"
    code_status: assigned
    kind: percent
    unit: percent
    comparator: ">="
    values:
      2026-02-15:
        by_commune_group: {"1": 100, "2": 90, "3": 80}
        reference: "Ngưỡng thử của bộ kiểm thử"
        source: "https://example.invalid/test-edition"
"""


@pytest.fixture
def by_group(demo, monkeypatch):
    """The 2026–2030 set with criterion 1 measured by a test indicator whose threshold depends on the group."""
    texts = rules.edition_files(EDITION)
    texts["standard/c01.yaml"] = TEST_C01
    monkeypatch.setitem(editions._LOADED, (EDITION, *editions._approved(EDITION)), rules.load_edition_texts(texts))


def _user(name):
    return get_user_model().objects.get(username=name)


def _hop_kim():
    return AdminUnit.objects.get(scheme="2025-07", code="05068")


def _save(commune, on=ON, value=95):
    assessments = {str(n): AssessmentInput(met=True, evidence=f"Biên bản tiêu chí {n}", assessed_by="Tổ rà soát")
                   for n in range(2, 11)}  # fmt: skip
    return self_assessment_save(commune=commune, edition_id=EDITION, on=on, values={"1.1": value},
                                assessments=assessments, actor=_user("admin"))  # fmt: skip


def _change_group(commune, value, since, *, approve=True):
    proposal = unit_groups.attribute_propose(
        province=AdminUnit.objects.get(scheme="2025-07", code="25"), attribute=UnitAttribute.COMMUNE_GROUP,
        rows=[unit_groups.Row(commune, value, since, "Quyết định của UBND tỉnh (thử)")], actor=_user("tinh.phutho"),
    )  # fmt: skip
    return unit_groups.attribute_review(proposal=proposal, actor=_user("duyet.phutho"), approve=approve,
                                        note="" if approve else "Chưa đủ căn cứ")  # fmt: skip


def _snapshot(sa):
    return SelfAssessment.objects.select_related("evaluation").get(pk=sa.pk).evaluation


def test_an_approved_group_change_re_evaluates_the_results_stored_with_the_previous_group(client, by_group):
    hop_kim = _hop_kim()
    group = groups.group_on(hop_kim, ON)
    assert group in (2, 3)  # the demo's group: 95 % meets the test threshold of 90 or 80
    sa = _save(hop_kim)
    earlier = _save(hop_kim, on=dt.date(2026, 2, 20))  # before the new group's date: not touched
    assert (_snapshot(sa).criteria_met, _snapshot(sa).result["place"]["commune_group"]) == (10, str(group))
    page = client.get("/ntm/2025-07/25/", {"on": "30/11/2026"}).content.decode()
    assert "10/10 tiêu chí ngày 31/03/2026" in page

    proposal = _change_group(hop_kim, "1", dt.date(2026, 3, 1))  # group 1: 100 % needed

    snapshot = _snapshot(sa)
    assert (snapshot.criteria_met, snapshot.result["place"]["commune_group"]) == (9, "1")
    assert 1 not in snapshot.criteria_met_list
    assert (_snapshot(earlier).criteria_met, _snapshot(earlier).result["place"]["commune_group"]) == (10, str(group))
    # the system re-evaluated, for the approval, and said so in the audit log
    (event,) = AuditEvent.objects.filter(target_type="ntm.selfassessment", target_id=str(sa.pk),
                                         after__approved_proposal=proposal.pk)  # fmt: skip
    assert event.by_system and event.action == "ntm.values.write"
    assert (event.before["commune_group"], event.after["commune_group"]) == (str(group), "1")
    assert (event.before["criteria_met"], event.after["criteria_met"]) == (10, 9)
    # the dashboard shows the new result
    page = client.get("/ntm/2025-07/25/", {"on": "30/11/2026"}).content.decode()
    assert "9/10 tiêu chí ngày 31/03/2026" in page and "10/10 tiêu chí ngày 31/03/2026" not in page


def test_a_returned_proposal_re_evaluates_nothing(by_group):
    hop_kim = _hop_kim()
    sa = _save(hop_kim)
    before = _snapshot(sa).computed_at
    _change_group(hop_kim, "1", dt.date(2026, 3, 1), approve=False)
    assert (_snapshot(sa).criteria_met, _snapshot(sa).computed_at) == (10, before)
    assert not AuditEvent.objects.filter(target_type="ntm.selfassessment", target_id=str(sa.pk),
                                         after__has_key="approved_proposal").exists()  # fmt: skip


def test_an_approval_for_a_later_date_leaves_the_earlier_results(by_group):
    hop_kim = _hop_kim()
    sa = _save(hop_kim)
    _change_group(hop_kim, "1", dt.date(2026, 6, 1))
    assert _snapshot(sa).criteria_met == 10
    later = _save(hop_kim, on=dt.date(2026, 6, 30))  # saved under group 1
    assert _snapshot(later).criteria_met == 9


def test_the_audit_log_tells_the_re_evaluation_in_words(client, by_group):
    hop_kim = _hop_kim()
    sa = _save(hop_kim)
    _change_group(hop_kim, "1", dt.date(2026, 3, 1))
    from tamnong.accounts.history import audit_sentence

    event = AuditEvent.objects.filter(target_type="ntm.selfassessment", target_id=str(sa.pk)).latest("pk")
    text = audit_sentence(event, "vi")
    assert text.startswith("Ngày ") and "hệ thống" in text
    assert "nhóm xã từ" in text and "số tiêu chí đạt từ «10» thành «9»" in text
    assert "approved_proposal" not in text and "commune_group" not in text
