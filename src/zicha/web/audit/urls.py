"""URLs of the audit app (namespace "audit"). Read-only: nothing here changes an event."""

from __future__ import annotations

from django.urls import path

from zicha.web.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:seq>/", views.event_detail, name="event_detail"),
    path("export/", views.event_export, name="export"),
    path("verify/", views.event_verify, name="verify"),
]
