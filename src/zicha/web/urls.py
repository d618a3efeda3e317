"""Root URLconf: the home page, the admin and the language switch."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from zicha.web import views

admin.site.site_header = _("Network security self-inspection")
admin.site.site_title = _("zicha")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
