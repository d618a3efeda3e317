"""Admin for findings (the 整改台账 until the console has its own views)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from zicha.web.findings.models import Finding, FindingAttachment, FindingComment


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("check_id", "asset", "status", "severity", "department", "owner", "due_date",
                    "opened_at", "closed_at", "last_result_status")
    list_filter = ("status", "severity", "last_result_status", "department", "organization")
    list_select_related = ("asset", "department")
    search_fields = ("check_id", "asset__name", "asset__ip", "owner")
    date_hierarchy = "opened_at"
    raw_id_fields = ("asset", "first_seen_inspection", "last_seen_inspection")
    readonly_fields = ("first_seen_inspection", "last_seen_inspection", "last_result_status",
                       "opened_at", "closed_at", "created_at", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False   # findings are opened by inspections, not by hand


class _ReadOnly(admin.ModelAdmin):
    """Written through the console's services (upload checks, audit log)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(FindingComment)
class FindingCommentAdmin(_ReadOnly):
    list_display = ("finding", "author", "created_at")
    list_select_related = ("finding__asset", "author")
    list_filter = ("finding__organization",)
    search_fields = ("body", "finding__check_id")
    raw_id_fields = ("finding",)


@admin.register(FindingAttachment)
class FindingAttachmentAdmin(_ReadOnly):
    list_display = ("name", "finding", "content_type", "size", "uploaded_by", "created_at")
    list_select_related = ("finding__asset", "uploaded_by")
    list_filter = ("content_type",)
    search_fields = ("name", "sha256", "finding__check_id")
    raw_id_fields = ("finding", "comment")
