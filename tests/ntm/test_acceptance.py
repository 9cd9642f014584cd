"""Acceptance: the figures of the seed articles come out of Tamnông's own computations on the demo records."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from tamnong.ntm.rollups import ntm_summary
from tamnong.places.models import AdminUnit

HERE = Path(__file__).parent / "scenarios"
SHARED = Path(__file__).parents[3] / "shared" / "scenarios"

pytestmark = pytest.mark.usefixtures("units")


def _scenario(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["kim-boi-2024-03.yaml", "kinh-mon-2024.yaml"])
def test_scenario_copies_match_the_shared_originals(name):
    if not SHARED.exists():
        pytest.skip("the shared scenarios are not beside this clone")
    assert (HERE / name).read_bytes() == (SHARED / name).read_bytes()


def test_kim_boi_report_of_march_2024(demo):
    facts = _scenario("kim-boi-2024-03.yaml")
    kim_boi = AdminUnit.objects.get(scheme="2020", code="153")
    summary = ntm_summary(unit=kim_boi, on=facts["as_of"])
    ntm = facts["ntm"]
    assert summary.communes_assessed == ntm["communes_assessed"]
    assert float(summary.average_criteria) == ntm["average_criteria_per_commune"]
    assert [u.usual_name or u.name for u in summary.tiers["standard"]] == ntm["communes_meeting_standard"]
    buckets = {b.key: b.count for b in summary.distribution}
    assert {k: buckets[k] for k in ntm["communes_by_criteria_met"]} == ntm["communes_by_criteria_met"]
    assert summary.text_vi == " ".join(ntm["expected_sentence_vi"].split())
    assert summary.warnings == ()
    target = facts["targets_2024"]
    assert float(summary.target.average_criteria) == target["average_criteria_per_commune"]
    assert summary.target.communes_standard == target["communes_meeting_standard"]


def test_kinh_mon_advanced_and_model_communes(demo):
    facts = _scenario("kinh-mon-2024.yaml")
    kinh_mon = AdminUnit.objects.get(scheme="2020", code="292")
    summary = ntm_summary(unit=kinh_mon, on=facts["as_of"])
    kinds = [c.kind for c in kinh_mon.children.all()]
    assert (kinds.count("phuong"), kinds.count("xa")) == (facts["units"]["wards"], facts["units"]["communes"])
    assert len(summary.tiers["advanced"]) == facts["ntm"]["communes_advanced"]
    assert len(summary.tiers["model"]) == facts["ntm"]["communes_model"]
    # the register and the data agree: each recognised commune reaches its tier on the evaluation
    reached = {c.unit.code: c.tier_reached for c in summary.communes}
    assert sorted(reached.values()).count("model") == 1
    assert sum(1 for t in reached.values() if t in ("advanced", "model")) == 5
    assert summary.warnings == ()


def test_history_is_never_recomputed_with_later_rules(demo, tmp_path):
    """A snapshot keeps the hash of the rules it used, and is explained with those rules even after the
    files change (here: a version of the edition whose indicator 3.1 asked for 70% instead of 80%)."""
    from tamnong import rules
    from tamnong.criteria.models import EditionVersion
    from tamnong.ntm.models import EvaluationSnapshot
    from tamnong.ntm.selectors import snapshot_evaluation

    snapshot = (
        EvaluationSnapshot.objects.select_related("self_assessment")
        .filter(self_assessment__commune__code="05068")
        .get()
    )
    current = rules.load_edition(snapshot.self_assessment.edition_id)
    assert snapshot.content_hash == current.content_hash
    assert EditionVersion.objects.filter(content_hash=current.content_hash).exists()
    today = snapshot_evaluation(snapshot)
    assert today.trace.content_hash == snapshot.content_hash
    assert today.tier("standard").indicator("3.1").threshold == 80

    files = rules.edition_files(current.id)
    files["standard/c03.yaml"] = files["standard/c03.yaml"].replace("value: 80", "value: 70", 1)
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    older = rules.load_edition_dir(tmp_path)
    EditionVersion.objects.create(content_hash=older.content_hash, edition_id=older.id, files=files)
    snapshot.content_hash = older.content_hash
    snapshot.save()
    explained = snapshot_evaluation(snapshot)
    assert explained.trace.content_hash == older.content_hash
    assert explained.tier("standard").indicator("3.1").threshold == 70
    assert explained.tier("standard").indicator("3.1").explanation_vi.endswith("≥ 70% — đạt")


def test_average_above_the_maximum_is_flagged(db):
    from tamnong.ntm.rollups import _warnings

    warnings = _warnings((), __import__("decimal").Decimal("19.5"), 19, None)
    assert "19.5" in warnings[0][0] and "19" in warnings[0][0]


def test_a_recognised_commune_that_now_fails_a_criterion_is_flagged(demo):
    from django.contrib.auth import get_user_model

    from tamnong.ntm.services import AssessmentInput, self_assessment_save

    nam_thuong = AdminUnit.objects.get(scheme="2020", code="05068")
    self_assessment_save(
        commune=nam_thuong,
        edition_id="ntm/commune-2021-2025",
        on=dt.date(2024, 6, 30),
        assessments={"17": AssessmentInput(met=False, evidence="Biên bản kiểm tra môi trường 20/06/2024")},
        values={"3.1": 90, "3.2.items": True, "3.2.score": 60, "8.1": True, "8.2": True, "8.3": True, "8.4": True},
        actor=get_user_model().objects.get(username="admin"),
    )
    summary = ntm_summary(unit=nam_thuong.parent, on=dt.date(2024, 6, 30))
    assert any("Xã Nam Thượng đã được công nhận" in vi for vi, _ in summary.warnings)


def test_kim_boi_criteria_shares_follow_the_demo_records(demo):
    """Each criterion's share is the part of the communes whose records meet it (the demo file lists,
    for each commune, the criteria not met)."""
    from decimal import ROUND_HALF_UP, Decimal

    spec = yaml.safe_load((Path(__file__).parents[2] / "tamnong/demo/data/kim-boi-2024-03.yaml").read_text("utf-8"))
    communes = spec["communes"].values()
    summary = ntm_summary(unit=AdminUnit.objects.get(scheme="2020", code="153"), on=spec["as_of"])
    for number in [str(n) for n in range(1, 20)]:
        meeting = sum(1 for c in communes if number not in c.get("not_met", []))
        expected = (Decimal(100 * meeting) / len(communes)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert summary.criteria_share[number] == expected, number
    assert summary.criteria_share["13"] < summary.criteria_share["1"]
