"""Dossiers and their history, read-only: they move through the workflow's pages and API only."""

from django.contrib import admin

from tamnong.core.admin import ReadOnlyAdmin, ReadOnlyInline
from tamnong.recognition.models import Dossier, DossierEvent


class DossierEventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ["at", "on", "actor", "action", "item", "from_state", "to_state", "note"]


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["pk", "commune", "tier", "state", "state_since", "version"]
    list_filter = ["state", "tier"]
    inlines = [DossierEventInline]


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "at", "on", "actor", "action", "item", "from_state", "to_state"]
    list_filter = ["action"]
