"""URLs of the findings app (namespace "findings")."""

from __future__ import annotations

from django.urls import path

from zicha.web.findings import views

app_name = "findings"

urlpatterns = [
    path("", views.finding_list, name="list"),
    path("overdue/", views.finding_overdue, name="overdue"),
    path("export/", views.finding_export, name="finding_export"),
    path("<int:pk>/", views.finding_detail, name="finding_detail"),
    path("<int:pk>/transition/", views.finding_transition, name="finding_transition"),
    path("<int:pk>/assign/", views.finding_assign, name="finding_assign"),
    path("<int:pk>/accept-risk/", views.finding_accept_risk, name="finding_accept_risk"),
    path("<int:pk>/comment/", views.finding_comment, name="finding_comment"),
    path("attachments/<int:pk>/download/", views.attachment_download,
         name="attachment_download"),
]
