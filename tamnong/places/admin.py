"""Offices edit the attributes the criteria use; the official fields come from the lists and stay read-only.
Villages are created and renamed through the services, so every change is audited."""

from django import forms
from django.contrib import admin

from tamnong.core.errors import DomainError
from tamnong.places.models import AdminUnit, AdminUnitSuccession, BoundarySet, Village
from tamnong.places.services import boundary_set_upload, village_create, village_name_clean, village_rename


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "scheme", "kind", "region", "commune_group"]
    list_filter = ["scheme", "level", "kind", "region", "commune_group"]
    search_fields = ["code", "name_folded", "name"]
    readonly_fields = [
        "scheme",
        "code",
        "name",
        "kind",
        "level",
        "parent",
        "path",
        "valid_from",
        "valid_to",
        "lat",
        "lon",
    ]
    fields = readonly_fields + [
        "usual_name", "region", "commune_group", "extremely_difficult", "safety_zone", "poor_district_2018_2020",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # units come from the official lists (tamnong load_units)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdminUnitSuccession)
class AdminUnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on"]
    list_filter = ["kind", "successor__scheme"]
    raw_id_fields = ["predecessor", "successor"]


class VillageForm(forms.ModelForm):
    class Meta:
        model = Village
        fields = ["commune", "name", "kind", "valid_from"]

    def clean(self):
        data = super().clean()
        commune = data.get("commune") or (self.instance.commune if self.instance.pk else None)
        if commune is not None and data.get("name"):
            try:
                data["name"] = village_name_clean(commune=commune, name=data["name"], exclude_pk=self.instance.pk)
            except DomainError as exc:
                raise forms.ValidationError({exc.field or "name": exc.message()}) from None
        return data


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    form = VillageForm
    list_display = ["__str__", "commune", "valid_from", "valid_to", "merged_into"]
    search_fields = ["name_folded", "commune__name_folded"]
    raw_id_fields = ["commune", "merged_into"]
    fields = ["commune", "name", "kind", "valid_from"]

    def get_readonly_fields(self, request, obj=None):
        return ["commune", "kind", "valid_from"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            village_rename(village=obj, name=form.cleaned_data["name"], actor=request.user)
        else:
            created = village_create(
                commune=obj.commune, name=obj.name, kind=obj.kind, valid_from=obj.valid_from, actor=request.user
            )
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False  # villages end by merging, never by deletion


class BoundarySetForm(forms.ModelForm):
    file = forms.FileField(help_text="GeoJSON FeatureCollection (Polygon / MultiPolygon), UTF-8")

    class Meta:
        model = BoundarySet
        fields = ["scheme", "level", "code_property", "source"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and not self.errors:
            try:
                self.boundary = boundary_set_upload(
                    scheme=data["scheme"], level=data["level"], code_property=data["code_property"],
                    source=data["source"], data=upload.read(), actor=self.actor,
                )  # fmt: skip
            except DomainError as exc:
                raise forms.ValidationError({"file": exc.message()}) from None
        return data


@admin.register(BoundarySet)
class BoundarySetAdmin(admin.ModelAdmin):
    """Upload boundaries: the service validates and stores them; the admin only shows the result."""

    form = BoundarySetForm
    list_display = ["__str__", "code_property", "source", "uploaded_at"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        obj.pk = form.boundary.pk  # stored by the service in clean()

    def save_related(self, request, form, formsets, change):
        pass
