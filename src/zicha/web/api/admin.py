"""Admin for API tokens: listing and revoking; tokens are issued on the console page
(the secret is shown once there), never in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from zicha.web.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "organization", "scopes", "created_at", "last_used_at",
                    "expires_at", "revoked")
    list_filter = ("revoked", "organization")
    list_select_related = ("organization",)
    search_fields = ("name", "prefix")
    readonly_fields = ("organization", "name", "key_hash", "prefix", "scopes", "created_by",
                       "created_at", "last_used_at", "expires_at", "revoked", "revoked_at")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
