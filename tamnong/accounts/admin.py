from django.contrib import admin

from tamnong.accounts.models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name_folded", "unit__code"]
    raw_id_fields = ["user", "unit"]
