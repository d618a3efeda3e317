"""Admin for the inventory."""

from __future__ import annotations

from django.contrib import admin

from zicha.web.inventory.models import (
    Asset,
    Department,
    InformationSystem,
    Organization,
    Subnet,
    Zone,
)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "created_at")
    search_fields = ("name", "code")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "organization")
    list_filter = ("organization",)
    list_select_related = ("organization",)
    search_fields = ("name",)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organization")
    list_filter = ("kind", "organization")
    list_select_related = ("organization",)
    search_fields = ("name",)


@admin.register(Subnet)
class SubnetAdmin(admin.ModelAdmin):
    list_display = ("cidr", "name", "zone", "department")
    list_filter = ("zone__kind", "zone__organization")
    list_select_related = ("zone", "department")
    search_fields = ("cidr", "name")


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ("name", "ip", "platform", "role", "zone", "department", "owner",
                    "registered", "last_seen")
    list_filter = ("registered", "platform", "role", "zone__kind", "organization")
    list_select_related = ("zone", "department")
    search_fields = ("name", "ip", "mac", "owner", "vendor", "notes")
    date_hierarchy = "last_seen"
    autocomplete_fields = ("organization", "zone", "department")


@admin.register(InformationSystem)
class InformationSystemAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "grade", "filing_number", "last_assessed", "department",
                    "organization")
    list_filter = ("grade", "kind", "organization")
    list_select_related = ("organization", "department")
    search_fields = ("name", "filing_number", "vendor", "owner")
