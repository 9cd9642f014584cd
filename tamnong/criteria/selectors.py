"""Evaluations of a commune against an edition in force: its facts, or none (the thresholds that apply)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from tamnong import rules
from tamnong.core.errors import DomainError, NotFoundError
from tamnong.criteria.editions import edition_get
from tamnong.places.models import AdminUnit, Level
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
