"""The order pages' posted forms: a buyer's order, and in a producer's inbox an order's next status or the
producer's bank account. Values are read as typed; the services check them and name the field."""

from django.utils.translation import gettext_lazy as _

from tamnong.core.errors import DomainError, PermissionDeniedError
from tamnong.core.forms import PostedForm, Raw, Text
from tamnong.orders import services


class OrderForm(PostedForm):
    """A quantity per product (`qty-<product>`), the buyer's contact and address; `website` is the trap
    only robots fill."""

    name = Text()
    phone = Text()
    email = Text()
    province = Text()
    address = Text()
    note = Text()
    website = Text()

    def items(self) -> list[tuple[str, str]]:
        return [(key[4:], value) for key, value in self.data.items() if key.startswith("qty-") and value.strip()]

    def order_request(self) -> services.OrderRequest:
        posted = self.parsed()
        return services.OrderRequest(
            items=self.items(), name=posted["name"], phone=posted["phone"], email=posted["email"],
            province=posted["province"], address=posted["address"], note=posted["note"], honeypot=posted["website"],
        )  # fmt: skip


class BankAccountForm(PostedForm):
    producer = Text()
    bank_bin = Text()
    account_number = Text()
    holder_name = Text()

    def __init__(self, data, *, producers):
        self.producers = producers
        super().__init__(data)

    def clean_producer(self):
        producer = next((p for p in self.producers if str(p.pk) == self.cleaned_data["producer"]), None)
        if producer is None:
            self.refuse(
                PermissionDeniedError(_("This account does not belong to it."))
            )
        return producer


class OrderStatusForm(PostedForm):
    order = Text()
    status = Text()
    amount_vnd = Raw()
    note = Text()

    def clean_order(self) -> int:
        order_id = self.cleaned_data["order"]
        if not order_id.isdigit():
            self.refuse(DomainError(_("No such order."), field="order"))
        return int(order_id)


def inbox_form(data, *, producers) -> PostedForm:
    """The inbox's form that was posted: a bank account (`action=bank`), else an order's next status."""
    if data.get("action") == "bank":
        return BankAccountForm(data, producers=producers)
    return OrderStatusForm(data)


class PersonalDataForm(PostedForm):
    """An office's request about one person's data: the person's keys, the act (find, export, erase), the
    erasure's confirmation and reference."""

    phone = Raw()
    email = Raw()
    tax_code = Raw()
    act = Raw()
    confirm = Raw()
    reference = Raw()

    def keys(self) -> dict[str, str]:
        return {name: (self.cleaned_data[name] or "").strip()[:200] for name in ("phone", "email", "tax_code")}

    def act_asked(self) -> str:
        act = self.cleaned_data["act"]
        return "find" if act is None else act

    def reference_text(self) -> str:
        return (self.cleaned_data["reference"] or "").strip()[:200]
