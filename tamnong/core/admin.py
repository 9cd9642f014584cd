"""The Django admin writes nothing legal: the records that carry a decision, a score, a state or a trace
(registers, dossiers, rounds, sheets, certificates, audit events, emails sent…) are read-only here,
for superusers too; they change only through Tamnông's pages, API and imports, which check the
authority and audit every write. `ReadOnlyAdmin` and `ReadOnlyInline` are how an admin says so."""

from django.contrib import admin

from tamnong.core.models import AuditEvent, OutboundEmail


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record to look up: no add, no change, no delete, whoever asks."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """The related records shown under a read-only record, read-only themselves."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return list(self.fields or [f.name for f in self.model._meta.fields])

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action", "target_type"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    """The outbox, read only: what was sent, what is retrying, what failed and why."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "about_id"]
