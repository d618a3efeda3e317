"""URLs of the dashboard app (namespace "dashboard")."""

from __future__ import annotations

from django.urls import path  # noqa: F401

app_name = "dashboard"

urlpatterns: list = []
