"""The OCOP pages' posted forms: a member's score sheet, the producer page's requests, an office's pre-check
and its review of a producer's change. Each reads the text as typed and refuses, naming the field, as the
services do; the chosen record is looked up among those the page offers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tamnong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from tamnong.core.fields import whole_number
from tamnong.core.forms import PostedForm, RawFile, Text
from tamnong.ocop import selectors, services


class ScoreForm(PostedForm):
    """One member's points for each part of the round's sheet, as typed."""

    def __init__(self, data, *, sheet):
        super().__init__(data)
        for part in sheet.parts:
            self.fields[part.code] = Text()


def _one_of(records, posted: str):
    return next((r for r in records if str(r.pk) == posted), None)


class _ProducerForm(PostedForm):
    producer = Text()

    def __init__(self, data, files=None, *, producers=(), products=()):
        self.producers, self.products = producers, products
        super().__init__(data, files)

    def clean_producer(self):
        producer = _one_of(self.producers, self.data.get("producer"))
        if producer is None:
            self.refuse(
                PermissionDeniedError(_("This account does not belong to it."))
            )
        return producer


class ContactChangeForm(_ProducerForm):
    """A producer asks to change its contacts: the fields it sent, as typed."""

    def __init__(self, data, files=None, **kwargs):
        super().__init__(data, files, **kwargs)
        for name in services.PRODUCER_EDITABLE:
            self.fields[name] = Text()

    def values(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in services.PRODUCER_EDITABLE if k in self.data}


class ContactPublishForm(_ProducerForm):
    publishes = Text()

    def clean_publishes(self) -> bool:
        return self.cleaned_data["publishes"] == "yes"


class _ProductForm(PostedForm):
    product = Text()

    def __init__(self, data, files=None, *, producers=(), products=()):
        self.producers, self.products = producers, products
        super().__init__(data, files)

    def clean_product(self):
        product = _one_of(self.products, self.data.get("product"))
        if product is None:
            self.refuse(
                PermissionDeniedError(_("This product is not this account's."))
            )
        return product


def _rows(text: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """Lines typed as "a | b | c" into rows of `fields` (a missing part is empty)."""
    rows = []
    for line in text.splitlines():
        if line.strip():
            parts = [p.strip() for p in line.split("|")]
            rows.append({f: parts[i] if i < len(parts) else "" for i, f in enumerate(fields)})
    return rows


class ProductPageForm(_ProductForm):
    """A producer asks to change a product's page: the fields it sent, a photo to add, photos to take off."""

    description = Text()
    packaging = Text()
    price_vnd = Text()
    price_unit = Text()
    sales_links = Text()
    points_of_sale = Text()
    photo = RawFile()

    def clean_sales_links(self):
        return _rows(self.cleaned_data["sales_links"], ("label", "url"))

    def clean_points_of_sale(self):
        return _rows(self.cleaned_data["points_of_sale"], ("name", "address", "phone"))

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.PRODUCT_EDITABLE if k in self.data}

    def photos_removed(self) -> list[int]:
        return [whole_number(pk, services.PHOTOS_REMOVED) for pk in self.data.getlist(services.PHOTOS_REMOVED)]

    def clean(self):
        try:
            self.cleaned_data[services.PHOTOS_REMOVED] = self.photos_removed()
        except DomainError as error:
            self.refusals.append(error)
            raise forms.ValidationError(error.message_vi) from None
        return self.cleaned_data


class RegisterForm(_ProductForm):
    year = Text()
    target_stars = Text()

    def clean_year(self) -> int:
        return self.read(whole_number, self.data.get("year"), "year")

    def clean_target_stars(self) -> int | None:
        stars = self.data.get("target_stars")
        return self.read(whole_number, stars, "target_stars") if stars else None


class WithdrawForm(_ProductForm):
    registration = Text()
    note = Text()

    def clean_registration(self):
        product = self.cleaned_data.get("product")
        pk = self.read(whole_number, self.data.get("registration"), "registration")
        registration = selectors.product_registration(product, pk) if product is not None else None
        if product is not None and registration is None:
            self.refuse(NotFoundError(_("No such registration.")))
        return registration


class _UnknownActionForm(_ProductForm):
    def clean(self):
        if not self.refusals:
            action = self.data.get("action", "contact")
            self.refuse(DomainError(_("No action “%(action)s”."), {"action": action}, field="action"))
        return self.cleaned_data


PRODUCER_FORMS = {
    "contact": ContactChangeForm,
    "publish_contact": ContactPublishForm,
    "product": ProductPageForm,
    "register": RegisterForm,
    "withdraw": WithdrawForm,
}


def producer_form(data, files, *, producers, products) -> PostedForm:
    """The form of the producer page's action (contacts when none is named); an unknown one refused."""
    return PRODUCER_FORMS.get(data.get("action", "contact"), _UnknownActionForm)(
        data, files, producers=producers, products=products
    )


class _RecordForm(PostedForm):
    """An office's decision on one record: the record, approve/propose or not, a note."""

    action = Text()
    note = Text()

    def decides(self, word: str) -> bool:
        return self.cleaned_data["action"] == word


class PrecheckForm(_RecordForm):
    registration = forms.IntegerField()

    def items(self) -> list[str]:
        """The pre-check's items the office ticked."""
        return self.data.getlist("items")


class ChangeReviewForm(_RecordForm):
    change = forms.IntegerField()
