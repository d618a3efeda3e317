"""Finding reads."""

from __future__ import annotations

from django.db.models import QuerySet

from zicha.web.core.choices import severity_rank
from zicha.web.findings.choices import ACTIVE_STATUSES
from zicha.web.findings.models import Finding
from zicha.web.inventory.models import Organization

__all__ = ["findings_open"]


def findings_open(*, organization: Organization) -> QuerySet[Finding]:
    """Findings still needing work or verification (open, in progress, rectified).

    Most severe first, then oldest. Each row carries ``severity_rank`` (critical = 4).
    """
    return (Finding.objects.filter(organization=organization, status__in=ACTIVE_STATUSES)
            .select_related("asset", "department", "last_seen_inspection")
            .annotate(severity_rank=severity_rank())
            .order_by("-severity_rank", "opened_at", "check_id", "pk"))
