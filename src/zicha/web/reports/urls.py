"""URLs of the reports app (namespace "reports")."""

from __future__ import annotations

from django.urls import path

from zicha.web.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/generate/", views.report_generate_view, name="generate"),
    path("<int:pk>/files/<str:name>", views.report_download, name="download"),
]
