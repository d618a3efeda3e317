"""The finding: one failed check on one asset (or the organization), followed over time."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zicha.web.core.choices import Severity
from zicha.web.core.models import BaseModel
from zicha.web.findings.choices import FindingStatus
from zicha.web.inspections.choices import ResultStatus
from zicha.web.inspections.models import Inspection
from zicha.web.inventory.models import Asset, Department, Organization

__all__ = ["Finding"]


class Finding(BaseModel):
    """A check that failed on an asset, tracked by asset and check ID across inspections.

    The check ID (not a check version) identifies the finding, so a new version of
    a check continues the same finding. Inspection services open, keep, verify and
    reopen findings; people move them through rectification. Organization-wide
    checks have no asset.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="findings", verbose_name=_("organization"))
    asset = models.ForeignKey(Asset, on_delete=models.RESTRICT, null=True, blank=True,
                              related_name="findings", verbose_name=_("asset"),
                              help_text=_("Empty for organization-wide checks."))
    check_id = models.CharField(_("check ID"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=FindingStatus.choices,
                              default=FindingStatus.OPEN)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    first_seen_inspection = models.ForeignKey(
        Inspection, on_delete=models.RESTRICT, related_name="findings_first_seen",
        verbose_name=_("first seen in"))
    last_seen_inspection = models.ForeignKey(
        Inspection, on_delete=models.RESTRICT, related_name="findings_last_seen",
        verbose_name=_("last seen in"), help_text=_("The latest inspection in which the check failed."))
    last_result_status = models.CharField(_("last result"), max_length=16,
                                          choices=ResultStatus.choices)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="findings", verbose_name=_("department"))
    owner = models.CharField(_("owner"), max_length=200, blank=True,
                             help_text=_("Who is responsible for the rectification."))
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        ordering = ("organization", "status", "check_id")
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = (
            models.UniqueConstraint(fields=("organization", "asset", "check_id"),
                                    condition=Q(asset__isnull=False),
                                    name="%(app_label)s_%(class)s_organization_asset_check"),
            models.UniqueConstraint(fields=("organization", "check_id"),
                                    condition=Q(asset__isnull=True),
                                    name="%(app_label)s_%(class)s_organization_org_check"),
        )
        indexes = (models.Index(fields=("organization", "status"),
                                name="findings_org_status_idx"),)

    def __str__(self) -> str:
        return f"{self.check_id} {self.asset or '—'} [{self.status}]"
