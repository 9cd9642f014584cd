"""The traceability pages' posted forms: a new lot, and on a lot's page an event, an event voided, stamps
issued or voided. Each reads the text as typed and refuses, naming the field, as the services do."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tamnong.core.errors import DomainError, NotFoundError
from tamnong.core.fields import date_field, whole_number
from tamnong.core.forms import PostedForm, Raw, Text
from tamnong.places.selectors import unit_get_by_key
from tamnong.trace import selectors, services

# The lot's own fields, passed to the service as typed.
LOT_TEXTS = ("code", "uom", "expiry_kind", "gtin", "inputs", "standards")


class LotForm(PostedForm):
    """A new lot of one of the products the user may trace."""

    product = Text()
    commune = Text()
    produced_on = Text()
    expires_on = Text()
    quantity = Raw()
    latitude = Raw()
    longitude = Raw()

    def __init__(self, data, *, products):
        self.products = products
        super().__init__(data)
        for name in LOT_TEXTS:
            self.fields[name] = Text()

    def clean_product(self):
        return selectors.product_among(self.products, self.data.get("product") or 0)

    def clean_commune(self):
        key = self.data.get("commune", "").strip()
        try:
            return unit_get_by_key(key) if key else None
        except NotFoundError:
            self.refuse(DomainError(_("No commune “%(key)s”."), {"key": key}, field="commune"))

    def clean_produced_on(self) -> dt.date:
        return self.read(date_field, self.data.get("produced_on"), "produced_on")

    def clean_expires_on(self) -> dt.date | None:
        return self.read(date_field, self.data.get("expires_on"), "expires_on", required=False)

    def spec(self) -> services.LotSpec:
        posted = self.parsed()
        return services.LotSpec(
            code=posted["code"], produced_on=posted["produced_on"], quantity=posted["quantity"], uom=posted["uom"],
            commune=posted["commune"], expires_on=posted["expires_on"], expiry_kind=posted["expiry_kind"],
            gtin=posted["gtin"], inputs=posted["inputs"], standards=posted["standards"],
            latitude=posted["latitude"], longitude=posted["longitude"],
        )  # fmt: skip


class _LotActionForm(PostedForm):
    def __init__(self, data, *, lot):
        self.lot = lot
        super().__init__(data)


class EventForm(_LotActionForm):
    """A step recorded by hand: when, where, how much, from which input lot, with what result."""

    input_lot = Text()
    input_quantity = Raw()
    event_date = Text()
    event_time = Text()
    commune = Text()
    step = Text()
    gln = Text()
    quantity = Text()
    result = Text()
    reference = Text()
    note = Text()

    def clean_input_lot(self):
        pk = self.data.get("input_lot")
        if not pk:
            return None
        source = selectors.lot_find(pk if pk.isdigit() else 0)
        if source is None:
            self.refuse(DomainError(_("No such input lot."), field="inputs"))
        return source

    def clean_event_time(self) -> dt.datetime:
        day = self.read(date_field, self.data.get("event_date"), "event_date")
        time_text = self.data.get("event_time")
        try:
            hour, minute = (int(x) for x in (time_text or "00:00").split(":")[:2])
            moment = dt.datetime.combine(day, dt.time(hour, minute))
        except ValueError:
            self.refuse(DomainError(_("The time “%(time)s” is not written as hh:mm."), {"time": time_text},
                                    field="event_time"))  # fmt: skip
        return timezone.make_aware(moment)

    def clean_commune(self):
        key = self.data.get("commune")
        if not (key or "").strip():
            return self.lot.commune
        try:
            return unit_get_by_key(key.strip())
        except NotFoundError:
            self.refuse(DomainError(_("No unit “%(key)s”."), {"key": key}, field="commune"))

    def clean_quantity(self):
        return self.cleaned_data["quantity"] or None

    def inputs(self) -> list:
        source = self.cleaned_data["input_lot"]
        return [(source, self.cleaned_data["input_quantity"])] if source is not None else []


class EventVoidForm(_LotActionForm):
    event = Text()
    reason = Text()

    def clean_event(self):
        pk = self.data.get("event")
        event = selectors.lot_event(self.lot, pk if str(pk or "").isdigit() else 0)
        if event is None:
            self.refuse(DomainError(_("No such event."), field="event"))
        return event

    def clean_reason(self) -> str:
        if not self.data.get("reason", "").strip():
            self.refuse(DomainError(_("Say why."), field="reason"))
        return self.data["reason"]


class StampsIssueForm(_LotActionForm):
    count = Text()

    def clean_count(self) -> int:
        return self.read(whole_number, self.data.get("count"), "count")


class StampsVoidForm(_LotActionForm):
    first = Text()
    last = Text()
    reason = Text()

    def clean_first(self) -> int:
        return self.read(whole_number, self.data.get("first"), "first")

    def clean_last(self) -> int:
        return self.read(whole_number, self.data.get("last"), "last")


LOT_ACTIONS = {
    "event": EventForm,
    "void_event": EventVoidForm,
    "issue": StampsIssueForm,
    "void_stamps": StampsVoidForm,
}


def lot_action_form(data, *, lot) -> PostedForm:
    """The form of the lot page's action; an unknown one refused."""
    action = data.get("action")
    if action not in LOT_ACTIONS:
        raise DomainError(_("No action “%(action)s”."), {"action": action}, field="action")
    return LOT_ACTIONS[action](data, lot=lot)
