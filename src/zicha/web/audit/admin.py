from __future__ import annotations

from django.contrib import admin

from zicha.web.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ("seq", "at", "actor_label", "action", "target_label", "organization")
    list_filter = ("action", "organization")
    search_fields = ("actor_label", "action", "target_label")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
