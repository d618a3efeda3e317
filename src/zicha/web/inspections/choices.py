"""Inspection choices. Result values are ``zicha.domain.results.CheckStatus``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "CheckArea",
    "CheckKind",
    "CheckScope",
    "EvidenceKind",
    "InspectionStatus",
    "ManualAnswerChoice",
    "RegisterChoice",
    "ResultStatus",
    "ScheduleFrequency",
]


class InspectionStatus(models.TextChoices):
    """Life of one inspection run."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    FAILED = "failed", pgettext_lazy("inspection status", "Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ResultStatus(models.TextChoices):
    """How a check came out. ``error`` means undecided and never counts as passed."""

    PASSED = "passed", _("Passed")
    FAILED = "failed", pgettext_lazy("check result", "Failed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    MANUAL = "manual", _("Manual review")
    ERROR = "error", _("Error")


class CheckKind(models.TextChoices):
    """Decided from collected facts, or answered by a person."""

    AUTO = "auto", _("Automatic")
    MANUAL = "manual", pgettext_lazy("check kind", "Manual")


class CheckScope(models.TextChoices):
    """Evaluated per asset or once for the whole organization."""

    ASSET = "asset", _("Asset")
    ORGANIZATION = "organization", _("Organization")


class EvidenceKind(models.TextChoices):
    """What a piece of evidence is."""

    BUNDLE = "bundle", _("Collector bundle")
    SCAN = "scan", _("Network scan")
    FACTS = "facts", _("Collected facts")
    UPLOAD = "upload", _("Uploaded file")
    NOTE = "note", _("Note")


class CheckArea(models.TextChoices):
    """Report areas, in the order the 自查报告 presents them (``zicha.rules.schema.AREAS``)."""

    MACHINE_ROOM = "machine_room", _("Machine room and servers")
    NETWORK = "network", _("Network and security devices")
    WORKSTATION = "workstation", _("Clinical intranet workstations")
    EXTRANET = "extranet", _("Extranet terminals")
    DATABASE_ACCOUNT = "database_account", _("Databases and accounts")
    LOGGING = "logging", _("Logging")
    EMERGENCY = "emergency", _("Emergency response")
    PEOPLE = "people", _("People and training")


class ManualAnswerChoice(models.TextChoices):
    """What a person answered for a manual item (the result status it becomes)."""

    PASSED = "passed", _("Passed")
    FAILED = "failed", pgettext_lazy("check result", "Failed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ScheduleFrequency(models.TextChoices):
    """How often a scheduled inspection runs."""

    WEEKLY = "weekly", _("Weekly")
    EVERY_N_DAYS = "every_n_days", _("Every N days")


class RegisterChoice(models.TextChoices):
    """Which IP register an inspection compares the network with."""

    NONE = "none", _("No register")
    ORGANIZATION = "organization", _("The organization's registered assets")
