"""Offices keep OCOP reference records here (producers, products, registrations, councils); scores
go through the council's page and certificates through the council's result, so those are read-only."""

from django import forms
from django.contrib import admin

from tamnong.core.errors import DomainError
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


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    form = ProducerForm
    list_display = ["name", "kind", "tax_code", "commune", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "tax_code"]
    raw_id_fields = ["commune"]
    filter_horizontal = ["members"]


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


class ProductPhotoInline(admin.TabularInline):
    model = ProductPhoto
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductForm
    inlines = [ProductPhotoInline]
    list_display = ["name", "producer", "group", "subgroup", "commune", "is_demo"]
    list_filter = ["group", "is_demo"]
    search_fields = ["name", "producer__name"]
    raw_id_fields = ["producer", "commune"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["product", "year", "target_stars", "status"]
    list_filter = ["year", "status"]
    raw_id_fields = ["product"]


class EntryInline(admin.TabularInline):
    model = Entry
    fields = ["product", "total", "stars", "decision", "forward_to"]
    readonly_fields = ["total", "stars", "decision", "forward_to"]
    raw_id_fields = ["product"]
    extra = 1


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "unit", "held_on", "sheet_id"]
    list_filter = ["level"]
    raw_id_fields = ["unit"]
    filter_horizontal = ["members"]
    readonly_fields = ["sheet_id"]
    inlines = [EntryInline]

    def save_model(self, request, obj, form, change):
        obj.sheet_id = ocop.sheet_in_force(obj.held_on).id
        super().save_model(request, obj, form, change)


@admin.register(MemberScore)
class MemberScoreAdmin(admin.ModelAdmin):
    list_display = ["entry", "member", "scored_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["product", "stars", "decision_number", "issued_on", "issuer_level", "revoked_on", "is_demo"]
    list_filter = ["stars", "issuer_level", "is_demo"]
    search_fields = ["product__name", "decision_number"]
    readonly_fields = ["product", "entry", "stars", "total", "decision_number", "issued_on", "issuer_level", "issuer",
                       "superseded_by", "notice_sent_on", "is_demo"]  # fmt: skip

    def has_add_permission(self, request):
        return False


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "products_3_4", "products_5", "new_3", "new_4", "new_5", "is_demo"]
    list_filter = ["year"]
    raw_id_fields = ["unit"]
