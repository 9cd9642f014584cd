"""Offices keep OCOP reference records of their own territory here (producers, products, targets);
registrations, rounds, score sheets and certificates are read-only: they go through the registration,
council and certificate pages, which check the authority and audit every write."""

import posixpath

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from tamnong.accounts.admin import TerritoryAdmin
from tamnong.core import clock
from tamnong.core.admin import ReadOnlyAdmin, ReadOnlyInline
from tamnong.core.errors import DomainError
from tamnong.core.photos import photo_clean, public_copy
from tamnong.ocop import services
from tamnong.ocop.models import (
    Certificate,
    Entry,
    MemberScore,
    Producer,
    Product,
    ProductPhoto,
    Registration,
    Round,
    Target,
)
from tamnong.rules import ocop


class ProducerForm(forms.ModelForm):
    website = forms.URLField(assume_scheme="https", required=False)

    class Meta:
        model = Producer
        fields = ["name", "kind", "tax_code", "commune", "address", "old_address", "representative", "phone", "email",
                  "website", "members", "is_demo"]  # fmt: skip

    def clean_tax_code(self):
        try:
            return services.tax_code_clean(self.cleaned_data.get("tax_code", ""))
        except DomainError as exc:
            raise forms.ValidationError(exc.message()) from None

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("commune") is not None:
            try:
                services.require_list_in_force(data["commune"], clock.today())
            except DomainError as exc:
                raise forms.ValidationError({"commune": exc.message()}) from None
        return data


def _created(obj, created) -> None:
    """The admin's object becomes the record the service created (its related rows are saved on it)."""
    obj.pk = created.pk
    obj._state.adding = False


@admin.register(Producer)
class ProducerAdmin(TerritoryAdmin):
    """A new producer is created by the service (authority checked, audited); a change stays in the
    office's territory."""

    form = ProducerForm
    list_display = ["name", "kind", "tax_code", "commune", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "tax_code"]
    raw_id_fields = ["commune"]
    filter_horizontal = ["members"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in ("name", "kind", "commune", "tax_code", "members")
        }
        try:
            created = services.producer_create(
                actor=request.user, name=obj.name, kind=obj.kind, commune=obj.commune, tax_code=obj.tax_code,
                on=clock.today(), **data,
            )  # fmt: skip
        except DomainError as exc:
            raise PermissionDenied(exc.message()) from None
        _created(obj, created)


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["producer", "name", "groups_edition", "group", "subgroup", "description", "packaging", "commune",
                  "is_demo"]  # fmt: skip

    def clean(self):
        data = super().clean()
        try:
            ocop.group_check(data.get("groups_edition", ""), data.get("group", ""), data.get("subgroup", ""))
        except (ocop.OcopInputError, KeyError) as exc:
            message = exc.message_vi if isinstance(exc, ocop.OcopInputError) else f"Không có phân loại {exc}."
            raise forms.ValidationError(message) from None
        return data


class ProductPhotoForm(forms.ModelForm):
    """A photo added here is public: the same check as the producer's, and only its re-encoded copy
    without metadata is stored (tamnong.core.photos)."""

    class Meta:
        model = ProductPhoto
        fields = ["image", "position"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if "image" not in self.changed_data or not image:
            return image
        try:
            photo_clean(image)
        except DomainError as exc:
            raise forms.ValidationError(exc.message()) from None
        return public_copy(image, posixpath.splitext(posixpath.basename(image.name))[0])


class ProductPhotoInline(admin.TabularInline):
    model = ProductPhoto
    form = ProductPhotoForm
    extra = 0


@admin.register(Product)
class ProductAdmin(TerritoryAdmin):
    """A new product is created by the service (authority checked, audited); a change stays in the
    office's territory."""

    form = ProductForm
    inlines = [ProductPhotoInline]
    list_display = ["name", "producer", "group", "subgroup", "commune", "is_demo"]
    list_filter = ["group", "is_demo"]
    search_fields = ["name", "producer__name"]
    raw_id_fields = ["producer", "commune"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = {k: v for k, v in form.cleaned_data.items()
                if k not in ("producer", "name", "group", "subgroup", "commune", "groups_edition")}  # fmt: skip
        try:
            created = services.product_create(
                actor=request.user, producer=obj.producer, name=obj.name, group=obj.group, subgroup=obj.subgroup,
                commune=obj.commune, groups_edition=obj.groups_edition, **data,
            )  # fmt: skip
        except DomainError as exc:
            raise PermissionDenied(exc.message()) from None
        _created(obj, created)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["product", "year", "target_stars", "status"]
    list_filter = ["year", "status"]


class EntryInline(ReadOnlyInline):
    model = Entry
    fields = ["product", "total", "stars", "decision", "forward_to"]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "level", "unit", "held_on", "sheet_id"]
    list_filter = ["level"]
    inlines = [EntryInline]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["product", "round", "total", "stars", "decision"]


@admin.register(MemberScore)
class MemberScoreAdmin(ReadOnlyAdmin):
    list_display = ["entry", "member", "scored_at"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["product", "stars", "decision_number", "issued_on", "issuer_level", "revoked_on", "is_demo"]
    list_filter = ["stars", "issuer_level", "is_demo"]
    search_fields = ["product__name", "decision_number"]


@admin.register(Target)
class TargetAdmin(TerritoryAdmin):
    territory = "unit"
    list_display = ["unit", "year", "products_3_4", "products_5", "new_3", "new_4", "new_5", "is_demo"]
    list_filter = ["year"]
    raw_id_fields = ["unit"]
