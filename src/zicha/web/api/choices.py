"""API choices."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["TokenScope"]


class TokenScope(models.TextChoices):
    """What a token may do. A collector's enrolment token only uploads bundles."""

    UPLOAD = "upload", _("Upload bundles")
    READ = "read", _("Read assets, inspections, results and findings")
