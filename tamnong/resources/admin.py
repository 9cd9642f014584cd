"""Resources and works in the admin: to look up records. Every change goes through the pages, the API
or the import (which check the scope and the values, and audit every write), so records are read-only here."""

from django.contrib import admin

from tamnong.core.admin import ReadOnlyAdmin, ReadOnlyInline
from tamnong.resources.models import CertifiedArea, Contribution, Disbursement, Establishment, Work, WorkFunding


class WorkFundingInline(ReadOnlyInline):
    model = WorkFunding


class DisbursementInline(WorkFundingInline):
    model = Disbursement


@admin.register(Work)
class WorkAdmin(ReadOnlyAdmin):
    list_display = ["name", "type", "commune", "status", "plan_year", "started_on", "completed_on", "is_demo"]
    list_filter = ["type", "status", "plan_year", "is_demo"]
    search_fields = ["name", "commune__name_folded", "commune__code"]
    raw_id_fields = ["commune", "village", "created_by"]
    inlines = [WorkFundingInline, DisbursementInline]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["unit", "starts_on", "ends_on", "source", "amount_vnd", "in_kind_vnd", "is_demo"]
    list_filter = ["source", "is_demo"]
    search_fields = ["unit__name_folded", "unit__code"]
    raw_id_fields = ["unit", "work", "created_by"]


@admin.register(CertifiedArea)
class CertifiedAreaAdmin(ReadOnlyAdmin):
    list_display = ["commune", "year", "standard", "area_ha", "crops", "is_demo"]
    list_filter = ["standard", "year", "is_demo"]
    raw_id_fields = ["commune"]


@admin.register(Establishment)
class EstablishmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "commune", "agricultural", "producer", "established_on", "closed_on", "is_demo"]
    list_filter = ["kind", "agricultural", "is_demo"]
    search_fields = ["name", "commune__name_folded"]
    raw_id_fields = ["commune", "producer"]
