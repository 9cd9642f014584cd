"""Writes of OCOP records: producers, products, members' scores and the council's result,
certificates. Every refusal is a DomainError in Vietnamese naming its field; nothing half-saved."""

from __future__ import annotations

import datetime as dt
import posixpath
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

from tamnong.accounts import authority
from tamnong.accounts.models import Role, RoleAssignment
from tamnong.accounts.selectors import assignment_scope
from tamnong.core import clock
from tamnong.core.actors import user_of
from tamnong.core.errors import DomainError, NotFoundError
from tamnong.core.i18n import Bilingual
from tamnong.core.photos import photo_clean, public_copy
from tamnong.ocop.models import (
    Certificate,
    CouncilLevel,
    Entry,
    MemberScore,
    MemberScoreRevision,
    Producer,
    ProducerChange,
    Product,
    ProductPhoto,
    Registration,
    RegistrationStatus,
    Round,
)
from tamnong.ocop.workflows import COUNCIL_ROUND, PRODUCER_CHANGE, REGISTRATION, round_state
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level
from tamnong.places.schemes import scheme_on
from tamnong.places.selectors import unit_full_name
from tamnong.rules import ocop
from tamnong.rules.money import AmountError, parse_vnd


def tax_code_clean(value: str) -> str:
    """A tax code as the tax office writes it (10 digits, or 10-3 for a branch), check digit verified
    (python-stdnum's `vn.mst`); empty stays empty."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return mst.format(mst.validate(value))
    except StdnumError:
        raise DomainError(
            gettext_lazy(
                "Tax code “%(value)s” is not valid: it needs 10 digits (or 10-3 for a branch) with a "
                "correct check digit."
            ),
            {"value": value},
            field="tax_code",
        ) from None


def _require_commune(unit: AdminUnit | None, field: str) -> AdminUnit:
    if unit is None or unit.level != Level.COMMUNE:
        raise DomainError(gettext_lazy("Choose a commune-level unit."), field=field)
    return unit


def require_list_in_force(commune: AdminUnit, on: dt.date) -> None:
    """A producer's commune is on the list in force on the date its record describes (today for a new
    producer); an old commune is refused with the communes that continue it."""
    in_force = scheme_on(on)
    if in_force is None or in_force.scheme == commune.scheme:
        return
    successors = ", ".join(unit_full_name(u) for u in territory.successors_on(commune, in_force.scheme))
    params = {"commune": Bilingual(unit_full_name(commune), commune.title), "scheme": commune.scheme,
              "on": f"{on:%d/%m/%Y}", "in_force": in_force.scheme, "successors": successors}  # fmt: skip
    if successors:
        message = gettext_lazy(
            "%(commune)s is on the %(scheme)s list; on %(on)s the %(in_force)s list applies (now: %(successors)s). "
            "Keep the old address in “address before July 2025”."
        )
    else:
        message = gettext_lazy(
            "%(commune)s is on the %(scheme)s list; on %(on)s the %(in_force)s list applies. "
            "Keep the old address in “address before July 2025”."
        )
    raise DomainError(message, params, field="commune")


@authority.acts("ocop.producer.create")
def producer_create(
    *, actor, name: str, kind: str, commune: AdminUnit | None, on: dt.date, tax_code: str = "", **fields: Any
) -> Producer:
    """A new producer; `on` is the date its record describes (today, or the date of an old decision)."""
    if not name.strip():
        raise DomainError(gettext_lazy("The producer needs a name."), field="name")
    if kind not in dict(Producer._meta.get_field("kind").choices):
        raise DomainError(gettext_lazy("No producer kind “%(kind)s”."), {"kind": kind}, field="kind")
    commune = _require_commune(commune, "commune")
    grant = authority.authorize(actor, "ocop.producer.create", unit=commune, on=on)
    require_list_in_force(commune, on)
    code = tax_code_clean(tax_code)
    if code and Producer.objects.filter(tax_code=code).exists():
        raise DomainError(
            gettext_lazy("Tax code %(code)s belongs to another producer."),
            {"code": code},
            field="tax_code",
        )
    producer = Producer.objects.create(name=name.strip(), kind=kind, commune=commune, tax_code=code, **fields)
    authority.audit(grant, target=producer, after={"name": producer.name, "commune": commune.key})
    return producer


@authority.acts("ocop.product.create")
def product_create(
    *, actor, producer: Producer | None, name: str, group: str, subgroup: str = "", commune: AdminUnit | None = None,
    groups_edition: str = "ocop/148-2023", **fields: Any,
) -> Product:  # fmt: skip
    if producer is None:
        raise DomainError(gettext_lazy("A product needs its producer."), field="producer")
    if not name.strip():
        raise DomainError(gettext_lazy("The product needs a name."), field="name")
    try:
        ocop.group_check(groups_edition, group, subgroup)
    except ocop.OcopInputError as exc:
        raise DomainError.of(exc, field=exc.field) from None
    commune = _require_commune(commune or producer.commune, "commune")
    grant = authority.authorize(actor, "ocop.product.create", unit=commune, on=clock.today())
    product = Product.objects.create(
        producer=producer, name=name.strip(), group=group, subgroup=subgroup, commune=commune,
        groups_edition=groups_edition, **fields,
    )  # fmt: skip
    authority.audit(grant, target=product, after={"name": product.name, "producer": producer.pk})
    return product


def entry_get(pk: int) -> Entry:
    entry = Entry.objects.filter(pk=pk).select_related("round", "product__producer").first()
    if entry is None:
        raise NotFoundError(gettext_lazy("No entry %(pk)s."), {"pk": pk})
    return entry


def require_member(round_: Round, user) -> authority.Grant:
    """Only the council's members holding the council-member role at its unit score its products."""
    return authority.authorize(user, "ocop.sheet.score", unit=round_.unit, on=round_.held_on, council=round_)


def _round_act(round_: Round, act: str, grant: authority.Grant):
    """The council workflow's row for an act on the council (the named refusal once it has decided)."""
    return COUNCIL_ROUND.transition(round_state(round_), act, grant=grant, name=round_.name, decided_on=round_.decided_on)


@authority.acts("ocop.sheet.score")
def score_submit(*, entry: Entry, member, parts: dict[str, Any]) -> Entry:
    """A council member's score sheet for a product, while the council is open; the council's result
    is recomputed from all the sheets so far (the mean of the members, flagged when one is far from
    the others). A member scoring again keeps the earlier sheet in the history."""
    round_ = Round.objects.select_for_update().get(pk=entry.round_id)
    entry.round = round_
    grant = require_member(round_, member)
    _round_act(round_, "score", grant)
    if Certificate.objects.filter(entry=entry).exists():
        raise DomainError(gettext_lazy("The result is already certified."))
    sheet = ocop.sheet_get(round_.sheet_id)
    try:
        checked = ocop.check_parts(sheet, parts)
    except ocop.OcopInputError as exc:
        raise DomainError.of(exc, field=f"parts.{exc.field}") from None
    new_parts = {k: str(v) for k, v in checked.items()}
    sheet_row = MemberScore.objects.select_for_update().filter(entry=entry, member=member).first()
    before = None
    if sheet_row is None:
        sheet_row = MemberScore.objects.create(entry=entry, member=member, parts=new_parts)
    else:
        before = sheet_row.parts
        MemberScoreRevision.objects.create(
            score=sheet_row, parts=sheet_row.parts, scored_at=sheet_row.scored_at, replaced_at=clock.now()
        )
        sheet_row.parts = new_parts
        sheet_row.save(update_fields=["parts", "scored_at"])
    result_before = {"total": str(entry.total) if entry.total is not None else None, "stars": entry.stars}
    entry = entry_result_refresh(entry)
    authority.audit(
        grant, target=sheet_row, before={"parts": before, **result_before},
        after={"parts": new_parts, "total": str(entry.total), "stars": entry.stars},
    )  # fmt: skip
    return entry


def entry_result_refresh(entry: Entry) -> Entry:
    round_ = entry.round
    sheet = ocop.sheet_get(round_.sheet_id)
    council = ocop.council(sheet, [s.parts for s in entry.scores.all()])
    result = ocop.result(sheet, council.parts, on=round_.held_on, level=round_.level)
    entry.parts = {k: str(v.quantize(Decimal("0.01"))) for k, v in council.parts.items()}
    entry.total = result.total.quantize(Decimal("0.01"))
    entry.stars = result.stars
    entry.decision = result.decision
    entry.forward_to = result.forward_to or ""
    entry.outliers = list(council.outliers)
    entry.save(update_fields=["parts", "total", "stars", "decision", "forward_to", "outliers"])
    Registration.objects.filter(
        product=entry.product, year=round_.held_on.year,
        status__in=REGISTRATION.sources("evaluate"),
    ).update(status=RegistrationStatus.EVALUATED)  # fmt: skip  # the year's registration has been before a council
    return entry


@authority.acts("ocop.certificate.issue")
def certificate_issue(*, entry: Entry, actor, decision_number: str, issued_on: dt.date) -> Certificate:
    """The recognition of a result the council had authority for, by the recognising office of the
    council's level on the decision's date; a result gets one certificate. A product's earlier
    certificate still in force is superseded by it (a re-evaluation, up or down)."""
    entry = Entry.objects.select_for_update(of=("self",)).select_related("round__unit", "product").get(pk=entry.pk)
    round_ = entry.round
    grant = authority.authorize(actor, "ocop.certificate.issue", unit=round_.unit, on=issued_on)
    existing = Certificate.objects.filter(entry=entry).first()
    if existing is not None:
        raise DomainError(
            gettext_lazy(
                "The result of %(product_name)s in “%(round_name)s” already has its certificate (decision "
                "%(existing_decision_number)s of %(existing_issued_on)s): one certificate per result."
            ),
            {
                "product_name": entry.product.name,
                "round_name": round_.name,
                "existing_decision_number": existing.decision_number,
                "existing_issued_on": format(existing.issued_on, '%d/%m/%Y'),
            },
            field="entry",
        )
    if issued_on < round_.held_on:
        raise DomainError(
            gettext_lazy("The decision date %(issued_on)s is before the council met (%(round_held_on)s)."),
            {"issued_on": format(issued_on, '%d/%m/%Y'), "round_held_on": format(round_.held_on, '%d/%m/%Y')},
            field="issued_on",
        )
    if entry.decision != "recognise":
        raise DomainError(
            gettext_lazy("The result of %(product_name)s is not one this council may recognise (%(value)s)."),
            {
                "product_name": entry.product.name,
                "value": Bilingual(entry.decision or 'chưa chấm', entry.decision or 'not scored'),
            },
            field="decision",
        )
    if not decision_number.strip():
        raise DomainError(gettext_lazy("The decision number is missing."), field="decision_number")
    certificate = Certificate.objects.create(
        product=entry.product, entry=entry, stars=entry.stars, total=entry.total, decision_number=decision_number.strip(),
        issued_on=issued_on, issuer_level=round_.level, issuer=round_.unit, is_demo=round_.is_demo,
    )  # fmt: skip
    earlier = (
        Certificate.objects.filter(product=entry.product, superseded_by__isnull=True, revoked_on__isnull=True)
        .exclude(pk=certificate.pk)
        .filter(issued_on__lte=issued_on)
    )
    for old in earlier:
        if ocop.certificate_state(old.issued_on, today=issued_on) in ("valid", "expiring"):
            old.superseded_by = certificate
            old.save(update_fields=["superseded_by"])
    authority.audit(
        grant, target=certificate,
        after={"stars": certificate.stars, "decision": certificate.decision_number, "entry": entry.pk,
               "issued_on": issued_on.isoformat()},
    )  # fmt: skip
    return certificate


COUNCIL_UNIT_LEVEL = {
    CouncilLevel.DISTRICT: "district",
    CouncilLevel.PROVINCE: "province",
    CouncilLevel.NATIONAL: "national",
}


@authority.acts("ocop.round.create")
def round_create(
    *, actor, name: str, level: str, unit: AdminUnit | None, held_on: dt.date, members, products=(), is_demo=False
) -> Round:
    """A council of a level over its unit (a district's, a province's; none for the national level),
    set up by that unit's office under the procedure of its date, with its members and products."""
    if not name.strip():
        raise DomainError(gettext_lazy("The council needs a name."), field="name")
    if level not in COUNCIL_UNIT_LEVEL or authority.level_of(unit) != COUNCIL_UNIT_LEVEL[level]:
        unit_name = unit_full_name(unit) if unit is not None else "không có đơn vị (trung ương)"
        raise DomainError(
            gettext_lazy("A “%(level)s” council belongs to a unit of that level; %(value)s is %(unit)s."),
            {
                "level": level,
                "value": Bilingual(unit_name, unit.title if unit else 'no unit (national)'),
                "unit": authority.level_of(unit),
            },
            field="unit",
        )
    grant = authority.authorize(actor, "ocop.round.create", unit=unit, on=held_on)
    try:
        ocop.authority(held_on, level)
    except LookupError as exc:
        raise DomainError(str(exc), field="level") from None  # the engine's text, the same in both languages
    round_ = Round.objects.create(
        name=name.strip(), level=level, unit=unit, held_on=held_on, sheet_id=ocop.sheet_in_force(held_on).id,
        is_demo=is_demo,
    )  # fmt: skip
    authority.audit(grant, target=round_, after={"name": round_.name, "level": level, "held_on": held_on.isoformat()})
    round_members_set(round_=round_, actor=actor, members=members)
    if products:
        entries_add(round_=round_, actor=actor, products=list(products))
    return round_


def _holds_council_role(user, round_: Round) -> bool:
    for assignment in RoleAssignment.objects.filter(user=user, role=Role.COUNCIL_MEMBER).select_related("unit"):
        if round_.unit is None:
            if assignment.unit is None:
                return True
        elif assignment.unit is not None and assignment.unit.level == round_.unit.level:
            if assignment_scope(assignment).covers(round_.unit):
                return True
    return False


@authority.acts("ocop.round.members")
def round_members_set(*, round_: Round, actor, members) -> Round:
    """The council's members, appointed by the office of its unit: each must hold the council-member
    role there. Not once the council has decided."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    grant = authority.authorize(actor, "ocop.round.members", unit=round_.unit, on=round_.held_on)
    _round_act(round_, "members", grant)
    members = list(members)
    if not members:
        raise DomainError(gettext_lazy("The council needs at least one member."), field="members")
    for member in members:
        if not _holds_council_role(member, round_):
            where_vi = unit_full_name(round_.unit) if round_.unit is not None else "trung ương"
            where_en = round_.unit.title if round_.unit is not None else "national level"
            raise DomainError(
                gettext_lazy(
                    "“%(member_get_username)s” does not hold the OCOP council-member role at "
                    "%(where_en)s: the unit's office must give that role before appointing them."
                ),
                {"member_get_username": member.get_username(), "where_en": Bilingual(where_vi, where_en)},
                field="members",
            )
    before = sorted(round_.members.values_list("username", flat=True))
    round_.members.set(members)
    authority.audit(grant, target=round_, before={"members": before},
                    after={"members": sorted(m.get_username() for m in members)})  # fmt: skip
    return round_


@authority.acts("ocop.round.decide")
def round_decide(*, round_: Round, actor, on: dt.date) -> Round:
    """The council's decision: from now every sheet of the council is locked."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    grant = authority.authorize(actor, "ocop.round.decide", unit=round_.unit, on=on)
    _round_act(round_, "decide", grant)
    if on < round_.held_on:
        raise DomainError(
            gettext_lazy("The decision date %(on)s is before the council met (%(round_held_on)s)."),
            {"on": format(on, '%d/%m/%Y'), "round_held_on": format(round_.held_on, '%d/%m/%Y')},
            field="decided_on",
        )
    round_.decided_on = on
    round_.save(update_fields=["decided_on"])
    authority.audit(grant, target=round_, before={"decided_on": None}, after={"decided_on": on.isoformat()})
    return round_


@authority.acts("ocop.round.reopen")
def round_reopen(*, round_: Round, actor, on: dt.date, reason: str) -> Round:
    """Reopen a decided council to change its sheets, saying why (audited); the earlier sheets stay in
    the history. A result already certified is not scored again."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    grant = authority.authorize(actor, "ocop.round.reopen", unit=round_.unit, on=on)
    _round_act(round_, "reopen", grant)
    if not reason.strip():
        raise DomainError(gettext_lazy("Say why the council is reopened."), field="reason")
    before = {"decided_on": round_.decided_on.isoformat()}
    round_.decided_on = None
    round_.save(update_fields=["decided_on"])
    authority.audit(grant, target=round_, before=before, after={"decided_on": None, "reason": reason.strip()})
    return round_


# Fields a producer may ask to change: in its own record (name, kind, tax code and commune are the
# office's), and in its products' pages (name, group and commune are the office's), with a photo.
PRODUCER_EDITABLE = ("representative", "phone", "email", "website", "address")
PRODUCT_EDITABLE = ("description", "packaging", "price_vnd", "price_unit", "sales_links", "points_of_sale")


@authority.acts("ocop.producer.contact_publish")
def producer_contact_publish(*, producer: Producer, actor, publishes: bool, on: dt.date) -> Producer:
    """A household producer chooses whether its address, phone, email, representative and tax code are
    public (tamnong.ocop.privacy): set by one of its own logins, or by an office in scope on its
    request; the day of the choice is kept and every change is in the audit log."""
    grant = authority.authorize(actor, "ocop.producer.contact_publish", unit=producer.commune, on=on, producer=producer)
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if producer.publishes_contact == bool(publishes):
        return producer
    before = {"publishes_contact": producer.publishes_contact, "since": _iso(producer.publishes_contact_since)}
    producer.publishes_contact = bool(publishes)
    producer.publishes_contact_since = on if publishes else None
    producer.save(update_fields=["publishes_contact", "publishes_contact_since"])
    authority.audit(
        grant, target=producer, before=before,
        after={"publishes_contact": producer.publishes_contact, "since": _iso(producer.publishes_contact_since)},
    )  # fmt: skip
    return producer


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@authority.acts("ocop.producer.change_request")
def change_request(*, producer: Producer, actor, values: dict[str, str], product: Product | None = None,
                   photo=None, photos_removed: list[int] = ()) -> ProducerChange:  # fmt: skip
    """A producer asks to change its contacts, or the description and packaging of one of its products,
    to add a photo or to take photos off; nothing changes before an office approves."""
    grant = authority.authorize(
        actor, "ocop.producer.change_request", unit=producer.commune, on=clock.today(), producer=producer
    )
    if product is not None and product.producer_id != producer.pk:
        raise DomainError(
            gettext_lazy("“%(product_name)s” is not a product of “%(producer_name)s”."),
            {"product_name": product.name, "producer_name": producer.name},
        )
    target, editable = (product, PRODUCT_EDITABLE) if product is not None else (producer, PRODUCER_EDITABLE)
    proposed: dict[str, Any] = {k: _value(k, values[k]) for k in editable if k in values}
    proposed = {k: v for k, v in proposed.items() if v != getattr(target, k)}
    if product is None and (photo is not None or photos_removed):
        raise DomainError(gettext_lazy("Only a product has photos."), field="photo")
    if not proposed and photo is None and not photos_removed:
        raise DomainError(gettext_lazy("Nothing changes."), field="values")
    for name, value in proposed.items():
        field = type(target)._meta.get_field(name)
        try:
            field.clean(value, target)
        except ValidationError as exc:
            raise DomainError(
                gettext_lazy("%(name)s: %(exc_messages)s"),
                {"name": Bilingual(field.verbose_name, name), "exc_messages": ' '.join(exc.messages)},
                field=name,
            ) from None
    if product is not None:
        _photos_check(product, photo, photos_removed)
        if photos_removed:
            proposed[PHOTOS_REMOVED] = sorted(set(photos_removed))
    change = ProducerChange(producer=producer, product=product, proposed=proposed, submitted_by=actor)
    if photo is not None:
        change.photo.save(photo.name, photo, save=False)
    change.save()
    authority.audit(grant, target=change,
                       after={**proposed, **({"photo": change.photo.name} if photo is not None else {})})  # fmt: skip
    return change


def _value(name: str, raw: Any) -> Any:
    """A proposed value as the record keeps it: text stripped, a price as written ("120.000 đ"), lists as given."""
    if isinstance(raw, list):
        return [{k: str(v).strip() for k, v in row.items()} if isinstance(row, dict) else row for row in raw]
    text = str(raw or "").strip()
    if name != "price_vnd":
        return text
    if not text:
        return None
    try:
        return parse_vnd(text)
    except AmountError as exc:
        raise DomainError(
            gettext_lazy("Price: %(exc_reason_en)s."),
            {"exc_reason_en": Bilingual(exc.reason_vi, exc.reason_en)},
            field="price_vnd",
        ) from None


PHOTOS_REMOVED = "photos_removed"  # the key of a change's photos to take off
PHOTOS_MAX = 8


def _photos_check(product: Product, photo, removed: list[int]) -> None:
    current = set(product.photos.values_list("pk", flat=True))
    unknown = sorted(set(removed) - current)
    if unknown:
        raise DomainError(
            gettext_lazy("Photo %(unknown)s is not a photo of %(product_name)s."),
            {"unknown": unknown[0], "product_name": product.name},
            field=PHOTOS_REMOVED,
        )
    if photo is not None:
        photo_clean(photo)
        if len(current - set(removed)) + 1 > PHOTOS_MAX:
            raise DomainError(
                gettext_lazy(
                    "%(product_name)s has %(current_count)s photos; at most %(photos_max)s: take some off "
                    "first."
                ),
                {"product_name": product.name, "current_count": len(current), "photos_max": PHOTOS_MAX},
                field="photo",
            )


def _photo_publish(product: Product, change: ProducerChange) -> ProductPhoto:
    """The approved photo goes public as a re-encoded copy without metadata (the GPS position of the
    producer's phone included); the photo the producer sent stays private with the change."""
    last = product.photos.order_by("-position").first()
    photo = ProductPhoto(product=product, position=last.position + 1 if last else 0)
    stem = posixpath.splitext(posixpath.basename(change.photo.name))[0]
    with change.photo.open("rb") as original:
        copy = public_copy(original, stem)
    photo.image.save(copy.name, copy, save=False)
    photo.save()
    return photo


@authority.acts("ocop.producer.change_review")
def producer_change_review(*, change: ProducerChange, actor, approve: bool, note: str = "") -> ProducerChange:
    """An office whose scope covers the producer's commune applies or rejects the change."""
    change = (
        ProducerChange.objects.select_for_update(of=("self",))
        .select_related("producer__commune", "product")
        .get(pk=change.pk)
    )
    grant = authority.authorize(actor, "ocop.producer.change_review", unit=change.producer.commune, on=clock.today())
    row = PRODUCER_CHANGE.transition(change.status, "approve" if approve else "reject", grant=grant)
    if not approve and not note.strip():
        raise DomainError(gettext_lazy("Say why the change is rejected."), field="note")
    target = change.product or change.producer
    fields = [k for k in change.proposed if k != PHOTOS_REMOVED]
    removed = change.proposed.get(PHOTOS_REMOVED, [])
    change.previous = {k: getattr(target, k) for k in fields}
    if change.photo or removed:
        change.previous["photos"] = [p.image.name for p in target.photos.all()]
    if approve:
        for name in fields:
            setattr(target, name, change.proposed[name])
        if fields:
            target.save(update_fields=fields)
        if removed:
            gone = list(target.photos.filter(pk__in=removed))
            target.photos.filter(pk__in=removed).delete()
            # A photo taken off leaves the public store too (once the approval is saved).
            transaction.on_commit(lambda: [p.image.storage.delete(p.image.name) for p in gone])
        if change.photo:
            _photo_publish(target, change)
    change.status = row.target
    change.reviewed_by = user_of(actor)
    change.reviewed_at = clock.now()
    change.note = note.strip()
    change.save()
    after = {**change.proposed, **({"photo": change.photo.name} if change.photo else {})}
    authority.audit(grant, target=target,
                       before=change.previous, after=after if approve else change.previous)  # fmt: skip
    return change


def issuer_unit(level: str, commune: AdminUnit) -> AdminUnit | None:
    """The unit that recognises at a level for a commune: its district or province (none: national)."""
    wanted = {CouncilLevel.DISTRICT: Level.DISTRICT, CouncilLevel.PROVINCE: Level.PROVINCE}.get(level)
    unit = commune.parent
    while unit is not None and unit.level != wanted:
        unit = unit.parent
    return unit


@authority.acts("ocop.certificate.revoke")
def certificate_revoke(*, certificate: Certificate, actor, revoked_on: dt.date, reason: str) -> Certificate:
    """Withdraw a certificate from a date, with its reason: the issuing level's office, or one above
    it whose territory holds the issuer."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",)).select_related("product__commune", "issuer").get(pk=certificate.pk)
    )
    issuer = certificate.issuer
    if issuer is None and certificate.issuer_level != CouncilLevel.NATIONAL:
        issuer = issuer_unit(certificate.issuer_level, certificate.product.commune)
    grant = authority.authorize(actor, "ocop.certificate.revoke", unit=issuer, on=revoked_on)
    if not reason.strip():
        raise DomainError(gettext_lazy("Say why the certificate is revoked."), field="reason")
    if revoked_on < certificate.issued_on:
        raise DomainError(
            gettext_lazy("The revocation date is before the recognition (%(certificate_issued_on)s)."),
            {"certificate_issued_on": format(certificate.issued_on, '%d/%m/%Y')},
            field="revoked_on",
        )
    if certificate.revoked_on is not None:
        raise DomainError(gettext_lazy("The certificate is already revoked."), field="revoked_on")
    certificate.revoked_on = revoked_on
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["revoked_on", "revocation_reason"])
    authority.audit(grant, target=certificate, before={"revoked_on": None},
                       after={"revoked_on": revoked_on.isoformat(), "reason": certificate.revocation_reason})  # fmt: skip
    return certificate


@authority.acts("ocop.round.entries")
def entries_add(*, round_: Round, actor, products: list[Product]) -> list[Entry]:
    """Put products before an open council (the office of the council's unit)."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    grant = authority.authorize(actor, "ocop.round.entries", unit=round_.unit, on=round_.held_on)
    _round_act(round_, "entries", grant)
    if round_.level == CouncilLevel.PROVINCE and precheck_rule(round_.held_on) is not None:
        proposed = set(
            Registration.objects.filter(
                product__in=products, year=round_.held_on.year, status=RegistrationStatus.PROPOSED
            ).values_list("product_id", flat=True)
        )
        for product in products:
            if product.pk not in proposed:
                raise DomainError(
                    gettext_lazy(
                        "%(product_name)s has not been pre-checked and proposed by its commune for "
                        "%(held_on_year)s (Decision 1489): it does not go before the provincial council "
                        "yet."
                    ),
                    {"product_name": product.name, "held_on_year": round_.held_on.year},
                    field="products",
                )
    entries = [Entry.objects.get_or_create(round=round_, product=product)[0] for product in products]
    if entries:
        authority.audit(grant, target=round_, after={"products": [p.pk for p in products]})
    return entries


def require_producer_or_office(actor, product: Product, action: str, *, on: dt.date | None = None) -> authority.Grant:
    """A producer's own logins, or an office whose territory holds the product's commune, for `action`."""
    return authority.authorize(actor, action, unit=product.commune, on=on or clock.today(), producer=product.producer)


@authority.acts("ocop.registration.create")
def registration_create(
    *, actor, product: Product | None, year: int, on: dt.date, target_stars: int | None = None
) -> Registration:
    """Register a product for a year's evaluation: its producer, or an office whose scope covers the
    product's commune; `on` is the day of the registration."""
    if product is None:
        raise DomainError(gettext_lazy("No such product."), field="product")
    grant = require_producer_or_office(actor, product, "ocop.registration.create", on=on)
    certified = ocop.certified_stars()
    if target_stars is not None and target_stars not in certified:
        *head, last = (str(s) for s in certified)
        raise DomainError(
            gettext_lazy("The stars aimed at must be %(head)s or %(last)s."),
            {"head": ', '.join(head), "last": last},
            field="target_stars",
        )
    if year < on.year:
        raise DomainError(
            gettext_lazy("%(year)s is over: register for this year or later."),
            {"year": year},
            field="year",
        )
    if Registration.objects.filter(product=product, year=year).exists():
        raise DomainError(
            gettext_lazy("%(product_name)s is already registered for %(year)s."),
            {"product_name": product.name, "year": year},
            field="year",
        )
    registration = Registration.objects.create(product=product, year=year, target_stars=target_stars, registered_on=on)
    authority.audit(grant, target=registration,
                       after={"product": product.name, "year": year, "target_stars": target_stars})  # fmt: skip
    return registration


def _registration_locked(registration_id: int) -> Registration:
    return (
        Registration.objects.select_for_update()
        .select_related("product__producer", "product__commune")
        .get(pk=registration_id)
    )


@authority.acts("ocop.registration.withdraw")
def registration_withdraw(*, registration: Registration, actor, on: dt.date, reason: str = "") -> Registration:
    """The producer (or an office in scope) takes a registration back before a council evaluates it."""
    registration = _registration_locked(registration.pk)
    grant = require_producer_or_office(actor, registration.product, "ocop.registration.withdraw", on=on)
    row = REGISTRATION.transition(
        registration.status, "withdraw", grant=grant, year=registration.year, product=registration.product.name
    )
    status_before = registration.status
    registration.status = row.target
    registration.withdrawn_on = on
    registration.note = reason.strip()
    registration.save(update_fields=["status", "withdrawn_on", "note"])
    authority.audit(grant, target=registration, before={"status": status_before},
                       after={"withdrawn_on": on.isoformat(), "reason": registration.note})  # fmt: skip
    return registration


def precheck_rule(on: dt.date) -> ocop.Authority | None:
    """The commune's pre-check in force on a date (Decision 1489/2025), or None before it."""
    try:
        rule = ocop.authority(on, CouncilLevel.COMMUNE)
    except LookupError:
        return None
    return rule if rule.prechecks else None


@authority.acts("ocop.registration.precheck")
def registration_precheck(
    *, registration: Registration, actor, on: dt.date, items: list[str], propose: bool, note: str = ""
) -> Registration:
    """The commune pre-checks a registered dossier (Decision 1489/2025): it proposes the product to the
    province once every item of the pre-check is in order, or returns it saying why."""
    registration = _registration_locked(registration.pk)
    rule = precheck_rule(on)
    if rule is None:
        since, _ = ocop.prechecks_from() or (None, "")
        since_vi = f" (từ {since:%d/%m/%Y} theo Quyết định 1489/QĐ-TTg)" if since else ""
        since_en = f" (from {since:%d/%m/%Y}, Decision 1489)" if since else ""
        raise DomainError(
            gettext_lazy("On %(on)s communes do not pre-check OCOP dossiers%(since_en)s."),
            {"on": format(on, '%d/%m/%Y'), "since_en": Bilingual(since_vi, since_en)},
            field="prechecked_on",
        )
    grant = authority.authorize(actor, "ocop.registration.precheck", unit=registration.product.commune, on=on)
    row = REGISTRATION.transition(
        registration.status, "propose" if propose else "return", grant=grant, product=registration.product.name
    )
    known = {i.code: i for i in rule.precheck_items}
    unknown = sorted(set(items) - set(known))
    if unknown:
        raise DomainError(
            gettext_lazy("No pre-check item “%(unknown)s”."),
            {"unknown": unknown[0]},
            field="items",
        )
    missing = [known[c] for c in known if c not in items]
    if propose and missing:
        raise DomainError(
            gettext_lazy("Not proposed: the dossier fails %(items)s."),
            {"items": Bilingual("; ".join(f"«{i.name_vi}»" for i in missing), "; ".join(f"“{i.name_en}”" for i in missing))},
            field="items",
        )
    if not propose and not note.strip():
        raise DomainError(gettext_lazy("Say why the dossier is returned."), field="note")
    status_before = registration.status
    registration.status = row.target
    registration.precheck = [c for c in known if c in items]
    registration.prechecked_on = on
    registration.prechecked_by = user_of(actor)
    registration.note = note.strip()
    registration.save(update_fields=["status", "precheck", "prechecked_on", "prechecked_by", "note"])
    authority.audit(grant, target=registration, before={"status": status_before},
                       after={"status": registration.status, "items": registration.precheck, "note": registration.note})  # fmt: skip
    return registration
