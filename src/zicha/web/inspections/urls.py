"""URLs of the inspections app (namespace "inspections")."""

from __future__ import annotations

from django.urls import path

from zicha.web.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("start/", views.inspection_start, name="inspection_start"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/status/", views.inspection_status, name="inspection_status"),
    path("<int:pk>/cancel/", views.inspection_cancel, name="inspection_cancel"),
    path("<int:pk>/manual/", views.manual_list, name="manual_list"),
    path("<int:pk>/manual/carry-over/", views.manual_carry_over, name="manual_carry_over"),
    path("<int:pk>/manual/<int:result_pk>/answer/", views.manual_answer, name="manual_answer"),
    path("<int:pk>/manual/confirm/<int:answer_pk>/", views.manual_confirm,
         name="manual_confirm"),
    path("results/<int:pk>/", views.result_detail, name="result_detail"),
    path("assets/<int:pk>/history/", views.asset_history, name="asset_history"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("schedules/", views.schedule_list, name="schedule_list"),
    path("schedules/new/", views.schedule_create, name="schedule_create"),
    path("schedules/<int:pk>/", views.schedule_edit, name="schedule_edit"),
    path("schedules/<int:pk>/delete/", views.schedule_delete, name="schedule_delete"),
]
