"""Writes of NTM data: a commune's values and direct assessments for a date, each save audited,
re-evaluated and snapshotted; recognitions and targets.

Writing values is the act `ntm.values.write` of tamnong.accounts.authority, on the commune, dated the
day the values describe (as an office keeps the records of its territory for that day: a district
office's data of 2024 is its own, its data of 2026 is not — there are no districts then)."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from tamnong import rules
from tamnong.accounts import authority
from tamnong.core.actors import user_of
from tamnong.core.errors import DomainError, NotFoundError, StaleError
from tamnong.core.files import private_storage
from tamnong.core.i18n import Bilingual
from tamnong.criteria.editions import edition_get
from tamnong.criteria.selectors import evaluation_compute
from tamnong.ntm.models import CriterionAssessment, EvaluationSnapshot, IndicatorValue, SelfAssessment
from tamnong.ntm.selectors import PLACE_KEYS, self_assessment_facts, stored_place_value
from tamnong.ntm.snapshots import snapshots_write
from tamnong.places.models import AdminUnit, Level
from tamnong.places.selectors import unit_full_name, unit_get_by_key, unit_on_date_error
from tamnong.rules.validation import check_value, measures


@dataclass(frozen=True)
class AssessmentInput:
    met: bool
    evidence: str
    assessed_by: str = ""


WRITE = "ntm.values.write"


def values_authorize(actor, commune: AdminUnit, on: dt.date) -> authority.Grant:
    """The grant to write the commune's values of the date `on`, or the refusal: not a commune (bad
    input), or NotAuthorised naming the action, the commune and the reason."""
    if commune.level != Level.COMMUNE:
        raise DomainError(_("%(commune)s is not a commune."), {"commune": unit_full_name(commune)}, field="unit")
    if (ended := unit_on_date_error(commune, on)) is not None:  # a unit that had ended: its successors named
        raise ended
    return authority.authorize(actor, WRITE, unit=commune, on=on)


def _checked_values(edition: rules.Edition, values: Mapping[str, Any]) -> dict[str, Any]:
    known = measures(edition)
    checked = {}
    for code, value in values.items():
        indicator = known.get(code)
        if indicator is None:
            raise DomainError(
                _("Indicator “%(code)s” is not in the criteria set %(edition_id)s."),
                {"code": code, "edition_id": edition.id},
                field=code,
            )
        if value is not None:
            problem = check_value(indicator, value)
            if problem:
                raise DomainError(
                    _("Indicator %(code)s: %(problem_reason_en)s (value %(value)s)."),
                    {
                        "code": code,
                        "problem_reason_en": Bilingual(problem.reason_vi, problem.reason_en),
                        "value": value,
                    },
                    field=code,
                )
        checked[code] = value
    return checked


@authority.acts(WRITE)
def self_assessment_save(
    *,
    commune: AdminUnit,
    edition_id: str,
    on: dt.date,
    values: Mapping[str, Any] | None = None,
    assessments: Mapping[str, AssessmentInput | None] | None = None,
    comments: Mapping[str, str] | None = None,
    evidence_files: Mapping[str, Any] | None = None,
    period: str = "quarter",
    expected_version: int | None = None,
    actor,
) -> SelfAssessment:
    """Record a commune's indicator values and direct assessments for a date; a value or an
    assessment given as None is removed. With `expected_version`, a save that someone else made
    in between is refused. The self-assessment is then re-evaluated and its snapshot replaced."""
    grant = values_authorize(actor, commune, on)
    return _self_assessment_store(
        grant=grant, commune=commune, edition_id=edition_id, on=on, values=values, assessments=assessments,
        comments=comments, evidence_files=evidence_files, period=period, expected_version=expected_version,
    )  # fmt: skip


def _self_assessment_store(
    *, grant: authority.Grant, commune: AdminUnit, edition_id: str, on: dt.date, values, assessments, comments,
    evidence_files, period: str, expected_version: int | None,
) -> SelfAssessment:  # fmt: skip
    actor = grant.actor
    edition = edition_get(edition_id)
    checked = _checked_values(edition, values or {})
    sa, created = SelfAssessment.objects.get_or_create(
        commune=commune, edition_id=edition.id, on=on, defaults={"period": period, "updated_by": _user(actor)}
    )
    if not created:
        if expected_version is not None and sa.version != expected_version:
            raise StaleError(
                _(
                    "The data of %(commune_title)s for %(on)s was just updated by %(value)s at %(sa_updated_at)s. "
                    "Reload the page to see it before changing it."
                ),
                {
                    "commune_title": commune.title,
                    "on": format(on, '%d/%m/%Y'),
                    "value": Bilingual(sa.updated_by or 'người khác', sa.updated_by or 'someone else'),
                    "sa_updated_at": format(sa.updated_at, '%H:%M %d/%m/%Y'),
                },
                field="version",
            )
        updated = SelfAssessment.objects.filter(pk=sa.pk, version=sa.version).update(
            version=F("version") + 1, updated_by=_user(actor), period=period
        )
        if not updated:  # another transaction won the race between the read and this update
            raise StaleError(_("The data was just updated by someone else. Reload the page."), field="version")
        sa.refresh_from_db()
    before = None if created else self_assessment_facts(sa)
    if created:  # nothing to compare with: every row is new, written in one insert each (with its history)
        _new_rows_store(sa, checked, assessments or {}, comments or {}, actor)
    else:
        for code, value in checked.items():
            _value_store(sa, code, value, (comments or {}).get(code), actor)
        for key, assessment in (assessments or {}).items():
            _assessment_store(sa, key, assessment, actor)
    stored_files = _evidence_store(sa, evidence_files or {})
    snapshot = evaluation_snapshot_refresh(sa)
    authority.audit(
        grant,
        target=sa,
        before=before,
        after={
            **self_assessment_facts(sa),
            "criteria_met": snapshot.criteria_met,
            "tier_reached": snapshot.tier_reached,
            "evidence_files": stored_files,
        },
    )
    return sa


def _evidence_store(sa: SelfAssessment, files: Mapping[str, Any]) -> dict[str, str]:
    """Keep evidence files, privately and as sent: "3.1" → the indicator value's, "criterion:1" → the
    direct assessment's."""
    stored = {}
    for key, upload in files.items():
        name = private_storage().save(f"evidence/{upload.name}", upload)
        if key.startswith("criterion:"):
            sa.assessments.filter(criterion=key.removeprefix("criterion:")).update(evidence_file=name)
        else:
            sa.values.filter(code=key).update(evidence=name)
        stored[key] = name
    return stored


def _user(actor):
    return user_of(actor) if actor is not None and actor.is_authenticated else None


def _history_save(record, actor) -> None:
    """Save with the actor on its history record (django-simple-history only finds the user of a
    browser request by itself, not of an API call or a command)."""
    record._history_user = _user(actor)
    record.save()


def _history_delete(records, actor) -> None:
    for record in records:
        record._history_user = _user(actor)
        record.delete()


def _value_store(sa: SelfAssessment, code: str, value, comment: str | None, actor) -> None:
    if value is None:
        _history_delete(IndicatorValue.objects.filter(self_assessment=sa, code=code), actor)
        return
    fields = _value_fields(value, comment)
    current = IndicatorValue.objects.filter(self_assessment=sa, code=code).first()
    if current is None:
        _history_save(IndicatorValue(self_assessment=sa, code=code, **fields), actor)
    elif any(getattr(current, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(current, k, v)
        _history_save(current, actor)  # a history row only for a real change


def _value_fields(value, comment: str | None) -> dict[str, Any]:
    fields = (
        {"flag": value, "number": None} if isinstance(value, bool) else {"number": Decimal(str(value)), "flag": None}
    )
    if comment is not None:
        fields["comment"] = comment
    return fields


def _assessment_fields(key: str, assessment: AssessmentInput) -> dict[str, Any]:
    if not assessment.evidence.strip():
        raise DomainError(
            _("Criterion %(key)s: a direct assessment needs its evidence (a document or minutes)."),
            {"key": key},
            field=f"criterion:{key}",
        )
    return {"met": assessment.met, "evidence": assessment.evidence.strip(), "assessed_by": assessment.assessed_by}


def _new_rows_store(sa: SelfAssessment, values, assessments, comments, actor) -> None:
    """The rows of a self-assessment just created, and their history rows, in one insert per table."""
    value_rows = [
        IndicatorValue(self_assessment=sa, code=code, **_value_fields(value, comments.get(code)))
        for code, value in values.items()
        if value is not None
    ]
    assessment_rows = [
        CriterionAssessment(self_assessment=sa, criterion=key, **_assessment_fields(key, assessment))
        for key, assessment in assessments.items()
        if assessment is not None
    ]
    for model, rows in ((IndicatorValue, value_rows), (CriterionAssessment, assessment_rows)):
        if rows:
            bulk_create_with_history(rows, model, default_user=_user(actor))


def _assessment_store(sa: SelfAssessment, key: str, assessment: AssessmentInput | None, actor) -> None:
    if assessment is None:
        _history_delete(CriterionAssessment.objects.filter(self_assessment=sa, criterion=key), actor)
        return
    fields = _assessment_fields(key, assessment)
    current = CriterionAssessment.objects.filter(self_assessment=sa, criterion=key).first()
    if current is None:
        _history_save(CriterionAssessment(self_assessment=sa, criterion=key, **fields), actor)
    elif any(getattr(current, k) != v for k, v in fields.items()):
        for k, v in fields.items():
            setattr(current, k, v)
        _history_save(current, actor)


def evaluation_snapshot_refresh(sa: SelfAssessment) -> EvaluationSnapshot:
    """Evaluate the self-assessment with the rules of its edition as they are now, and keep the result."""
    facts = self_assessment_facts(sa)
    edition = edition_get(sa.edition_id)
    evaluation = evaluation_compute(edition=edition, unit=sa.commune, on=sa.on, facts=facts)
    snapshots_write(edition, [(sa.pk, evaluation, facts)])
    return EvaluationSnapshot.objects.get(self_assessment_id=sa.pk)


def evaluation_re_evaluate(*, commune: AdminUnit, edition_id: str, on: dt.date) -> None:
    """Re-evaluate a commune's self-assessment of an edition on a date with the edition in force (an
    approved criteria version's communes, `tamnong.criteria.communes`)."""
    evaluation_snapshot_refresh(SelfAssessment.objects.get(commune=commune, edition_id=edition_id, on=on))


@authority.acts(WRITE)
def evaluations_place_refresh(*, proposal, self_assessments: list[SelfAssessment], actor) -> list[EvaluationSnapshot]:
    """Re-evaluate stored self-assessments after a group (or region) proposal was approved, with the one
    evaluator (`evaluation_snapshot_refresh`), so that the dashboards show results computed with the
    group now in force on each date. The system acts for the approval: each re-evaluation is an audit
    event of the commune, with the group and the result before and after, and the approved proposal."""
    if not self_assessments:
        raise DomainError(_("No self-assessment to re-evaluate."))
    key = PLACE_KEYS[proposal.attribute]
    out = []
    for sa in self_assessments:
        grant = authority.authorize(actor, WRITE, unit=sa.commune, on=sa.on)
        before = {key: stored_place_value(sa, key)}
        if hasattr(sa, "evaluation"):
            before.update(criteria_met=sa.evaluation.criteria_met, tier_reached=sa.evaluation.tier_reached)
        snapshot = evaluation_snapshot_refresh(sa)
        out.append(snapshot)
        authority.audit(grant, target=sa, before=before, after={
            key: snapshot.result["place"][key], "criteria_met": snapshot.criteria_met,
            "tier_reached": snapshot.tier_reached, "approved_proposal": proposal.pk,
        })  # fmt: skip
    return out


@authority.acts(WRITE)
def self_assessments_save_many(*, edition_id: str, on: dt.date, items, actor) -> list[SelfAssessment]:
    """Save several communes at once, all or nothing: the first refusal (of the data, or of the
    authority over one commune) rolls back every item and names the item it came from."""
    if not items:
        raise DomainError(_("No commune to write."), field="items")
    saved = []
    for index, item, assessments in items:
        try:
            commune = unit_get_by_key(item["unit"])
            grant = values_authorize(actor, commune, on)
            saved.append(
                _self_assessment_store(
                    grant=grant, commune=commune, edition_id=edition_id, on=on, values=item["values"],
                    assessments=assessments, comments=None, evidence_files=None, period="quarter",
                    expected_version=item.get("version"),
                )  # fmt: skip
            )
        except DomainError as exc:
            vi = f"Dòng {index + 1} ({item['unit']}): {exc.message_vi}"
            en = f"Item {index + 1} ({item['unit']}): {exc.message_en}"
            if isinstance(exc, authority.NotAuthorised):
                refusal = authority.NotAuthorised(exc.action, exc.unit, vi, en)
                refusal.field = f"items[{index}].unit"
                raise refusal from None
            cls = DomainError if isinstance(exc, NotFoundError) else type(exc)  # a unit not found is bad input here
            raise cls(
                _("Item %(number)s (%(unit)s): %(message)s"), {"number": index + 1, "unit": item["unit"], "message": exc},
                field=f"items[{index}].{exc.field or 'unit'}",
            ) from None
    return saved
