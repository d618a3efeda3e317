"""Inventory choices. Values match the engines' codes (``zicha.rules.schema``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["AssetPlatform", "AssetRole", "MlpsGrade", "SystemKind", "ZoneKind"]


class ZoneKind(models.TextChoices):
    """Network zones of a hospital."""

    INTRANET = "intranet", _("Intranet")
    EXTRANET = "extranet", _("Extranet")
    DMZ = "dmz", _("DMZ")


class AssetPlatform(models.TextChoices):
    """What runs on the asset, as far as collection is concerned."""

    LINUX = "linux", _("Linux")
    WINDOWS = "windows", _("Windows")
    NETWORK_DEVICE = "network_device", _("Network device")
    PRINTER = "printer", _("Printer")
    OTHER = "other", _("Other")


class AssetRole(models.TextChoices):
    """What the asset is for."""

    SERVER = "server", _("Server")
    WORKSTATION = "workstation", _("Workstation")
    SWITCH = "switch", _("Switch")
    ROUTER = "router", _("Router")
    FIREWALL = "firewall", _("Firewall")
    PRINTER = "printer", pgettext_lazy("asset role", "Printer")
    UPS = "ups", _("UPS")
    OTHER = "other", pgettext_lazy("asset role", "Other")


class MlpsGrade(models.IntegerChoices):
    """等级保护 (MLPS 2.0) protection grade of an information system."""

    LEVEL_1 = 1, pgettext_lazy("mlps grade", "Level 1")
    LEVEL_2 = 2, pgettext_lazy("mlps grade", "Level 2")
    LEVEL_3 = 3, pgettext_lazy("mlps grade", "Level 3")
    LEVEL_4 = 4, pgettext_lazy("mlps grade", "Level 4")


class SystemKind(models.TextChoices):
    """What an information system is (the usual hospital systems; ``other`` for the rest)."""

    HIS = "his", _("HIS (hospital information system)")
    EMR = "emr", _("EMR (electronic medical record)")
    PACS = "pacs", _("PACS (imaging)")
    LIS = "lis", _("LIS (laboratory)")
    RIS = "ris", _("RIS (radiology)")
    HRP = "hrp", _("HRP (resource planning)")
    OA = "oa", _("OA (office automation)")
    WEBSITE = "website", _("Website")
    OTHER = "other", pgettext_lazy("system kind", "Other")
