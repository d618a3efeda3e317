from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from zicha.web.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "organization", "department",
                    "is_active", "locked_until")
    list_filter = ("role", "organization", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("zicha"), {"fields": (
        "role", "organization", "department", "supervised_organizations",
        "must_change_password", "failed_logins", "locked_until")}))
    filter_horizontal = ("supervised_organizations", "groups", "user_permissions")
    #: written by the login and password services (audited), not by hand
    readonly_fields = ("failed_logins", "locked_until", "password_changed_at", "last_login",
                       "date_joined")
