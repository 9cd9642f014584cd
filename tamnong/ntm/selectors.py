"""Reads of criteria editions, and evaluations of a commune against an edition."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tamnong import rules
from tamnong.accounts.selectors import actor_scope
from tamnong.core.errors import DomainError, NotFoundError
from tamnong.ntm.editions import edition_get, edition_in_force, edition_version_load
from tamnong.ntm.models import CriterionAssessment, IndicatorValue, SelfAssessment
from tamnong.ntm.rollups import rural_communes
from tamnong.places.models import AdminUnit, Level, UnitAttribute
from tamnong.places.selectors import unit_full_name, unit_place

# Which input a rules error is about, for messages that name the field.
_FIELD_OF_ERROR = {
    rules.NotInForce: "on",
    rules.PlaceIncomplete: "unit",
    rules.PlaceInvalid: "unit",
    rules.FactsError: "facts",
    rules.UnknownEdition: "edition",
}


def _domain_error(exc: rules.RulesError) -> DomainError:
    cls = NotFoundError if isinstance(exc, rules.UnknownEdition) else DomainError
    return cls.of(exc, field=_FIELD_OF_ERROR.get(type(exc)))


def evaluation_compute(
    *, edition: rules.Edition, unit: AdminUnit, on: dt.date, facts: Mapping[str, Any] | rules.Facts
) -> rules.Evaluation:
    """Evaluate a commune's facts against an edition (from `edition_get`) on a date, with the
    commune's region, commune group, flags and province."""
    if unit.level != Level.COMMUNE:
        raise DomainError(
            _("%(unit)s is not a commune-level unit: the commune criteria evaluate communes only."),
            {"unit": unit_full_name(unit)},
            field="unit",
        )
    try:
        if not isinstance(facts, rules.Facts):
            facts = rules.Facts.from_mapping(facts)
        return rules.evaluate(edition, facts, on=on, place=unit_place(unit, on=on))
    except rules.RulesError as exc:
        raise _domain_error(exc) from None


def thresholds_for_unit(*, edition_id: str, unit: AdminUnit, on: dt.date) -> rules.Evaluation:
    """The thresholds that apply to a commune on a date: an evaluation with no facts, whose
    indicator results carry the threshold, comparator, effective date and reference used."""
    return evaluation_compute(edition=edition_get(edition_id), unit=unit, on=on, facts=rules.Facts())


# The place's key an evaluation snapshot keeps for each attribute an office assigns (tamnong.places.groups).
PLACE_KEYS = {UnitAttribute.COMMUNE_GROUP: "commune_group", UnitAttribute.REGION: "region"}


def stored_place_value(sa: SelfAssessment, key: str) -> str | None:
    """The commune group (or region) the stored evaluation of a self-assessment was computed with."""
    snapshot = sa.evaluation if hasattr(sa, "evaluation") else None  # no snapshot stored: None
    return ((snapshot.result or {}).get("place") or {}).get(key) if snapshot is not None else None


def self_assessments_evaluated_otherwise(proposal) -> list[SelfAssessment]:
    """The stored self-assessments of an approved proposal's communes, dated on or after each row's date,
    whose evaluation was computed with another group (or region) than the one now in force on their date
    (or has no evaluation stored): those to re-evaluate. An assessment that needs a group could not be
    saved without one, so for the 2026–2030 set these are the ones saved with a previous group."""
    key = PLACE_KEYS.get(proposal.attribute)
    if key is None:
        return []
    out: list[SelfAssessment] = []
    seen: set[int] = set()
    for row in proposal.rows.select_related("unit__parent__parent").order_by("unit_id", "effective_from"):
        for sa in (
            SelfAssessment.objects.filter(commune=row.unit, on__gte=row.effective_from)
            .select_related("evaluation").order_by("on", "pk")
        ):  # fmt: skip
            if sa.pk in seen:
                continue
            seen.add(sa.pk)
            sa.commune = row.unit
            now = getattr(unit_place(row.unit, on=sa.on), key)
            if not hasattr(sa, "evaluation") or stored_place_value(sa, key) != now:
                out.append(sa)
    return out


def self_assessment_facts(sa) -> dict[str, Any]:
    """The facts of a self-assessment as the engine reads them (and as the snapshot keeps them)."""
    return {
        "values": {v.code: v.value for v in sa.values.all()},
        "assessments": {
            a.criterion: {"met": a.met, "evidence": a.evidence, "by": a.assessed_by or None}
            for a in sa.assessments.all()
        },
    }


def self_assessment_list(*, actor, unit, on: dt.date, edition_id: str | None = None):
    """The latest self-assessment on or before the date of each commune of the unit that the actor may read."""
    edition = edition_get(edition_id) if edition_id else edition_in_force(on)
    communes = actor_scope(actor).filter(rural_communes(unit))
    rows = (
        SelfAssessment.objects.filter(commune__in=communes, edition_id=edition.id, on__lte=on)
        .select_related("commune__parent__parent", "evaluation", "updated_by")
        .prefetch_related("values", "assessments")
        .order_by("commune__code", "-on")
    )
    latest = {}
    for sa in rows:
        latest.setdefault(sa.commune_id, sa)
    return list(latest.values())


def snapshot_evaluation(snapshot) -> rules.Evaluation | None:
    """The full, explained evaluation of a snapshot, rebuilt from its facts and place with the rules it was
    made with (the files of today if unchanged, else the version kept); None if those rules are lost."""
    sa = snapshot.self_assessment
    edition = edition_get(sa.edition_id)
    if edition.content_hash != snapshot.content_hash:
        edition = edition_version_load(snapshot.content_hash)
        if edition is None:
            return None
    place = snapshot.result["place"]
    evaluation = rules.evaluate(
        edition, rules.Facts.from_mapping(snapshot.facts), on=sa.on,
        place=rules.Place(scheme=place["scheme"], province_code=place["province_code"], region=place["region"],
                          commune_group=place["commune_group"], flags=frozenset(place["flags"])),
    )  # fmt: skip
    return evaluation


def commune_changes(commune: AdminUnit, *, lang: str = "vi", limit: int = 30) -> list[dict[str, Any]]:
    """The latest changes of a commune's values and direct assessments: who, when, what, old → new,
    and the change told as a sentence (tamnong.accounts.history)."""
    from tamnong.accounts import history as words
    from tamnong.ntm.editions import edition_get

    vi = lang == "vi"

    def value_text(record) -> str:
        if record is None:
            return "—"
        if isinstance(record, CriterionAssessment.history.model):
            return ("đạt" if record.met else "chưa đạt") if vi else ("met" if record.met else "not met")
        if record.flag is not None:
            return ("có" if record.flag else "không") if vi else ("yes" if record.flag else "no")
        return rules.format_number(record.number.normalize(), lang) if record.number is not None else "—"

    names: dict[str, dict[str, str]] = {}

    def indicator_label(h) -> str:
        edition_id = h.self_assessment.edition_id
        if edition_id not in names:
            try:
                edition = edition_get(edition_id)
                names[edition_id] = {i.code: (i.name_vi if vi else i.name_en)
                                     for t in edition.tiers for c in t.criteria for i in c.indicators}  # fmt: skip
            except Exception:  # an edition no longer shipped: its official numbering only
                names[edition_id] = {}
        number, name = words.official_number(h.code), names[edition_id].get(h.code, "")
        word = "Chỉ tiêu" if vi else "Indicator"
        return " ".join(p for p in (word, number, f"({name})" if number and name else name) if p)

    rows = []
    for history, label in (
        (IndicatorValue.history, indicator_label),
        (CriterionAssessment.history, lambda h: f"{'Tiêu chí' if vi else 'Criterion'} {h.criterion}"),
    ):
        for h in (
            history.filter(self_assessment__commune=commune)
            .select_related("history_user", "self_assessment")
            .prefetch_related("history_user__roles__unit")
            .order_by("-history_date")[:limit]
        ):
            removed = h.history_type == "-"
            old = value_text(h if removed else h.prev_record)
            new = "—" if removed else value_text(h)
            what = label(h)
            of = f"{'của số liệu ngày' if vi else 'of the data as of'} {h.self_assessment.on:%d/%m/%Y}"
            if removed:
                phrase = f"{'xóa' if vi else 'removed'} {words.lower_first(what)} {of}"
                detail = ""
            elif old == "—":
                phrase, detail = f"{'ghi' if vi else 'recorded'} {words.lower_first(what)} {of}", new
            else:
                phrase = f"{'sửa' if vi else 'changed'} {words.lower_first(what)} {of}"
                detail = f"từ «{old}» thành «{new}»" if vi else f"from “{old}” to “{new}”"
            rows.append({
                "at": h.history_date, "who": h.history_user, "on": h.self_assessment.on, "what": what,
                "old": old, "new": new,
                "text": words.sentence(h.history_date, words.actor_text(h.history_user, lang), phrase, lang, detail),
            })  # fmt: skip
    return sorted(rows, key=lambda row: row["at"], reverse=True)[:limit]


# --- what a commune or an office has to do (the home pages, tamnong.ntm.navigation) ----------------------


@dataclass(frozen=True)
class CommuneWork:
    """A commune's self-assessment for the home page: the latest one, whether it is of this year, the
    criteria of its first tier met, and what is missing."""

    commune: AdminUnit
    latest: SelfAssessment | None
    this_year: bool
    criteria_met: int | None
    criteria_total: int | None
    incomplete: tuple[str, ...]  # criteria of the first tier that cannot be assessed (data missing)
    without_file: tuple[str, ...]  # criteria assessed directly with no evidence file attached


def commune_work(*, commune: AdminUnit, on: dt.date) -> CommuneWork:
    latest = (
        SelfAssessment.objects.filter(commune=commune, on__lte=on)
        .select_related("evaluation").prefetch_related("assessments").order_by("-on", "-pk").first()
    )  # fmt: skip
    if latest is None:
        return CommuneWork(commune, None, False, None, None, (), ())
    snapshot = getattr(latest, "evaluation", None)
    met = total = None
    incomplete: tuple[str, ...] = ()
    if snapshot is not None:
        met, total = snapshot.criteria_met, snapshot.criteria_total
        tiers = (snapshot.result or {}).get("tiers") or []
        if tiers:
            statuses = tiers[0].get("criteria", {})
            incomplete = tuple(n for n, status in statuses.items() if status not in ("met", "not_met", "not_applicable"))
    without_file = tuple(a.criterion for a in latest.assessments.all() if not a.evidence_file)
    return CommuneWork(commune, latest, latest.on.year == on.year, met, total, incomplete, without_file)


def communes_not_reported(*, unit: AdminUnit, year: int, on: dt.date) -> tuple[int, list[AdminUnit]]:
    """The rural communes inside a unit, and those of them with no self-assessment dated in `year` up to `on`."""
    communes = rural_communes(unit)
    reported = SelfAssessment.objects.filter(commune__in=communes, on__year=year, on__lte=on).values("commune_id")
    missing = communes.exclude(pk__in=reported).order_by("name_folded")
    return communes.count(), list(missing)
