"""Admin for inspections. Results and evidence are written by services: read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zicha.web.inspections.models import (
    BundleUpload,
    CheckDefinition,
    CheckResult,
    Evidence,
    Inspection,
    InspectionSchedule,
    ManualAnswer,
)


def _text(values: dict[str, str] | None) -> str:
    values = values or {}
    return values.get(get_language() or "zh-hans") or values.get("zh-hans") or values.get("en", "")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable records produced by services; they are never added or edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organization", "status", "started_at", "finished_at",
                    "result_total", "failed_count")
    list_filter = ("status", "organization")
    list_select_related = ("organization",)
    search_fields = ("organization__name", "organization__code")
    date_hierarchy = "started_at"
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("results"))
    def result_total(self, obj: Inspection) -> int:
        return int((obj.summary or {}).get("total", 0))

    @admin.display(description=_("failed"))
    def failed_count(self, obj: Inspection) -> int:
        return int((obj.summary or {}).get("results", {}).get("failed", 0))


@admin.register(CheckDefinition)
class CheckDefinitionAdmin(admin.ModelAdmin):
    list_display = ("check_id", "version", "title_text", "kind", "area", "severity", "scope")
    list_filter = ("kind", "area", "severity", "scope")
    search_fields = ("check_id",)

    @admin.display(description=_("title"))
    def title_text(self, obj: CheckDefinition) -> str:
        return _text(obj.title)


@admin.register(CheckResult)
class CheckResultAdmin(ReadOnlyAdmin):
    list_display = ("check_definition", "asset", "status", "severity", "reason", "inspection")
    list_filter = ("status", "severity", "check_definition__area", "inspection__organization")
    list_select_related = ("check_definition", "asset", "inspection__organization")
    search_fields = ("check_definition__check_id", "asset__name", "asset__ip", "reason")
    raw_id_fields = ("inspection", "asset", "check_definition")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "asset", "sha256", "inspection", "created_at")
    list_filter = ("kind", "inspection__organization")
    list_select_related = ("asset", "inspection__organization")
    search_fields = ("source", "sha256", "asset__name", "asset__ip")
    raw_id_fields = ("inspection", "asset")


@admin.register(ManualAnswer)
class ManualAnswerAdmin(ReadOnlyAdmin):
    """Answers are given in the console (services write the result and the audit log)."""

    list_display = ("result", "answer", "confirmed", "answered_by", "answered_at")
    list_filter = ("answer", "confirmed")
    list_select_related = ("result__check_definition", "answered_by")
    search_fields = ("result__check_definition__check_id", "note")
    raw_id_fields = ("result", "carried_over_from")


@admin.register(BundleUpload)
class BundleUploadAdmin(ReadOnlyAdmin):
    list_display = ("name", "organization", "size", "sha256", "inspection", "created_at")
    list_filter = ("organization",)
    list_select_related = ("organization", "inspection")
    search_fields = ("name", "sha256")
    raw_id_fields = ("inspection",)


@admin.register(InspectionSchedule)
class InspectionScheduleAdmin(ReadOnlyAdmin):
    """Schedules are changed in the console (services compute the next run and audit)."""

    list_display = ("name", "organization", "frequency", "weekday", "every_days", "time",
                    "enabled", "last_run", "next_run")
    list_filter = ("frequency", "enabled", "organization")
    list_select_related = ("organization",)
    search_fields = ("name",)
