"""The finding: one failed check on one asset (or the organization), followed over time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zicha.web.core.choices import Severity
from zicha.web.core.models import BaseModel
from zicha.web.findings.choices import FindingStatus
from zicha.web.inspections.choices import ResultStatus
from zicha.web.inspections.models import Inspection
from zicha.web.inventory.models import Asset, Department, Organization

__all__ = ["Finding", "FindingAttachment", "FindingComment"]


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
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="owned_findings",
                                   verbose_name=_("owner (account)"))
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("rectified by"))
    risk_reason = models.TextField(_("risk acceptance reason"), blank=True)
    risk_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("risk acceptance requested by"))
    risk_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="+",
                                         verbose_name=_("risk accepted by"))
    risk_accepted_at = models.DateTimeField(_("risk accepted at"), null=True, blank=True)
    risk_expires_on = models.DateField(_("risk acceptance expires on"), null=True, blank=True)

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
        indexes = (
            models.Index(fields=("organization", "status"), name="findings_org_status_idx"),
            models.Index(fields=("organization", "due_date"), name="findings_org_due_idx"),
            models.Index(fields=("organization", "department", "status"),
                         name="findings_org_dept_idx"),
            models.Index(fields=("status", "risk_expires_on"), name="findings_risk_exp_idx"),
        )

    def __str__(self) -> str:
        return f"{self.check_id} {self.asset or '—'} [{self.status}]"


class FindingComment(BaseModel):
    """A remark on a finding's rectification, by a person."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="comments",
                                verbose_name=_("finding"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("author"))
    body = models.TextField(_("comment"))

    class Meta:
        ordering = ("finding", "created_at", "pk")
        verbose_name = _("finding comment")
        verbose_name_plural = _("finding comments")

    def __str__(self) -> str:
        return self.body[:60]


class FindingAttachment(BaseModel):
    """A file documenting a finding's rectification (photo, PDF, Office file).

    Stored outside the web root under ``MEDIA_ROOT/evidence/<org>/<uuid>``; served only
    through a view that checks permission.
    """

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("finding"))
    comment = models.ForeignKey(FindingComment, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="attachments",
                                verbose_name=_("comment"))
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("uploaded by"))

    class Meta:
        ordering = ("finding", "created_at", "pk")
        verbose_name = _("finding attachment")
        verbose_name_plural = _("finding attachments")

    def __str__(self) -> str:
        return self.name
