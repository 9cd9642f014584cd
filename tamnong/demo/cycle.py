"""The demo's NTM cycle of this year for Tỉnh Phú Thọ on the July 2025 list (data/phu-tho-2026.yaml):
the communes' self-assessments against the 2026–2030 set (each criterion assessed directly with its
evidence: the set has no sourced thresholds), one dossier recognised by the province and one awaiting it.

Dated relative to the load day (tamnong.core.clock.today()), so the dashboards of today are filled
whatever the day: the cycle is today's year. When the set, the list or the groups are not in force in
that year up to today, nothing is loaded. Idempotent: a commune that has data of its own in the cycle,
and a commune that has a demo dossier of the set, are left as they are.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from tamnong import rules
from tamnong.core import clock
from tamnong.core.actors import SYSTEM
from tamnong.criteria.editions import edition_get, edition_in_force
from tamnong.ntm.models import SelfAssessment
from tamnong.ntm.services import AssessmentInput, self_assessment_save
from tamnong.places import groups
from tamnong.places.models import AdminUnit, UnitAttribute
from tamnong.recognition.models import Dossier
from tamnong.recognition.services import dossier_condition_record, dossier_create, dossier_transition

DATA = Path(__file__).parent / "data" / "phu-tho-2026.yaml"


def spec_load() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Report:
    """One commune's report of the cycle: its date and the criteria it does not meet."""

    commune: AdminUnit
    group: str
    on: dt.date
    not_met: frozenset[str]


@dataclass(frozen=True)
class Plan:
    year: int
    first: dt.date  # the first day of the cycle on which the set, the list and the groups are in force
    last: dt.date  # the load day, or the last day the set is in force
    edition: rules.Edition
    reports: list[Report]

    def at(self, fraction: float) -> dt.date:
        """The day at this fraction of the span from `first` to `last`."""
        return self.first + dt.timedelta(days=int((self.last - self.first).days * fraction))


def cycle_span(edition: rules.Edition, province: AdminUnit, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days of today's year on which the set and the list are in force, up to today; None if none."""
    first = max(dt.date(today.year, 1, 1), edition.valid_from, province.valid_from)
    last = today
    if edition.superseded_by is not None:
        last = min(last, edition.superseded_by.on - dt.timedelta(days=1))
    if province.valid_to is not None:
        last = min(last, province.valid_to)
    return (first, last) if first <= last else None


def _not_met(rng: random.Random, numbers: list[str], weights: dict[int, int]) -> frozenset[str]:
    count = rng.choices(list(weights), weights=list(weights.values()))[0]
    return frozenset(rng.sample(numbers, count))


def cycle_plan(spec: dict, today: dt.date) -> Plan | None:
    """Which communes report in today's cycle, on which day, missing which criteria; None when the set
    cannot assess the province's communes this year up to today (not in force, replaced, no groups)."""
    province = AdminUnit.objects.get(scheme=spec["province"]["scheme"], code=spec["province"]["code"])
    edition = edition_get(spec["edition"])
    span = cycle_span(edition, province, today)
    if span is None:
        return None
    first, last = span
    try:
        if edition_in_force(last).id != edition.id:
            return None
    except rules.NotInForce:
        return None
    # the communes that have a group in force on the first day (the set assesses a commune by its group)
    rows = [r for r in groups.commune_rows(province, UnitAttribute.COMMUNE_GROUP, first) if r.applicable and r.current]
    plan = Plan(today.year, first, last, edition, [])
    numbers = [c.number for c in edition.tiers[0].criteria]
    dossiers = {d["commune"]: d for d in spec["dossiers"]}
    for row in rows:
        code = row.unit.code
        rng = random.Random(f"{spec['seed']}:{code}")
        reports = rng.random() < spec["share_reported"]
        if code in spec["not_reported"] or not (reports or code in dossiers):
            continue
        group = row.current.value
        if code in dossiers:
            on, not_met = plan.at(dossiers[code]["self_assessment_at"]), frozenset()
        else:
            on = plan.at(rng.random())
            not_met = _not_met(rng, numbers, spec["not_met_weights"][group])
        plan.reports.append(Report(row.unit, group, on, not_met))
    return plan


def _reports_load(spec: dict, plan: Plan) -> int:
    done = set(
        SelfAssessment.objects.filter(
            commune__in=[r.commune for r in plan.reports], edition_id=plan.edition.id, on__year=plan.year
        ).values_list("commune_id", flat=True)
    )
    users = get_user_model().objects
    officers = {d["commune"]: users.get(username=d["by"]) for d in spec["dossiers"]}
    written = 0
    for report in plan.reports:
        if report.commune.pk in done:
            continue
        day = report.on.strftime("%d/%m/%Y")
        assessments = {
            number: AssessmentInput(
                met=number not in report.not_met,
                evidence=spec["evidence"].format(n=number, d=day),
                assessed_by=spec["assessed_by"],
            )
            for number in (c.number for c in plan.edition.tiers[0].criteria)
        }
        self_assessment_save(
            commune=report.commune, edition_id=plan.edition.id, on=report.on, period="year",
            assessments=assessments, actor=officers.get(report.commune.code, SYSTEM),
        )  # fmt: skip
        written += 1
    return written


def _dossiers_load(spec: dict, plan: Plan) -> int:
    users = get_user_model().objects
    province = spec["province"]
    created = 0
    for d in spec["dossiers"]:
        commune = AdminUnit.objects.get(scheme=province["scheme"], code=d["commune"])
        if Dossier.objects.filter(
            commune=commune, tier=spec["tier"], edition_id=plan.edition.id, is_demo=True
        ).exists():
            continue
        officer = users.get(username=d["by"])
        on = plan.at(d["submit_at"])
        day = on.strftime("%d/%m/%Y")
        dossier = dossier_create(commune=commune, tier=spec["tier"], on=on, actor=officer, is_demo=True)
        for key, evidence in d["conditions"].items():
            dossier = dossier_condition_record(
                dossier=dossier, key=key, met=True, evidence=evidence.format(d=day), actor=officer, on=on,
                expected_version=None,
            )  # fmt: skip
        dossier = dossier_transition(dossier=dossier, action="submit", actor=officer, on=on, expected_version=None)
        if "appraise_at" in d:
            reviewer = users.get(username=d["province"])
            dossier = dossier_transition(
                dossier=dossier, action="appraise", actor=reviewer, on=plan.at(d["appraise_at"]),
                expected_version=None,
            )  # fmt: skip
            decided = plan.at(d["recognise_at"])
            dossier_transition(
                dossier=dossier, action="recognise", actor=reviewer, on=decided, expected_version=None,
                decision_number=d["decision"].format(year=decided.year), decision_date=decided,
            )  # fmt: skip
        created += 1
    return created


@transaction.atomic
def cycle_demo_load(today: dt.date | None = None) -> tuple[int, int]:
    """Load this year's demo cycle of Phú Thọ; returns (self-assessments written, dossiers created)."""
    spec = spec_load()
    plan = cycle_plan(spec, today or clock.today())
    if plan is None:
        return 0, 0
    return _reports_load(spec, plan), _dossiers_load(spec, plan)
