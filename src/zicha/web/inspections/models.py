"""Inspection models: runs, the check definitions they used, results and evidence."""

from __future__ import annotations

from django.conf import settings
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
    ManualAnswerChoice,
    ResultStatus,
    ScheduleFrequency,
)
from zicha.web.inventory.models import Asset, Organization

__all__ = [
    "BundleUpload",
    "CheckDefinition",
    "CheckResult",
    "Evidence",
    "Inspection",
    "InspectionSchedule",
    "ManualAnswer",
]


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
    cancel_requested = models.BooleanField(
        _("cancel requested"), default=False,
        help_text=_("Set by the cancel button; the running task stops at its next check."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("requested by"))
    schedule = models.ForeignKey("InspectionSchedule", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="inspections",
                                 verbose_name=_("schedule"))
    task_id = models.CharField(_("task ID"), max_length=64, blank=True)

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
        indexes = (
            models.Index(fields=("inspection", "status"), name="inspections_result_status_idx"),
            models.Index(fields=("inspection", "check_definition", "asset"),
                         name="inspections_result_chk_idx"),
            models.Index(fields=("inspection", "asset"), name="inspections_result_asset_idx"),
            models.Index(fields=("asset", "check_definition"),
                         name="inspections_result_hist_idx"),
        )

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
    check_result = models.ForeignKey(
        CheckResult, on_delete=models.CASCADE, null=True, blank=True,
        related_name="attachments", verbose_name=_("result"),
        help_text=_("The manual item an uploaded file documents."))
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("uploaded by"))

    class Meta:
        ordering = ("inspection", "kind", "pk")
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = (models.Index(fields=("inspection", "asset", "kind"),
                                name="inspections_evidence_asset_idx"),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source or self.sha256[:12]}".strip()


class ManualAnswer(BaseModel):
    """A person's answer to a manual item of one inspection.

    ``confirmed`` is False for an answer carried over from the previous inspection
    (待确认): it changes nothing until a person confirms it.
    """

    result = models.OneToOneField(CheckResult, on_delete=models.CASCADE,
                                  related_name="manual_answer", verbose_name=_("result"))
    answer = models.CharField(_("answer"), max_length=16, choices=ManualAnswerChoice.choices)
    note = models.TextField(_("note"), blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=True)
    carried_over_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+",
                                          verbose_name=_("carried over from"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("manual answer")
        verbose_name_plural = _("manual answers")

    def __str__(self) -> str:
        return f"{self.result.check_definition.check_id}: {self.answer}"


class BundleUpload(BaseModel):
    """A collector bundle uploaded ahead of an inspection; ``inspection`` is set once used."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="bundle_uploads",
                                     verbose_name=_("organization"))
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("uploaded by"))
    inspection = models.ForeignKey(Inspection, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="bundle_uploads",
                                   verbose_name=_("used by inspection"))

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("uploaded bundle")
        verbose_name_plural = _("uploaded bundles")

    def __str__(self) -> str:
        return self.name


class InspectionSchedule(BaseModel):
    """An inspection that starts by itself: weekly on a weekday, or every N days, at a time.

    ``parameters`` holds what the start form holds (scope, targets, ports, vantage
    zone, register, lab). ``zicha_run_schedules`` enqueues the due ones.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="inspection_schedules",
                                     verbose_name=_("organization"))
    name = models.CharField(_("name"), max_length=200)
    frequency = models.CharField(_("frequency"), max_length=16,
                                 choices=ScheduleFrequency.choices,
                                 default=ScheduleFrequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True,
                                               help_text=_("0 = Monday … 6 = Sunday"))
    every_days = models.PositiveSmallIntegerField(_("every N days"), null=True, blank=True)
    time = models.TimeField(_("time of day"))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    last_run = models.DateTimeField(_("last run"), null=True, blank=True)
    next_run = models.DateTimeField(_("next run"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))

    class Meta:
        ordering = ("organization", "name")
        verbose_name = _("inspection schedule")
        verbose_name_plural = _("inspection schedules")

    def __str__(self) -> str:
        return self.name
