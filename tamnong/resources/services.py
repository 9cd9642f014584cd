"""Writes of resources and works: works with their budget by source, disbursements and photos, capital
mobilised, certified areas, cooperatives and farms. Each write is one act of
tamnong.accounts.authority (`resources.*`): the unit acted on is the record's commune (or the
contribution's unit), and the date the one the record speaks of — a work's start (or 1 January of its
plan year), a disbursement's day, a contribution's first day — as an office keeps the records of its
territory for that day. Each act is audited with the unit and before → after; every refusal is a
DomainError in Vietnamese naming its field, and nothing is half-saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.core.actors import user_of
from tamnong.core.errors import DomainError
from tamnong.core.i18n import Bilingual
from tamnong.core.photos import photo_clean
from tamnong.core.text import fold_name
from tamnong.ocop.models import Producer, ProducerKind
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level, Village
from tamnong.places.schemes import scheme_info, scheme_on
from tamnong.places.selectors import unit_full_name
from tamnong.resources.models import (
    CertifiedArea,
    Contribution,
    Disbursement,
    Establishment,
    EstablishmentKind,
    Source,
    Standard,
    Work,
    WorkFunding,
    WorkPhoto,
)
from tamnong.resources.reference import WorkType, work_types
from tamnong.resources.workflow import dates_check
from tamnong.rules.money import AmountError, format_vnd_exact, parse_vnd
from tamnong.rules.validation import parse_decimal


def work_date(work_or_values) -> dt.date:
    """The day a work's record speaks of: its start, else 1 January of its plan year."""
    get = work_or_values.get if isinstance(work_or_values, dict) else lambda k: getattr(work_or_values, k)
    return get("started_on") or dt.date(int(get("plan_year")), 1, 1)


def amount_clean(value: Any, field: str) -> int:
    """A whole, non-negative amount of VND (typed "1.500.000", "1,5 tỷ", or a number)."""
    try:
        return parse_vnd(value)
    except AmountError as exc:
        vi, en = (text[:1].upper() + text[1:] + "." for text in (exc.reason_vi, exc.reason_en))
        raise DomainError(Bilingual(vi, en), field=field) from None


def _count_clean(value: Any, field: str, label_vi: str, label_en: str) -> int:
    try:
        number = int(str(value).strip() or 0) if not isinstance(value, int) else value
    except ValueError:
        raise DomainError(
            _("%(label_en)s “%(value)s” is not a whole number."),
            {"label_en": Bilingual(label_vi, label_en), "value": value},
            field=field,
        ) from None  # fmt: skip
    if number < 0:
        raise DomainError(
            _("%(label_en)s may not be negative."),
            {"label_en": Bilingual(label_vi, label_en)},
            field=field,
        )
    return number


def type_clean(code: str) -> WorkType:
    kind = work_types().get((code or "").strip())
    if kind is None:
        names = ", ".join(f"{t.code} ({t.name_vi})" for t in work_types().values())
        raise DomainError(
            _("No kind of works “%(code)s”. The kinds: %(work_types)s."),
            {"code": code, "work_types": Bilingual(names, ', '.join(work_types()))},
            field="type",
        )
    return kind


def _commune_clean(commune: AdminUnit | None, field: str = "commune") -> AdminUnit:
    if commune is None or commune.level != Level.COMMUNE:
        raise DomainError(_("A work belongs to a commune-level unit: choose the commune."), field=field)
    return commune


def _list_in_force(unit: AdminUnit, on: dt.date, field: str) -> None:
    """The unit is on the list in force on the date its record speaks of (a 2024 work is on the 2020
    list); an old unit is refused with the units that continue it."""
    in_force = scheme_on(on)
    if in_force is None or in_force.scheme == unit.scheme:
        return
    successors = ", ".join(u.title for u in territory.successors_on(unit, in_force.scheme))
    params = {"unit": Bilingual(unit_full_name(unit), unit.title), "scheme": unit.scheme, "on": f"{on:%d/%m/%Y}",
              "in_force": in_force.scheme, "successors": successors}  # fmt: skip
    if successors:
        message = _("%(unit)s is on the %(scheme)s list; on %(on)s the %(in_force)s list applies (now: %(successors)s).")
    else:
        message = _("%(unit)s is on the %(scheme)s list; on %(on)s the %(in_force)s list applies.")
    raise DomainError(message, params, field=field)


def quantity_clean(value: Any) -> Decimal:
    """A quantity typed the Vietnamese way ("1,35", "4.500") or the English way ("1.35"), read by
    `tamnong.rules.validation.parse_decimal`: more than 0, at most 3 decimals."""
    try:
        quantity = parse_decimal(value) if value is not None and str(value).strip() else None
    except ValueError:
        quantity = None
    if quantity is None:
        raise DomainError(_("The quantity “%(value)s” is not a number."), {"value": value}, field="quantity")
    if quantity <= 0:
        raise DomainError(_("The quantity must be more than 0."), field="quantity")
    if quantity != quantity.quantize(Decimal("0.001")) or quantity >= 10**9:
        raise DomainError(_("At most 3 decimals, under a billion."), field="quantity")
    return quantity


def _year_clean(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise DomainError(_("The plan year “%(value)s” is not valid."), {"value": value}, field="plan_year")
    return year


def funding_clean(funding: dict[str, Any] | None) -> dict[str, int]:
    """The budget of a work by source: known sources, whole non-negative amounts; zeros left out."""
    out = {}
    for source, value in (funding or {}).items():
        if source not in Source.values:
            raise DomainError(_("No funding source “%(source)s”."), {"source": source}, field="funding")
        if value in (None, ""):
            continue
        amount = amount_clean(value, f"funding.{source}")
        if amount:
            out[source] = amount
    return out


WORK_FIELDS = ("name", "type", "commune", "village", "quantity", "plan_year", "status", "started_on", "planned_end_on",
               "completed_on", "investor", "note")  # fmt: skip


def _snapshot(work: Work) -> dict:
    return {
        "name": work.name, "type": work.type, "commune": work.commune.key, "village": work.village_id,
        "quantity": str(work.quantity), "plan_year": work.plan_year, "status": work.status,
        "started_on": work.started_on.isoformat() if work.started_on else None,
        "planned_end_on": work.planned_end_on.isoformat() if work.planned_end_on else None,
        "completed_on": work.completed_on.isoformat() if work.completed_on else None,
        "funding": {f.source: f.amount_vnd for f in work.funding.all()},
    }  # fmt: skip


def work_check(*, values: dict[str, Any], funding: dict[str, Any] | None, disbursed_vnd: int = 0) -> dict:
    """Every check of a work's values, in the order of the form; returns the cleaned values and funding.
    Used by the services and by the import (which names the row and the column of a refusal)."""
    name = (values.get("name") or "").strip()
    if not name:
        raise DomainError(_("The work needs a name."), field="name")
    if len(name) > 300:
        raise DomainError(_("At most 300 characters."), field="name")
    kind = type_clean(values.get("type", ""))
    commune = _commune_clean(values.get("commune"))
    village = values.get("village")
    if village is not None and village.commune_id != commune.pk:
        raise DomainError(
            _("%(village)s is not in %(commune_title)s."),
            {"village": village, "commune_title": commune.title},
            field="village",
        )
    quantity = quantity_clean(values.get("quantity"))
    plan_year = _year_clean(values.get("plan_year"))
    status = values.get("status") or ""
    started_on, planned_end_on, completed_on = (values.get(k) for k in ("started_on", "planned_end_on", "completed_on"))
    problem = dates_check(status=status, plan_year=plan_year, started_on=started_on, planned_end_on=planned_end_on,
                          completed_on=completed_on)  # fmt: skip
    if problem is not None:
        raise DomainError.of(problem, field=problem.field)
    _list_in_force(commune, started_on or dt.date(plan_year, 1, 1), "commune")
    cleaned_funding = funding_clean(funding)
    budget = sum(cleaned_funding.values())
    if disbursed_vnd > budget:
        raise DomainError(
            _("The budget %(format_vnd_exact)s is less than the %(format_vnd_exact2)s already disbursed."),
            {
                "format_vnd_exact": Bilingual(format_vnd_exact(budget), format_vnd_exact(budget, 'en')),
                "format_vnd_exact2": Bilingual(format_vnd_exact(disbursed_vnd), format_vnd_exact(disbursed_vnd, 'en')),
            },
            field="funding",
        )
    return {
        "values": {"name": name, "type": kind.code, "commune": commune, "village": village, "quantity": quantity,
                   "plan_year": plan_year, "status": status, "started_on": started_on, "planned_end_on": planned_end_on,
                   "completed_on": completed_on, "investor": (values.get("investor") or "").strip()[:200],
                   "note": (values.get("note") or "").strip()},
        "funding": cleaned_funding,
    }  # fmt: skip


@authority.acts("resources.work.create")
def work_create(*, actor, funding: dict[str, Any] | None = None, is_demo: bool = False, **values: Any) -> Work:
    """A new work in a commune, with its budget by source."""
    unknown = set(values) - set(WORK_FIELDS)
    if unknown:
        raise DomainError(
            _("No field %(unknown)s."),
            {"unknown": ', '.join(sorted(unknown))},
            field=sorted(unknown)[0],
        )  # fmt: skip
    checked = work_check(values=values, funding=funding)
    grant = authority.authorize(
        actor, "resources.work.create", unit=checked["values"]["commune"], on=work_date(checked["values"])
    )
    work = Work.objects.create(**checked["values"], created_by=_user(actor), is_demo=is_demo)
    WorkFunding.objects.bulk_create(
        WorkFunding(work=work, source=s, amount_vnd=a) for s, a in checked["funding"].items()
    )
    authority.audit(grant, target=work, after=_snapshot(work))
    return work


@authority.acts("resources.work.update")
def work_update(*, actor, work: Work, funding: dict[str, Any] | None = None, **changes: Any) -> Work:
    """Change a work's values (those given) and, if given, its whole budget by source. The actor must
    write for the commune before and after (moving a work to a commune outside the scope is refused)."""
    unknown = set(changes) - set(WORK_FIELDS)
    if unknown:
        raise DomainError(
            _("No field %(unknown)s."),
            {"unknown": ', '.join(sorted(unknown))},
            field=sorted(unknown)[0],
        )  # fmt: skip
    grant = authority.authorize(actor, "resources.work.update", unit=work.commune, on=work_date(work))
    before = _snapshot(work)
    values = {k: getattr(work, k) for k in WORK_FIELDS} | changes
    if "commune" in changes and "village" not in changes and work.village_id and changes["commune"] != work.commune:
        values["village"] = None
    current_funding = {f.source: f.amount_vnd for f in work.funding.all()}
    disbursed = work.disbursements.aggregate(t=Sum("amount_vnd"))["t"] or 0
    checked = work_check(values=values, funding=current_funding if funding is None else funding,
                         disbursed_vnd=disbursed)  # fmt: skip
    # The work as changed (another commune, another date) must be the actor's to write as well.
    authority.authorize(actor, "resources.work.update", unit=checked["values"]["commune"],
                        on=work_date(checked["values"]))  # fmt: skip
    for key, value in checked["values"].items():
        setattr(work, key, value)
    work.save()
    if funding is not None:
        work.funding.all().delete()
        WorkFunding.objects.bulk_create(
            WorkFunding(work=work, source=s, amount_vnd=a) for s, a in checked["funding"].items()
        )
    authority.audit(grant, target=work, before=before, after=_snapshot(work))
    return work


@authority.acts("resources.work.delete")
def work_delete(*, actor, work: Work) -> None:
    grant = authority.authorize(actor, "resources.work.delete", unit=work.commune, on=work_date(work))
    authority.audit(grant, target=work, before=_snapshot(work))
    Contribution.objects.filter(work=work).update(work=None)
    work.delete()


@authority.acts("resources.disbursement.record")
def disbursement_record(*, actor, work: Work, on: dt.date | None, amount_vnd: Any, note: str = "") -> Disbursement:
    """An amount paid out for a work on a date; what is disbursed never exceeds the work's budget."""
    if on is None:
        raise DomainError(_("The date of the disbursement is needed."), field="on")
    grant = authority.authorize(actor, "resources.disbursement.record", unit=work.commune, on=on)
    amount = amount_clean(amount_vnd, "amount_vnd")
    if amount == 0:
        raise DomainError(_("The amount must be more than 0."), field="amount_vnd")
    if work.started_on is None:
        raise DomainError(_("The work has not started: record its start date before a disbursement."), field="on")
    Work.objects.select_for_update().filter(pk=work.pk).first()  # one disbursement of a work at a time
    budget = work.funding.aggregate(t=Sum("amount_vnd"))["t"] or 0
    disbursed = work.disbursements.aggregate(t=Sum("amount_vnd"))["t"] or 0
    if disbursed + amount > budget:
        raise DomainError(
            _(
                "Disbursing %(format_vnd_exact)s more would bring the total to %(format_vnd_exact2)s, over the "
                "work's budget of %(format_vnd_exact3)s."
            ),
            {
                "format_vnd_exact": Bilingual(format_vnd_exact(amount), format_vnd_exact(amount, 'en')),
                "format_vnd_exact2": Bilingual(format_vnd_exact(disbursed + amount), format_vnd_exact(disbursed + amount, 'en')),
                "format_vnd_exact3": Bilingual(format_vnd_exact(budget), format_vnd_exact(budget, 'en')),
            },
            field="amount_vnd",
        )
    row = Disbursement.objects.create(work=work, on=on, amount_vnd=amount, note=(note or "").strip()[:300],
                                      recorded_by=_user(actor))  # fmt: skip
    authority.audit(grant, target=work, before={"disbursed_vnd": disbursed},
                    after={"on": on.isoformat(), "amount_vnd": amount, "disbursed_vnd": disbursed + amount})  # fmt: skip
    return row


@authority.acts("resources.disbursement.delete")
def disbursement_delete(*, actor, disbursement: Disbursement) -> None:
    grant = authority.authorize(
        actor, "resources.disbursement.delete", unit=disbursement.work.commune, on=disbursement.on
    )
    authority.audit(grant, target=disbursement.work, after=None,
                    before={"on": disbursement.on.isoformat(), "amount_vnd": disbursement.amount_vnd})  # fmt: skip
    disbursement.delete()


@authority.acts("resources.photo.add")
def work_photo_add(*, actor, work: Work, photo, caption: str = "", taken_on: dt.date | None = None) -> WorkPhoto:
    grant = authority.authorize(actor, "resources.photo.add", unit=work.commune, on=taken_on or work_date(work))
    photo_clean(photo)
    row = WorkPhoto.objects.create(work=work, image=photo, caption=(caption or "").strip()[:200], taken_on=taken_on,
                                   added_by=_user(actor))  # fmt: skip
    authority.audit(grant, target=work, after={"photo": row.image.name, "caption": row.caption})
    return row


@authority.acts("resources.photo.delete")
def work_photo_delete(*, actor, photo: WorkPhoto) -> None:
    grant = authority.authorize(
        actor, "resources.photo.delete", unit=photo.work.commune, on=photo.taken_on or work_date(photo.work)
    )
    authority.audit(grant, target=photo.work, before={"photo": photo.image.name})
    photo.image.delete(save=False)
    photo.delete()


CONTRIBUTION_FIELDS = ("unit", "starts_on", "ends_on", "source", "amount_vnd", "in_kind_vnd", "land_m2", "working_days",
                       "work", "note")  # fmt: skip


def _contribution_snapshot(c: Contribution) -> dict:
    return {
        "unit": c.unit.key, "starts_on": c.starts_on.isoformat(), "ends_on": c.ends_on.isoformat(), "source": c.source,
        "amount_vnd": c.amount_vnd, "in_kind_vnd": c.in_kind_vnd, "land_m2": c.land_m2, "working_days": c.working_days,
        "work": c.work_id,
    }  # fmt: skip


def contribution_check(*, values: dict[str, Any]) -> dict[str, Any]:
    unit = values.get("unit")
    if unit is None:
        raise DomainError(_("The unit is needed."), field="unit")
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None:
        raise DomainError(_("The start date is needed."), field="starts_on")
    if ends_on is None:
        raise DomainError(_("The end date is needed."), field="ends_on")
    if ends_on < starts_on:
        raise DomainError(
            _("The end %(ends_on)s is before the start %(starts_on)s."),
            {"ends_on": format(ends_on, '%d/%m/%Y'), "starts_on": format(starts_on, '%d/%m/%Y')},
            field="ends_on",
        )
    info = scheme_info(unit.scheme)
    for day in (starts_on, ends_on):
        if not info.covers(day):
            _list_in_force(unit, day, "unit")
    source = values.get("source") or ""
    if source not in Source.values:
        raise DomainError(_("No funding source “%(source)s”."), {"source": source}, field="source")
    amount = amount_clean(values.get("amount_vnd") or 0, "amount_vnd")
    in_kind = amount_clean(values.get("in_kind_vnd") or 0, "in_kind_vnd")
    land = _count_clean(values.get("land_m2") or 0, "land_m2", "Diện tích đất hiến", "The land donated")
    days = _count_clean(values.get("working_days") or 0, "working_days", "Số ngày công", "The working days")
    if source != Source.COMMUNITY:
        for name, value in (("in_kind_vnd", in_kind), ("land_m2", land), ("working_days", days)):
            if value:
                raise DomainError(
                    _("In-kind value, land and working days are recorded for community contributions only."),
                    field=name,
                )
    if not (amount or in_kind or land or days):
        raise DomainError(_("An amount (or in kind, land, days) is needed."), field="amount_vnd")  # fmt: skip
    work = values.get("work")
    if work is not None and not territory.lies_in(work.commune_id, unit):
        raise DomainError(
            _("The work “%(work_name)s” is not in %(unit_title)s."),
            {"work_name": work.name, "unit_title": unit.title},
            field="work",
        )  # fmt: skip
    return {"unit": unit, "starts_on": starts_on, "ends_on": ends_on, "source": source, "amount_vnd": amount,
            "in_kind_vnd": in_kind, "land_m2": land, "working_days": days, "work": work,
            "note": (values.get("note") or "").strip()[:300]}  # fmt: skip


@authority.acts("resources.contribution.create")
def contribution_create(*, actor, is_demo: bool = False, **values: Any) -> Contribution:
    """Capital mobilised in a unit from one source over a span of dates."""
    unknown = set(values) - set(CONTRIBUTION_FIELDS)
    if unknown:
        raise DomainError(
            _("No field %(unknown)s."),
            {"unknown": ', '.join(sorted(unknown))},
            field=sorted(unknown)[0],
        )  # fmt: skip
    checked = contribution_check(values=values)
    grant = authority.authorize(actor, "resources.contribution.create", unit=checked["unit"], on=checked["starts_on"])
    contribution = Contribution.objects.create(**checked, created_by=_user(actor), is_demo=is_demo)
    authority.audit(grant, target=contribution, after=_contribution_snapshot(contribution))
    return contribution


@authority.acts("resources.contribution.update")
def contribution_update(*, actor, contribution: Contribution, **changes: Any) -> Contribution:
    unknown = set(changes) - set(CONTRIBUTION_FIELDS)
    if unknown:
        raise DomainError(
            _("No field %(unknown)s."),
            {"unknown": ', '.join(sorted(unknown))},
            field=sorted(unknown)[0],
        )  # fmt: skip
    grant = authority.authorize(
        actor, "resources.contribution.update", unit=contribution.unit, on=contribution.starts_on
    )
    before = _contribution_snapshot(contribution)
    checked = contribution_check(values={k: getattr(contribution, k) for k in CONTRIBUTION_FIELDS} | changes)
    authority.authorize(actor, "resources.contribution.update", unit=checked["unit"], on=checked["starts_on"])
    for key, value in checked.items():
        setattr(contribution, key, value)
    contribution.save()
    authority.audit(grant, target=contribution, before=before, after=_contribution_snapshot(contribution))
    return contribution


@authority.acts("resources.contribution.delete")
def contribution_delete(*, actor, contribution: Contribution) -> None:
    grant = authority.authorize(
        actor, "resources.contribution.delete", unit=contribution.unit, on=contribution.starts_on
    )
    authority.audit(grant, target=contribution, before=_contribution_snapshot(contribution))
    contribution.delete()


@authority.acts("resources.area.record")
def certified_area_record(
    *, actor, commune: AdminUnit, year: int, standard: str, area_ha: Any, crops: str = "", is_demo: bool = False
) -> CertifiedArea:
    commune = _commune_clean(commune)
    year = _year_clean(year)
    if standard not in Standard.values:
        raise DomainError(_("No standard “%(standard)s”."), {"standard": standard}, field="standard")
    try:
        area = parse_decimal(area_ha)
    except ValueError:
        area = Decimal(-1)
    if area <= 0:
        raise DomainError(_("The area “%(area_ha)s” must be more than 0."), {"area_ha": area_ha}, field="area_ha")  # fmt: skip
    grant = authority.authorize(actor, "resources.area.record", unit=commune, on=dt.date(year, 1, 1))
    row = CertifiedArea.objects.create(commune=commune, year=year, standard=standard, area_ha=area,
                                       crops=(crops or "").strip()[:200], is_demo=is_demo)  # fmt: skip
    authority.audit(grant, target=row, after={"year": year, "standard": standard, "area_ha": str(area)})
    return row


@authority.acts("resources.establishment.create")
def establishment_create(
    *, actor, kind: str, name: str, commune: AdminUnit, producer: Producer | None = None, agricultural: bool = True,
    established_on: dt.date | None = None, closed_on: dt.date | None = None, is_demo: bool = False,
) -> Establishment:  # fmt: skip
    """A cooperative or a farm; `producer` links it to its OCOP producer record when it is the same
    entity (a cooperative's producer is of the cooperative kind, in the same place)."""
    if kind not in EstablishmentKind.values:
        raise DomainError(_("No kind “%(kind)s”."), {"kind": kind}, field="kind")
    if not (name or "").strip():
        raise DomainError(_("The name is needed."), field="name")
    commune = _commune_clean(commune)
    if established_on and closed_on and closed_on < established_on:
        raise DomainError(_("Closed before it was established."), field="closed_on")
    if producer is not None:
        if kind == EstablishmentKind.COOPERATIVE and producer.kind != ProducerKind.COOPERATIVE:
            raise DomainError(
                _("The OCOP producer “%(producer_name)s” is not a cooperative."),
                {"producer_name": producer.name},
                field="producer",
            )  # fmt: skip
        if not territory.lies_in(producer.commune_id, commune):
            raise DomainError(
                _("The OCOP producer “%(producer_name)s” is in %(commune_title)s, not in %(commune_title2)s."),
                {
                    "producer_name": producer.name,
                    "commune_title": producer.commune.title,
                    "commune_title2": commune.title,
                },
                field="producer",
            )
        if Establishment.objects.filter(producer=producer).exists():
            raise DomainError(
                _("The OCOP producer “%(producer_name)s” is linked to another record."),
                {"producer_name": producer.name},
                field="producer",
            )  # fmt: skip
    grant = authority.authorize(
        actor, "resources.establishment.create", unit=commune, on=established_on or clock.today()
    )
    row = Establishment.objects.create(
        kind=kind, name=name.strip(), commune=commune, producer=producer, agricultural=agricultural,
        established_on=established_on, closed_on=closed_on, is_demo=is_demo,
    )  # fmt: skip
    authority.audit(grant, target=row, after={"name": row.name, "kind": kind, "commune": commune.key})
    return row


def village_find(commune: AdminUnit, name: str) -> Village | None:
    """A village of the commune in use today, by its name however it is spelt ("Thôn Đồng Bài", "thon dong bai")."""
    return Village.objects.filter(commune=commune, name_folded=fold_name(name), valid_to__isnull=True).first()


def _user(actor):
    return user_of(actor) if actor is not None and getattr(actor, "is_authenticated", False) else None
