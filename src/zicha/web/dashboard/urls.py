"""URLs of the dashboard app (namespace "dashboard")."""

from __future__ import annotations

from django.urls import path

from zicha.web.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
]
