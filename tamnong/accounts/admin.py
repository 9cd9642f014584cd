"""The admin of reference data, kept within the staff user's territory.

What a staff user may edit here is reference data (the units' usual names and attributes, villages,
role assignments, targets, producers and products); each admin below names the unit a record belongs
to (`territory`), lists only the records of the units the user may change
(`actor_scope(user, write=True)`), and refuses a record saved for a unit outside it. Legal records are
read-only (tamnong.core.admin.ReadOnlyAdmin). The places' admins live here because the territory
is the accounts' notion (places sits below accounts)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tamnong.accounts.authority import NotAuthorised
from tamnong.accounts.models import Role, RoleAssignment
from tamnong.accounts.selectors import Scope, actor_scope
from tamnong.accounts.services import boundary_set_upload, village_create, village_rename
from tamnong.core.admin import ReadOnlyAdmin
from tamnong.core.errors import DomainError
from tamnong.places.models import AdminUnit, AdminUnitSuccession, BoundarySet, Village
from tamnong.places.selectors import unit_full_name
from tamnong.places.services import village_name_clean


def _outside(unit: AdminUnit) -> str:
    return _("%(unit)s is outside the units your roles may change.") % {"unit": unit_full_name(unit)}


class TerritoryAdmin(admin.ModelAdmin):
    """An admin of records that belong to a unit: `territory` is the lookup from the record to its unit
    ("commune", "producer__commune"; "" when the record is the unit)."""

    territory = "commune"

    def scope(self, request) -> Scope:
        return actor_scope(request.user, write=True)

    def record_unit(self, obj, data=None) -> AdminUnit | None:
        if not self.territory:
            return obj
        first, *rest = self.territory.split("__")
        current = (data or {}).get(first) or getattr(obj, first, None)
        for name in rest:
            current = getattr(current, name, None) if current is not None else None
        return current

    def covers(self, request, obj, data=None) -> bool:
        scope = self.scope(request)
        if scope.everything:
            return True
        unit = self.record_unit(obj, data)
        return unit is not None and scope.covers(unit)

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        scope = self.scope(request)
        return scope.filter(rows, prefix=f"{self.territory}__" if self.territory else "")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self.covers(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self.covers(request, obj))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        model_admin = self

        class InTerritory(form):
            def clean(self):
                data = super().clean()
                unit = model_admin.record_unit(self.instance, data)
                if unit is not None and not model_admin.covers(request, self.instance, data):
                    raise forms.ValidationError(_outside(unit))
                return data

        return InTerritory

    def save_model(self, request, obj, form, change):
        if not self.covers(request, obj):
            raise PermissionDenied(_outside(self.record_unit(obj)) if self.record_unit(obj) else "")
        super().save_model(request, obj, form, change)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(TerritoryAdmin):
    """Roles over units of one's territory; the national office's role only by whoever covers everything."""

    territory = "unit"
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name_folded", "unit__code"]
    raw_id_fields = ["user", "unit"]

    def covers(self, request, obj, data=None) -> bool:
        role = (data or {}).get("role") or obj.role
        if role == Role.NATIONAL_OFFICE:
            return self.scope(request).everything
        return super().covers(request, obj, data)


@admin.register(AdminUnit)
class AdminUnitAdmin(TerritoryAdmin):
    """Offices edit the usual name and the programme flags; the official fields come from the lists, and
    the commune group (51/2025) and region (318/2022) only through the dated, reviewed proposals of
    /groups/ (tamnong.accounts.unit_groups): here they are read-only."""

    territory = ""
    list_display = ["code", "title", "scheme", "kind", "region", "commune_group"]
    list_filter = ["scheme", "level", "kind", "region", "commune_group"]
    search_fields = ["code", "name_folded", "name"]
    readonly_fields = ["scheme", "code", "name", "kind", "level", "parent", "path", "valid_from", "valid_to", "lat",
                       "lon", "region", "commune_group"]  # fmt: skip
    fields = readonly_fields + ["usual_name", "extremely_difficult", "safety_zone", "poor_district_2018_2020"]

    def has_add_permission(self, request):
        return False  # units come from the official lists (tamnong load_units)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdminUnitSuccession)
class AdminUnitSuccessionAdmin(ReadOnlyAdmin):
    """Successions come from the official lists (tamnong load_units)."""

    list_display = ["predecessor", "successor", "kind", "effective_on"]
    list_filter = ["kind", "successor__scheme"]


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
class VillageAdmin(TerritoryAdmin):
    """Villages are created and renamed through the services, so every change is audited."""

    form = VillageForm
    list_display = ["__str__", "commune", "valid_from", "valid_to", "merged_into"]
    search_fields = ["name_folded", "commune__name_folded"]
    raw_id_fields = ["commune", "merged_into"]
    fields = ["commune", "name", "kind", "valid_from"]

    def get_readonly_fields(self, request, obj=None):
        return ["commune", "kind", "valid_from"] if obj else []

    def save_model(self, request, obj, form, change):
        if not self.covers(request, obj):
            raise PermissionDenied(_outside(obj.commune))
        try:
            if change:
                village_rename(village=obj, name=form.cleaned_data["name"], actor=request.user)
            else:
                created = village_create(
                    commune=obj.commune, name=obj.name, kind=obj.kind, valid_from=obj.valid_from, actor=request.user
                )
                obj.pk = created.pk
        except NotAuthorised as exc:  # the authority table's refusal, with the action, the commune and why
            raise PermissionDenied(exc.message()) from None

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
    """Upload boundaries of a whole list (the country): the service validates and stores them; only a user
    whose roles cover every unit may upload."""

    form = BoundarySetForm
    list_display = ["__str__", "code_property", "source", "uploaded_at"]

    def _everything(self, request) -> bool:
        return actor_scope(request.user, write=True).everything

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._everything(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._everything(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        obj.pk = form.boundary.pk  # stored by the service in clean()

    def save_related(self, request, form, formsets, change):
        pass
