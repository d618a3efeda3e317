"""Root URLconf: each app owns its URLs under its own namespace."""

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
    path("accounts/", include("zicha.web.accounts.urls")),
    path("dashboard/", include("zicha.web.dashboard.urls")),
    path("inventory/", include("zicha.web.inventory.urls")),
    path("inspections/", include("zicha.web.inspections.urls")),
    path("findings/", include("zicha.web.findings.urls")),
    path("reports/", include("zicha.web.reports.urls")),
    path("audit/", include("zicha.web.audit.urls")),
    path("api/", include("zicha.web.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
