"""Inspection models: runs, the check definitions they used, results and evidence."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zicha.web.core.choices import Severity
from zicha.web.core.models import BaseModel
from zicha.web.inspections.choices import (
    CheckArea,
    CheckKind,
    CheckScope,
    EvidenceKind,
    InspectionStatus,
    ResultStatus,
)
from zicha.web.inventory.models import Asset, Organization

__all__ = ["CheckDefinition", "CheckResult", "Evidence", "Inspection"]


class Inspection(BaseModel):
    """One self-inspection run of an organization.

    ``meta`` keeps what the engines reported about the run (scope, vantage point,
    versions, and ``problems``: inputs that could not be used); ``summary`` keeps
    the result counts so lists need no aggregation.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="inspections", verbose_name=_("organization"))
    status = models.CharField(_("status"), max_length=16, choices=InspectionStatus.choices,
                              default=InspectionStatus.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    meta = models.JSONField(_("metadata"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ("-started_at", "-pk")
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = (models.Index(fields=("organization", "-started_at"),
                                name="inspections_org_started_idx"),)

    def __str__(self) -> str:
        when = self.started_at.date().isoformat() if self.started_at else "—"
        return f"#{self.pk} {self.organization} {when}"


class CheckDefinition(BaseModel):
    """A check as it was at one version; results point at the version that decided them."""

    check_id = models.CharField(_("check ID"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=16, choices=CheckKind.choices)
    area = models.CharField(_("area"), max_length=32, choices=CheckArea.choices)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=CheckScope.choices,
                             default=CheckScope.ASSET)
    title = models.JSONField(_("title"), default=dict, blank=True,
                             help_text=_("Per language: {\"zh-hans\": …, \"en\": …}"))
    remediation = models.JSONField(_("remediation"), default=dict, blank=True)
    refs = models.JSONField(_("references"), default=list, blank=True)

    class Meta:
        ordering = ("check_id", "version")
        verbose_name = _("check definition")
        verbose_name_plural = _("check definitions")
        constraints = (
            models.UniqueConstraint(fields=("check_id", "version"),
                                    name="%(app_label)s_%(class)s_check_id_version"),
        )

    def __str__(self) -> str:
        return f"{self.check_id} v{self.version}"


class CheckResult(BaseModel):
    """How one check came out on one asset (or on the organization) in one inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results",
                                   verbose_name=_("inspection"))
    asset = models.ForeignKey(Asset, on_delete=models.RESTRICT, null=True, blank=True,
                              related_name="check_results", verbose_name=_("asset"),
                              help_text=_("Empty for organization-wide checks."))
    check_definition = models.ForeignKey(CheckDefinition, on_delete=models.RESTRICT,
                                         related_name="results", verbose_name=_("check"))
    status = models.CharField(_("status"), max_length=16, choices=ResultStatus.choices)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    reason = models.CharField(_("reason"), max_length=64, blank=True,
                              help_text=_("Stable code, e.g. fact-missing or zone-excluded."))
    evidence = models.JSONField(_("evidence"), default=list, blank=True, encoder=DjangoJSONEncoder,
                                help_text=_("The observations that decided the result."))
    params = models.JSONField(_("parameters"), default=dict, blank=True,
                              encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ("inspection", "check_definition", "asset")
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        constraints = (
            models.UniqueConstraint(fields=("inspection", "asset", "check_definition"),
                                    condition=Q(asset__isnull=False),
                                    name="%(app_label)s_%(class)s_inspection_asset_check"),
            models.UniqueConstraint(fields=("inspection", "check_definition"),
                                    condition=Q(asset__isnull=True),
                                    name="%(app_label)s_%(class)s_inspection_org_check"),
        )
        indexes = (models.Index(fields=("inspection", "status"),
                                name="inspections_result_status_idx"),)

    def __str__(self) -> str:
        return f"{self.check_definition} {self.asset or '—'}: {self.status}"


class Evidence(BaseModel):
    """Something kept to show how a result was reached: facts, a bundle's hash, a file, a note.

    A bundle's ``sha256`` is recorded so the same bundle can be recognised when
    it is imported again.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence",
                                   verbose_name=_("inspection"))
    asset = models.ForeignKey(Asset, on_delete=models.RESTRICT, null=True, blank=True,
                              related_name="evidence", verbose_name=_("asset"))
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    source = models.CharField(_("source"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    content = models.JSONField(_("content"), null=True, blank=True, encoder=DjangoJSONEncoder)
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", blank=True)

    class Meta:
        ordering = ("inspection", "kind", "pk")
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source or self.sha256[:12]}".strip()
