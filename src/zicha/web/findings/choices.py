"""Finding choices."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["ACTIVE_STATUSES", "FindingStatus"]


class FindingStatus(models.TextChoices):
    """Rectification (整改) state of a finding."""

    OPEN = "open", pgettext_lazy("finding status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RECTIFIED = "rectified", _("Rectified")
    VERIFIED = "verified", _("Verified")
    RISK_ACCEPTED = "risk_accepted", _("Risk accepted")


#: still needing work or verification; a passing check closes these as ``verified``
ACTIVE_STATUSES = (FindingStatus.OPEN, FindingStatus.IN_PROGRESS, FindingStatus.RECTIFIED)
