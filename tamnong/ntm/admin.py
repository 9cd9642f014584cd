"""The recognition register and the communes' data are read-only here: recognitions are recorded
through the register's pages (a decision, or an import of decisions), commune data through the
data-entry form and the imports, which check the authority, evaluate and audit every save. Offices
keep the yearly targets of their own territory here."""

from django.contrib import admin

from tamnong.accounts.admin import TerritoryAdmin
from tamnong.core.admin import ReadOnlyAdmin
from tamnong.ntm.models import Recognition, SelfAssessment, Target, TargetCommune


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ["commune", "tier", "decision_number", "decision_date", "revoked_on", "is_demo"]
    list_filter = ["tier", "is_demo"]
    search_fields = ["commune__name_folded", "decision_number"]


class TargetCommuneInline(admin.TabularInline):
    model = TargetCommune
    raw_id_fields = ["commune"]
    extra = 1


@admin.register(Target)
class TargetAdmin(TerritoryAdmin):
    territory = "unit"
    list_display = ["unit", "year", "average_criteria", "communes_standard", "communes_advanced", "communes_model"]
    list_filter = ["year"]
    raw_id_fields = ["unit"]
    inlines = [TargetCommuneInline]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["commune", "edition_id", "on", "version", "updated_by", "updated_at"]
    list_filter = ["edition_id", "on"]
    search_fields = ["commune__name_folded", "commune__code"]
