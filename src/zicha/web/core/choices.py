"""Choices shared by several apps. Values are the engines' stable codes."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from zicha.domain.results import Severity as DomainSeverity

__all__ = ["Severity", "severity_rank"]


class Severity(models.TextChoices):
    """How bad a failed check is (``zicha.domain.results.Severity``)."""

    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    INFO = "info", _("Info")


def severity_rank(field: str = "severity") -> Case:
    """An expression ranking ``field`` (critical = 4 … info = 0) for ordering querysets."""
    return Case(
        *(When(**{field: s.value}, then=Value(s.rank)) for s in DomainSeverity),
        default=Value(-1),
        output_field=IntegerField(),
    )
