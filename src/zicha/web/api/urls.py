"""URLs of the api app (namespace "api"): the REST API under v1/, token management pages."""

from __future__ import annotations

from django.urls import path

from zicha.web.api import views
from zicha.web.api.v1 import api

app_name = "api"

urlpatterns = [
    path("v1/docs", views.docs, name="docs"),
    path("v1/", api.urls),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
