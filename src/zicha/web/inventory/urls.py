"""URLs of the inventory app (namespace "inventory")."""

from __future__ import annotations

from django.urls import path

from zicha.web.inventory import views

app_name = "inventory"

urlpatterns = [
    path("", views.asset_list, name="asset_list"),
    path("assets/new/", views.asset_create, name="asset_create"),
    path("assets/export.xlsx", views.asset_export, name="asset_export"),
    path("assets/import/", views.asset_import, name="asset_import"),
    path("assets/<int:pk>/", views.asset_detail, name="asset_detail"),
    path("assets/<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("assets/<int:pk>/register/", views.asset_register, name="asset_register"),
    path("ip-register/", views.ipregister_list, name="ipregister_list"),
    path("zones/", views.zone_list, name="zone_list"),
    path("zones/new/", views.zone_create, name="zone_create"),
    path("zones/<int:pk>/edit/", views.zone_edit, name="zone_edit"),
    path("subnets/", views.subnet_list, name="subnet_list"),
    path("subnets/new/", views.subnet_create, name="subnet_create"),
    path("subnets/<int:pk>/edit/", views.subnet_edit, name="subnet_edit"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/new/", views.department_create, name="department_create"),
    path("departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
    path("systems/", views.system_list, name="system_list"),
    path("systems/new/", views.system_create, name="system_create"),
    path("systems/<int:pk>/", views.system_detail, name="system_detail"),
    path("systems/<int:pk>/edit/", views.system_edit, name="system_edit"),
]
