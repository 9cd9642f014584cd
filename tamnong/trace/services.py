"""Writes of traceability records: lots, their EPCIS 2.0 events (append-only; a correction declares
the earlier event erroneous and adds the corrective one), captured EPCIS documents, stamps issued
and voided, and scans. Every refusal is a DomainError in Vietnamese naming its field; nothing
half-saved. The system (the command line, the demo) acts as tamnong.accounts.authority.SYSTEM."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tamnong.accounts import authority
from tamnong.core import clock
from tamnong.core.actors import user_of
from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.i18n import Bilingual
from tamnong.ocop.models import Product
from tamnong.ocop.selectors import IN_FORCE, product_standing
from tamnong.ocop.services import require_list_in_force, require_producer_or_office
from tamnong.places.models import AdminUnit, Level
from tamnong.rules.errors import InputError
from tamnong.rules.validation import parse_decimal
from tamnong.trace import epcis, identifiers
from tamnong.trace import stamps as stamp_sheets
from tamnong.trace.links import (
    NAMESPACE,
    lot_class,
    lot_for_uri,
    namespaces,
    place_uri,
    stamp_epc,
    stamp_url,
    without_serials,
)
from tamnong.trace.models import Event, ExpiryKind, Lot, Scan, Stamp, Uom
from tamnong.trace.steps import INSPECTION_RESULTS, RECORDED_BY_HAND, STEPS

STAMPS_MAX = 10_000  # per issue: one print run


def _refused(exc: InputError) -> DomainError:
    """A standard's refusal (identifiers, EPCIS, stamps) as the services' error."""
    return DomainError.of(exc, field=exc.field)


def _may_write(actor, product: Product, action: str):
    """The producer's logins, an office whose territory holds the product's commune, or the system
    (tamnong.accounts.authority.SYSTEM: commands, the demo); never `actor=None`."""
    return require_producer_or_office(actor, product, action)


# --- lots ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LotSpec:
    code: str
    produced_on: dt.date
    quantity: Any
    uom: str
    commune: AdminUnit | None
    expires_on: dt.date | None = None
    expiry_kind: str = ""
    gtin: str = ""
    inputs: str = ""
    standards: str = ""
    latitude: Any = None
    longitude: Any = None


def _decimal(value: Any, field: str, label) -> Decimal | None:
    """A quantity as people type it ("1.500" is 1500, "1,5" is 1.5), read by the one number reader."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_decimal(value)
    except ValueError:
        raise DomainError(
            gettext_lazy("%(label)s “%(value)s” is not a number (write e.g. 1.500 or 1,5)."),
            {"label": label, "value": value},
            field=field,
        ) from None


@authority.acts("trace.lot.create")
def lot_create(*, actor, product: Product | None, spec: LotSpec, is_demo: bool = False) -> Lot:
    """A new lot of a product (its producer, or an office in scope), checked as Circular 02/2024 and
    the GS1 rules for lot codes (AI 10) and GTINs require."""
    if product is None:
        raise DomainError(gettext_lazy("No such product."), field="product")
    grant = _may_write(actor, product, "trace.lot.create")
    try:
        code = identifiers.check_ai_value(spec.code.strip(), "10")
        gtin = identifiers.gtin_normalise(spec.gtin) if spec.gtin.strip() else ""
    except identifiers.IdentifierError as exc:
        raise _refused(exc) from None
    if "/" in code:  # GS1 allows it, but a path segment cannot carry it through every web server
        raise DomainError(gettext_lazy("Lot code “%(code)s” has a “/”: use “-”."), {"code": code}, field="code")
    if Lot.objects.filter(product=product, code=code).exists():
        raise DomainError(
            gettext_lazy("%(product_name)s already has a lot “%(code)s”."),
            {"product_name": product.name, "code": code},
            field="code",
        )
    quantity = _decimal(spec.quantity, "quantity", gettext_lazy("Quantity"))
    if quantity is None or quantity <= 0:
        raise DomainError(gettext_lazy("The lot's quantity must be above 0."), field="quantity")
    if spec.uom not in Uom.values:
        raise DomainError(
            gettext_lazy("No unit “%(uom)s” (choose: %(units)s)."), {"uom": spec.uom, "units": ", ".join(Uom.values)}, field="uom"
        )
    if spec.commune is None or spec.commune.level != Level.COMMUNE:
        raise DomainError(gettext_lazy("Choose the commune where it was made."), field="commune")
    require_list_in_force(spec.commune, spec.produced_on)
    if spec.expires_on is not None:
        if spec.expires_on <= spec.produced_on:
            raise DomainError(
                gettext_lazy("The expiry date (%(expires_on)s) must be after the production date (%(produced_on)s)."),
                {"expires_on": f"{spec.expires_on:%d/%m/%Y}", "produced_on": f"{spec.produced_on:%d/%m/%Y}"},
                field="expires_on",
            )
        if spec.expiry_kind not in ExpiryKind.values:
            raise DomainError(
                gettext_lazy("Say whether it is a use-by or a best-before date."),
                field="expiry_kind",
            )
    latitude = _decimal(spec.latitude, "latitude", gettext_lazy("Latitude"))
    longitude = _decimal(spec.longitude, "longitude", gettext_lazy("Longitude"))
    if (latitude is None) != (longitude is None) or (
        latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        raise DomainError(
            gettext_lazy("A point needs both latitude (−90…90) and longitude (−180…180)."),
            field="latitude",
        )
    lot = Lot.objects.create(
        product=product, code=code, gtin=gtin, produced_on=spec.produced_on, quantity=quantity, uom=spec.uom,
        expires_on=spec.expires_on, expiry_kind=spec.expiry_kind if spec.expires_on else "", commune=spec.commune,
        latitude=latitude, longitude=longitude, inputs=spec.inputs.strip(), standards=spec.standards.strip(),
        created_by=user_of(actor), is_demo=is_demo,
    )  # fmt: skip
    authority.audit(grant, target=lot, after={"product": product.name, "code": code, "quantity": str(quantity)})
    return lot


def lot_get(pk: Any) -> Lot:
    lot = (
        Lot.objects.select_related("product__producer", "commune").filter(pk=pk).first() if str(pk).isdigit() else None
    )
    if lot is None:
        raise NotFoundError(gettext_lazy("No lot %(pk)s."), {"pk": pk})
    return lot


# --- events -------------------------------------------------------------------------------------------


def _store(event: epcis.Event, *, lot: Lot, actor, commune: AdminUnit | None, voids: Event | None = None,
           is_demo: bool = False) -> Event:  # fmt: skip
    if event.event_id is None and event.error_declaration is None:
        event = epcis.with_hash_id(event, namespaces())
    data = epcis.event_json(event)
    return Event.objects.create(
        lot=lot, event_id=event.event_id or "", type=event.type, biz_step=event.biz_step or "",
        event_time=event.event_time, commune=commune, data=data, voids=voids, recorded_by=user_of(actor), is_demo=is_demo,
    )  # fmt: skip


def _where(commune: AdminUnit | None, gln: str) -> tuple[str | None, str | None]:
    """(readPoint, bizLocation): a GLN when the place has one, else the commune's place URI."""
    try:
        point = identifiers.gln_uri(gln) if gln.strip() else None
    except identifiers.IdentifierError as exc:
        raise _refused(exc) from None
    location = place_uri(commune) if commune is not None else None
    return point or location, location


@authority.acts("trace.event.record")
def event_record(
    *, actor, lot: Lot, step: str, event_time: dt.datetime, commune: AdminUnit | None, gln: str = "",
    quantity: Any = None, inputs: list[tuple[Lot, Any]] = (), result: str = "", reference: str = "", note: str = "",
    is_demo: bool = False,
) -> Event:  # fmt: skip
    """A step of a lot (harvested or produced, made from inputs, packed, inspected, shipped, received)
    as an EPCIS 2.0 event; `quantity` defaults to the whole lot."""
    grant = _may_write(actor, lot.product, "trace.event.record")
    if step not in RECORDED_BY_HAND:
        raise DomainError(gettext_lazy("No step “%(step)s”."), {"step": step}, field="step")
    if timezone.is_naive(event_time):
        event_time = timezone.make_aware(event_time)
    if event_time > clock.now() + dt.timedelta(minutes=5):
        raise DomainError(
            gettext_lazy("The event time %(time)s is in the future."),
            {"time": f"{timezone.localtime(event_time):%d/%m/%Y %H:%M}"},
            field="event_time",
        )
    if event_time.date() < lot.produced_on - dt.timedelta(days=366) and step != "produced":
        raise DomainError(gettext_lazy("Long before the lot."), field="event_time")
    amount = _decimal(quantity, "quantity", gettext_lazy("Quantity"))
    amount = lot.quantity if amount is None else amount
    if amount <= 0:
        raise DomainError(gettext_lazy("The quantity must be above 0."), field="quantity")
    if step == "inspected" and result not in INSPECTION_RESULTS:
        raise DomainError(gettext_lazy("Say whether it passed."), field="result")
    spec = STEPS[step]
    read_point, biz_location = _where(commune, gln)
    here = epcis.QuantityElement(lot_class(lot), amount, lot.uom)
    extensions = {f"{NAMESPACE}:{k}": v for k, v in (("reference", reference), ("note", note)) if v.strip()}
    fields: dict[str, Any] = {
        "type": spec.type, "event_time": timezone.localtime(event_time), "biz_step": spec.biz_step,
        "disposition": result if step == "inspected" else spec.disposition, "read_point": read_point,
        "biz_location": biz_location, "extensions": extensions,
    }  # fmt: skip
    if spec.type == "TransformationEvent":
        if not inputs:
            raise DomainError(gettext_lazy("Name at least one input."), field="inputs")
        consumed = []
        for source, used in inputs:
            _may_write(actor, source.product, "trace.event.record")
            used_amount = _decimal(used, "inputs", gettext_lazy("Input quantity"))
            if used_amount is None or used_amount <= 0:
                raise DomainError(
                    gettext_lazy("The quantity used from lot %(lot)s must be above 0."), {"lot": source.code}, field="inputs"
                )
            consumed.append(epcis.QuantityElement(lot_class(source), used_amount, source.uom))
        fields |= {"input_quantity_list": tuple(consumed), "output_quantity_list": (here,)}
    else:
        fields |= {"action": spec.action, "quantity_list": (here,)}
    if step == "produced" and lot.inputs:
        fields["ilmd"] = {f"{NAMESPACE}:inputs": lot.inputs}
    try:
        event = epcis.Event(**fields)
    except epcis.EpcisError as exc:
        raise _refused(exc) from None
    row = _store(event, lot=lot, actor=actor, commune=commune, is_demo=is_demo)
    authority.audit(grant, target=row, after={"step": step, "lot": lot.code})
    return row


@authority.acts("trace.event.void")
def event_void(*, actor, event: Event, reason: str, corrected: dict[str, Any] | None = None) -> Event:
    """Declare a recorded event erroneous (EPCIS 2.0 ErrorDeclaration, reason "incorrect_data" or
    "did_not_occur"); with `corrected` (the arguments of `event_record`), record the corrective event
    and name it. The erroneous event itself never changes."""
    event = Event.objects.select_for_update().select_related("lot__product").get(pk=event.pk)
    grant = _may_write(actor, event.lot.product, "trace.event.void")
    if event.voids_id is not None or event.voided_by.exists():
        raise DomainError(
            gettext_lazy("This event is already declared erroneous, or is itself a declaration."),
            field="event",
        )
    corrective = event_record(actor=actor, lot=event.lot, **corrected) if corrected else None
    original = _parsed(event)
    declaration = epcis.declare_error(
        original, declaration_time=timezone.localtime(), reason="incorrect_data" if corrected else "did_not_occur",
        corrective_event_ids=[corrective.event_id] if corrective else [],
    )  # fmt: skip
    row = _store(declaration, lot=event.lot, actor=actor, commune=event.commune, voids=event)
    authority.audit(grant, target=event, before={"voided": False},
                    after={"voided": True, "reason": reason, "corrective": corrective.event_id if corrective else None})  # fmt: skip
    return row


def _wrap(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": [epcis.EPCIS_CONTEXT, namespaces()], "type": "EPCISDocument", "schemaVersion": "2.0",
        "creationDate": clock.now().isoformat(), "epcisBody": {"eventList": rows},
    }  # fmt: skip


def _parsed(event: Event) -> epcis.Event:
    return epcis.parse_document(_wrap([event.data]))[0]


def may_see_serials(user, lot: Lot) -> bool:
    """The stamps' serials are the lot's producer's and the offices' in scope: anyone who has them
    could print copies of genuine stamps."""
    if user is None or not user.is_authenticated:
        return False
    try:
        require_producer_or_office(user, lot.product, "trace.stamps.issue")
    except PermissionDeniedError:
        return False
    return True


def lot_document(lot: Lot, *, now: dt.datetime, serials: bool = False) -> dict[str, Any]:
    """The lot's whole history as an EPCIS 2.0 JSON-LD document, every event as it was recorded,
    error declarations included; the stamps' serials only with `serials=True` (for the lot's
    producer and the offices in scope), else counts of the lot's class in their place."""
    rows = [e.data for e in lot.events.order_by("recorded_at", "pk")]
    if not serials:
        rows = without_serials(rows)
    return epcis.document(epcis.parse_document(_wrap(rows)), now, namespaces=namespaces())


# --- capture ------------------------------------------------------------------------------------------


def _event_lot(event: epcis.Event) -> Lot | None:
    """The lot an event is about: its output for a transformation, else the first lot it names."""
    candidates = (
        [q.epc_class for q in event.output_quantity_list] + list(event.output_epc_list)
        + [q.epc_class for q in event.quantity_list] + list(event.epc_list)
        + [q.epc_class for q in event.child_quantity_list] + list(event.child_epcs)
        + ([event.parent_id] if event.parent_id else [])
    )  # fmt: skip
    for uri in candidates:
        lot = lot_for_uri(uri)
        if lot is not None:
            return lot
    return None


@authority.acts("trace.epcis.capture")
def epcis_capture(*, actor, data: Any) -> list[Event]:
    """Store the events of an EPCIS 2.0 document (JSON-LD) for lots the actor may write; all or nothing.
    An event already stored (same eventID) is skipped; an error declaration voids the event it names."""
    try:
        events = epcis.parse_document(data)
    except epcis.EpcisError as exc:
        raise _refused(exc) from None
    declared = epcis.document_namespaces(data)
    stored: list[Event] = []
    for index, event in enumerate(events, start=1):
        if event.event_id is None and event.error_declaration is None:
            event = epcis.with_hash_id(event, declared)  # a capture without IDs stays idempotent
        lot = _event_lot(event)
        if lot is None:
            raise DomainError(
                gettext_lazy("Event %(index)s: it names no known lot."),
                {"index": index},
                field=f"eventList[{index - 1}]",
            )
        grant = _may_write(actor, lot.product, "trace.epcis.capture")
        known = Event.objects.filter(lot=lot, event_id=event.event_id) if event.event_id else Event.objects.none()
        if event.error_declaration is not None:
            original = known.filter(voids__isnull=True).first()
            if original is None:
                raise DomainError(
                    gettext_lazy("Event %(index)s: it declares erroneous the event %(event)s, which lot %(lot)s does not have."),
                    {"index": index, "event": event.event_id, "lot": lot.code},
                    field=f"eventList[{index - 1}].eventID",
                )
            if original.voided_by.exists():
                continue
            stored.append((grant, _store(event, lot=lot, actor=actor, commune=None, voids=original)))
        elif not known.exists():
            stored.append((grant, _store(event, lot=lot, actor=actor, commune=None)))
    for grant, row in stored:
        authority.audit(grant, target=row, after={"event_id": row.event_id, "lot": row.lot.code})
    return [row for _, row in stored]


# --- stamps -------------------------------------------------------------------------------------------


@authority.acts("trace.stamps.issue")
def stamps_issue(*, actor, lot: Lot, count: int, on: dt.date, is_demo: bool = False) -> list[Stamp]:
    """N new serialised stamps for a lot of a product with an OCOP certificate in force; their
    commissioning is recorded as an EPCIS event."""
    grant = _may_write(actor, lot.product, "trace.stamps.issue")
    if not isinstance(count, int) or not 1 <= count <= STAMPS_MAX:
        raise DomainError(
            gettext_lazy("Issue 1 to %(most)s stamps at a time, not “%(count)s”."),
            {"most": Bilingual(f"{STAMPS_MAX:,}".replace(",", "."), str(STAMPS_MAX)), "count": count},
            field="count",
        )
    standing = product_standing(lot.product, on)
    if standing is None or standing.state not in IN_FORCE:
        raise DomainError(
            gettext_lazy("%(product_name)s has no OCOP certificate in force on %(on)s: no OCOP stamps."),
            {"product_name": lot.product.name, "on": format(on, '%d/%m/%Y')},
            field="lot",
        )
    Lot.objects.select_for_update().filter(pk=lot.pk).first()  # one issue at a time per lot: numbers follow
    start = (lot.stamps.aggregate(n=Max("number"))["n"] or 0) + 1
    serials: set[str] = set()
    while len(serials) < count:
        fresh = {stamp_sheets.serial_new() for _ in range(count - len(serials))}
        serials |= fresh - set(Stamp.objects.filter(serial__in=fresh).values_list("serial", flat=True))
    now = clock.now()
    issued = Stamp.objects.bulk_create(
        Stamp(lot=lot, serial=serial, number=start + i, issued_at=now, issued_by=user_of(actor), is_demo=is_demo)
        for i, serial in enumerate(serials)
    )
    _stamps_event(actor, lot, issued, "commissioned", is_demo=is_demo)
    authority.audit(grant, target=lot, after={"count": count, "first": start, "last": start + count - 1})
    return issued


def _stamps_event(actor, lot: Lot, stamps: list[Stamp], step: str, is_demo: bool = False) -> Event:
    spec = STEPS[step]
    where = place_uri(lot.commune)
    event = epcis.Event(
        type=spec.type, action=spec.action, event_time=timezone.localtime(), biz_step=spec.biz_step,
        disposition=spec.disposition, epc_list=tuple(stamp_epc(s) for s in stamps), read_point=where,
        biz_location=where,
    )  # fmt: skip
    return _store(event, lot=lot, actor=actor, commune=lot.commune, is_demo=is_demo)


@authority.acts("trace.stamps.void")
def stamps_void(*, actor, lot: Lot, first: int, last: int, reason: str) -> int:
    """Void the lot's stamps numbered first..last (lost, damaged or copied); their decommissioning is
    recorded. Returns how many were voided."""
    grant = _may_write(actor, lot.product, "trace.stamps.void")
    if not reason.strip():
        raise DomainError(gettext_lazy("Say why the stamps are voided."), field="reason")
    if not 1 <= first <= last:
        raise DomainError(
            gettext_lazy("The range %(first)s–%(last)s is not valid."),
            {"first": first, "last": last},
            field="first",
        )
    stamps = list(lot.stamps.select_for_update().filter(number__gte=first, number__lte=last, voided_at__isnull=True))
    if not stamps:
        raise DomainError(
            gettext_lazy("Lot %(lot)s has no stamp in force in %(first)s–%(last)s."),
            {"lot": lot.code, "first": first, "last": last},
            field="first",
        )
    now = clock.now()
    Stamp.objects.filter(pk__in=[s.pk for s in stamps]).update(voided_at=now, void_reason=reason.strip())
    _stamps_event(actor, lot, stamps, "decommissioned")
    authority.audit(grant, target=lot,
                    after={"first": first, "last": last, "count": len(stamps), "reason": reason.strip()})  # fmt: skip
    return len(stamps)


def sheet_pdf(lot: Lot, *, first: int, last: int, size_mm: int, on: dt.date, request=None) -> bytes:
    """The printable A4 sheet of the lot's stamps numbered first..last (voided ones left out); their
    QR codes carry the site's address (the one `request` came to, when TAMNONG_SITE_URL is not set)."""
    stamps = list(lot.stamps.filter(number__gte=first, number__lte=last, voided_at__isnull=True))
    if not stamps:
        raise DomainError(
            gettext_lazy("Lot %(lot)s has no stamp in %(first)s–%(last)s."),
            {"lot": lot.code, "first": first, "last": last},
            field="first",
        )
    standing = product_standing(lot.product, on)
    stars = standing.certificate.stars if standing else 0
    try:
        return stamp_sheets.sheet_pdf(
            [stamp_sheets.Stamp(stamp_url(s, request), s.serial, lot.product.name, stars, lot.code) for s in stamps],
            size_mm=size_mm, title=f"{lot.product.name} — lô {lot.code} — tem {first}–{last}",
        )  # fmt: skip
    except stamp_sheets.StampError as exc:
        raise _refused(exc) from None


# --- scans --------------------------------------------------------------------------------------------


def scan_record(*, product: Product, lot: Lot | None, stamp: Stamp | None, serial: str, client: str,
                at: dt.datetime) -> Scan:  # fmt: skip
    return Scan.objects.create(
        product=product, lot=lot, stamp=stamp, serial=serial[:20], known=stamp is not None or not serial,
        client=client, scanned_at=at,
    )  # fmt: skip
