"""Evaluation snapshots: the evaluation of each self-assessment as made when it was saved, with the
hashes of the rules it used. `snapshots_write` is their only writer — a form's save, an API's, an
import's set-based save, a re-evaluation after an approval all keep the same fields through it (a guard
test, tests/ntm/test_snapshot_writer.py, fails when another module writes them)."""

from collections.abc import Sequence
from typing import Any

from tamnong import rules
from tamnong.core import clock
from tamnong.core.bulk import IDS_PER_QUERY, batched, db_value, rows_insert
from tamnong.criteria.editions import edition_version_record
from tamnong.ntm.models import EvaluationSnapshot

FIELDS = (
    "content_hash", "resolution_hash", "tier_reached", "criteria_met", "criteria_total", "indicators_met",
    "indicators_applicable", "criteria_met_list", "facts", "result",
)  # fmt: skip


def snapshot_fields(evaluation: rules.Evaluation, facts: dict) -> dict[str, Any]:
    """What a snapshot keeps of an evaluation: the figures roll-ups read, the values seen, the place and
    the rules' hashes, and each criterion's status. The explanations are rebuilt on display from these
    facts and the edition version of the same hash (see `selectors.snapshot_evaluation`)."""
    first = evaluation.tiers[0]
    return {
        "content_hash": evaluation.trace.content_hash,
        "resolution_hash": evaluation.trace.resolution_hash,
        "tier_reached": evaluation.tier_reached or "",
        "criteria_met": first.criteria_met,
        "criteria_total": first.criteria_total,
        "indicators_met": first.indicators_met,
        "indicators_applicable": first.indicators_applicable,
        "criteria_met_list": [c.number for c in first.criteria if c.status == "met"],
        "facts": facts,
        "result": {
            "place": {
                "scheme": evaluation.place.scheme, "province_code": evaluation.place.province_code,
                "region": evaluation.place.region, "commune_group": evaluation.place.commune_group,
                "flags": sorted(evaluation.place.flags),
            },
            "tier_reached": evaluation.tier_reached,
            "next_tier": evaluation.next_tier,
            "tiers": [
                {"id": t.id, "reached": t.reached, "criteria_met": t.criteria_met, "criteria_total": t.criteria_total,
                 "criteria": {c.number: c.status for c in t.criteria}}
                for t in evaluation.tiers
            ],
        },
    }  # fmt: skip


def snapshots_write(edition: rules.Edition, entries: Sequence[tuple[int, rules.Evaluation, dict]]) -> None:
    """Keep the evaluations of self-assessments — (self-assessment id, its evaluation against `edition`,
    the facts it read) — replacing those they had, computed now (the one clock), and the edition's
    texts the first time they are used, in the caller's transaction. New ones are inserted set-based
    (an import of thousands of communes); existing ones are updated in place."""
    edition_version_record(edition)
    now = clock.now()
    rows = {sa_id: snapshot_fields(evaluation, facts) for sa_id, evaluation, facts in entries}
    existing: set[int] = set()
    for ids in batched(list(rows), IDS_PER_QUERY):
        existing.update(
            EvaluationSnapshot.objects.filter(self_assessment_id__in=ids).values_list("self_assessment_id", flat=True)
        )
    for sa_id in existing:
        EvaluationSnapshot.objects.filter(self_assessment_id=sa_id).update(**rows[sa_id], computed_at=now)
    rows_insert(
        EvaluationSnapshot,
        ["self_assessment", *FIELDS, "computed_at"],
        [
            (sa_id, *(db_value(EvaluationSnapshot, name, fields[name]) for name in FIELDS),
             db_value(EvaluationSnapshot, "computed_at", now))
            for sa_id, fields in rows.items()
            if sa_id not in existing
        ],
    )  # fmt: skip
