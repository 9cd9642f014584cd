from django.contrib import admin

from tamnong.recognition.models import Dossier, DossierEvent


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["pk", "commune", "tier", "state", "state_since", "version"]
    list_filter = ["state", "tier"]
    readonly_fields = ["approved_hash", "version"]


@admin.register(DossierEvent)
class DossierEventAdmin(admin.ModelAdmin):
    list_display = ["dossier", "at", "on", "actor", "action", "item", "from_state", "to_state"]
    list_filter = ["action"]
