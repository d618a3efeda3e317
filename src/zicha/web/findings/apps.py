from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "zicha.web.findings"
    label = "findings"
    verbose_name = _("Findings")
