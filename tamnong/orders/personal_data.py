"""A person's request about their data (Decree 13/2023/NĐ-CP on personal data protection): an office
finds the records Tamnông holds about one person, by phone, email or tax code, within its territory,
exports them as JSON, and erases them.

The people Tamnông holds data about: buyers (their orders: name, phone, email, delivery address, note,
and the emails sent about them) and household producers (hộ kinh doanh and cooperative groups: tax
code, address, representative, phone, email, and the contact changes they asked for). An enterprise's
or a cooperative's records are business data and are not touched here.

Erasing replaces a buyer's fields with a mark and clears a household producer's personal fields;
legal records stay whole: certificates, recognitions, council scores, the order's items, amounts and
history, and the producer's name (it is on its certificates), and the audit log, which is
append-only. Who may do it is the authority table's `orders.personal_data.export` and `.erase` (the
offices keeping the records of the person's commune, on the day of the act); every export and erasure
is an audit event per record naming the fields and the request, never the values."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tamnong.accounts import authority
from tamnong.accounts.models import RoleAssignment
from tamnong.accounts.selectors import actor_scope
from tamnong.core import clock
from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.core.models import EmailStatus, OutboundEmail
from tamnong.ocop.models import Producer, ProducerChange, ProducerKind
from tamnong.ocop.privacy import PERSONAL_FIELDS
from tamnong.orders.models import Order

ERASED = "[đã xoá]"  # what an erased name or address reads
PERSON_KINDS = (ProducerKind.HOUSEHOLD_BUSINESS, ProducerKind.COOPERATIVE_GROUP)
ORDER_FIELDS = ("buyer_name", "buyer_phone", "buyer_email", "address", "note")
EXPORT, ERASE = "orders.personal_data.export", "orders.personal_data.erase"


@dataclass(frozen=True)
class Person:
    """How the person is identified in their request: any of phone, email, tax code."""

    phone: str = ""
    email: str = ""
    tax_code: str = ""


@dataclass
class PersonRecords:
    person: Person
    orders: list[Order] = field(default_factory=list)
    producers: list[Producer] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.orders and not self.producers


def person_clean(*, phone: str = "", email: str = "", tax_code: str = "") -> Person:
    """The keys of a request, written as Tamnông stores them: a phone as its digits (0912345678 for
    +84 912 345 678), an email in lower case, a tax code without spaces."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    person = Person(phone=digits, email=(email or "").strip().lower(), tax_code=re.sub(r"\s", "", tax_code or ""))
    if not (person.phone or person.email or person.tax_code):
        raise DomainError(_("Give at least one of the person's phone, email or tax code."), field="phone")
    if phone and len(person.phone) < 9:
        raise DomainError(
            _("Phone “%(phone)s” is not valid: at least 9 digits."),
            {"phone": phone},
            field="phone",
        )
    return person


def _not_an_office() -> PermissionDeniedError:
    return PermissionDeniedError(
        _("Only an office that may change the records of its territory handles requests about personal data."),
    )


def _scope(actor):
    scope = actor_scope(actor, write=True)
    if not scope.everything and not scope.roots:
        raise _not_an_office()
    return scope


def office_check(*, actor, on: dt.date) -> None:
    """The actor is an office that handles such requests on that day (the page opens only for them)."""
    _scope(actor)
    _office_grant(actor, EXPORT, on)


def person_records(*, actor, person: Person) -> PersonRecords:
    """The person's records within the actor's territory: orders to the producers of its communes,
    and household producers of its communes."""
    scope = _scope(actor)
    order_match, producer_match = Q(pk__in=[]), Q(pk__in=[])
    if person.phone:
        order_match |= Q(buyer_phone=person.phone)
        producer_match |= Q(phone__in=_phone_forms(person.phone))
    if person.email:
        order_match |= Q(buyer_email__iexact=person.email)
        producer_match |= Q(email__iexact=person.email)
    if person.tax_code:
        producer_match |= Q(tax_code=person.tax_code)
    orders = scope.filter(Order.objects.filter(order_match), prefix="producer__commune__")
    producers = scope.filter(Producer.objects.filter(producer_match, kind__in=PERSON_KINDS), prefix="commune__")
    return PersonRecords(
        person=person,
        orders=list(orders.select_related("producer", "province").prefetch_related("items").order_by("created_at")),
        producers=list(producers.select_related("commune").order_by("pk")),
    )


def _phone_forms(digits: str) -> list[str]:
    """A producer's phone is stored as typed: the usual ways of writing the same number."""
    forms = {digits}
    if len(digits) == 10:
        forms |= {f"{digits[:4]} {digits[4:7]} {digits[7:]}", f"{digits[:4]}.{digits[4:7]}.{digits[7:]}",
                  f"+84 {digits[1:4]} {digits[4:7]} {digits[7:]}", f"+84{digits[1:]}"}  # fmt: skip
    return sorted(forms)


def _office_grant(actor, action: str, on: dt.date) -> None:
    """The actor handles such requests at all: one of its roles is granted the action over its own
    unit on that day (a district office no longer does after 30/06/2025)."""
    refusal = None
    for assignment in RoleAssignment.objects.filter(user=actor).select_related("unit"):
        try:
            authority.authorize(actor, action, unit=assignment.unit, on=on)
            return
        except authority.NotAuthorised as exc:
            refusal = exc
    raise refusal or _not_an_office()


def _commune_of(record):
    return record.producer.commune if isinstance(record, Order) else record.commune


@authority.acts(EXPORT)
def person_export(*, actor, person: Person, now: dt.datetime) -> dict:
    """Everything the person's records hold, as JSON-ready data; the export is in the audit log."""
    _office_grant(actor, EXPORT, clock.local_date(now))
    records = person_records(actor=actor, person=person)
    grants = [(r, authority.authorize(actor, EXPORT, unit=_commune_of(r), on=clock.local_date(now)))
              for r in [*records.orders, *records.producers]]  # fmt: skip
    data = {
        "exported_at": now.isoformat(),
        "orders": [
            {
                "code": o.code, "producer": o.producer.name, "sent_at": o.created_at.isoformat(), "status": o.status,
                "buyer_name": o.buyer_name, "buyer_phone": o.buyer_phone, "buyer_email": o.buyer_email,
                "delivery_province": o.province.title, "address": o.address, "note": o.note,
                "amount_vnd": o.amount_vnd,
                "items": [{"product": i.product_name, "quantity": i.quantity} for i in o.items.all()],
            }
            for o in records.orders
        ],
        "producers": [
            {
                "name": p.name, "kind": p.kind, "commune": p.commune.title,
                **{f: getattr(p, f) for f in PERSONAL_FIELDS}, "website": p.website,
                "publishes_contact": p.publishes_contact,
                "publishes_contact_since": p.publishes_contact_since.isoformat() if p.publishes_contact_since else None,
            }
            for p in records.producers
        ],
    }  # fmt: skip
    _audit(grants, fields=False)
    return data


@dataclass(frozen=True)
class Erasure:
    orders: int
    producers: int
    emails: int


@authority.acts(ERASE)
def person_erase(*, actor, person: Person, reference: str, now: dt.datetime) -> Erasure:
    """Erase the person's data from their records in the actor's territory, keeping the legal records;
    `reference` is the person's request (its number or date), kept in the audit log."""
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(
            _("Give the number or the date of the person's request (kept in the audit log)."),
            field="reference",
        )
    _office_grant(actor, ERASE, clock.local_date(now))
    records = person_records(actor=actor, person=person)
    if records.empty:
        raise DomainError(_("No record of this person in this account's territory: nothing to erase."))
    grants = [(r, authority.authorize(actor, ERASE, unit=_commune_of(r), on=clock.local_date(now)))
              for r in [*records.orders, *records.producers]]  # fmt: skip
    order_ids = [o.pk for o in records.orders]
    Order.objects.filter(pk__in=order_ids).update(
        buyer_name=ERASED, buyer_phone="", buyer_email="", address=ERASED, note="", updated_at=now
    )
    emails = list(OutboundEmail.objects.filter(about_type=Order._meta.label_lower, about_id__in=map(str, order_ids)))
    for producer in records.producers:
        addresses = [producer.email] if producer.email else []
        for f in PERSONAL_FIELDS:
            setattr(producer, f, "")
        producer.publishes_contact, producer.publishes_contact_since = False, None
        producer.save(update_fields=[*PERSONAL_FIELDS, "publishes_contact", "publishes_contact_since"])
        for product in producer.products.all():
            if product.points_of_sale:
                product.points_of_sale = [{**row, "address": "", "phone": ""} for row in product.points_of_sale]
                product.save(update_fields=["points_of_sale"])
        for change in ProducerChange.objects.filter(producer=producer):
            change.proposed, change.previous = _scrub(change.proposed), _scrub(change.previous)
            change.save(update_fields=["proposed", "previous"])
        if addresses:
            emails += list(OutboundEmail.objects.filter(to__iexact=addresses[0]))
    for email in emails:
        email.to, email.body = "", ""
        if email.status != EmailStatus.SENT:
            email.status, email.next_attempt_at, email.last_error = EmailStatus.FAILED, None, "erased on request"
        email.save(update_fields=["to", "body", "status", "next_attempt_at", "last_error"])
    _audit(grants, fields=True, reference=reference)
    return Erasure(orders=len(order_ids), producers=len(records.producers), emails=len(emails))


def _scrub(values):
    if not isinstance(values, dict):
        return values
    return {k: ("" if k in PERSONAL_FIELDS and v else v) for k, v in values.items()}


def _audit(grants, *, fields: bool, reference: str = "") -> None:
    for record, grant in grants:
        erased = (ORDER_FIELDS if isinstance(record, Order) else PERSONAL_FIELDS) if fields else ()
        authority.audit(grant, target=record, after={"fields": list(erased), "reference": reference})
