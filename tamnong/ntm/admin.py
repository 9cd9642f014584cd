"""Offices keep the recognition register and the yearly targets here; commune data go through the
data-entry form and the imports (which evaluate and audit every save), so they are read-only here."""

from django.contrib import admin

from tamnong.ntm.models import Recognition, SelfAssessment, Target, TargetCommune


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["commune", "tier", "decision_number", "decision_date", "revoked_on", "is_demo"]
    list_filter = ["tier", "is_demo"]
    search_fields = ["commune__name_folded", "decision_number"]
    raw_id_fields = ["commune"]


class TargetCommuneInline(admin.TabularInline):
    model = TargetCommune
    raw_id_fields = ["commune"]
    extra = 1


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "average_criteria", "communes_standard", "communes_advanced", "communes_model"]
    list_filter = ["year"]
    raw_id_fields = ["unit"]
    inlines = [TargetCommuneInline]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["commune", "edition_id", "on", "version", "updated_by", "updated_at"]
    list_filter = ["edition_id", "on"]
    search_fields = ["commune__name_folded", "commune__code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
