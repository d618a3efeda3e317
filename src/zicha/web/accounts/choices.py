from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Role"]


class Role(models.TextChoices):
    """What a person does in the self-inspection. Stable English values, translated labels."""

    ADMIN = "admin", _("Administrator")
    INSPECTOR = "inspector", _("Inspector (IT department)")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    LEADERSHIP = "leadership", _("Leadership")
    DISTRICT_AUDITOR = "district_auditor", _("District auditor")
