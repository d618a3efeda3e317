"""Inventory models: who owns what, where it sits on the network, and what it is."""

from __future__ import annotations

import ipaddress

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zicha.web.core.models import BaseModel
from zicha.web.inventory.choices import AssetPlatform, AssetRole, MlpsGrade, SystemKind, ZoneKind

__all__ = ["Asset", "Department", "InformationSystem", "Organization", "Subnet", "Zone"]


class Organization(BaseModel):
    """A hospital (or another body) that inspects itself; every record belongs to one."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=64, unique=True,
                            help_text=_("Short stable identifier, e.g. used on the command line."))

    class Meta:
        ordering = ("name",)
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Department(BaseModel):
    """A department of the organization (responsible for assets and rectification)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="departments", verbose_name=_("organization"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ("organization", "name")
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = (
            models.UniqueConstraint(fields=("organization", "name"),
                                    name="%(app_label)s_%(class)s_organization_name"),
        )

    def __str__(self) -> str:
        return self.name


class Zone(BaseModel):
    """A network zone (intranet, extranet, DMZ); baselines are chosen per zone kind."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="zones", verbose_name=_("organization"))
    kind = models.CharField(_("kind"), max_length=16, choices=ZoneKind.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ("organization", "kind", "name")
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = (
            models.UniqueConstraint(fields=("organization", "name"),
                                    name="%(app_label)s_%(class)s_organization_name"),
        )

    def __str__(self) -> str:
        return self.name


class Subnet(BaseModel):
    """An address range inside a zone, optionally owned by a department."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="subnets",
                             verbose_name=_("zone"))
    cidr = models.CharField(_("CIDR"), max_length=43, help_text=_("e.g. 10.20.0.0/16"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="subnets", verbose_name=_("department"))

    class Meta:
        ordering = ("zone", "cidr")
        verbose_name = _("subnet")
        verbose_name_plural = _("subnets")
        constraints = (
            models.UniqueConstraint(fields=("zone", "cidr"), name="%(app_label)s_%(class)s_zone_cidr"),
        )

    def __str__(self) -> str:
        return f"{self.cidr} {self.name}".strip()

    def clean(self) -> None:
        try:
            self.cidr = str(ipaddress.ip_network(self.cidr, strict=False))
        except ValueError:
            raise ValidationError({"cidr": _("Enter a network such as 10.20.0.0/16.")}) from None


class Asset(BaseModel):
    """A device or host: from the register, found by a scan, or reporting a bundle.

    An address is unique inside an organization; assets without an address are
    matched by name.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="assets", verbose_name=_("organization"))
    name = models.CharField(_("name"), max_length=200)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    mac = models.CharField(_("MAC address"), max_length=32, blank=True)
    platform = models.CharField(_("platform"), max_length=32, choices=AssetPlatform.choices,
                                default=AssetPlatform.OTHER)
    role = models.CharField(_("role"), max_length=32, choices=AssetRole.choices,
                            default=AssetRole.OTHER)
    zone = models.ForeignKey(Zone, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="assets", verbose_name=_("zone"))
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="assets", verbose_name=_("department"))
    registered = models.BooleanField(_("registered"), default=True,
                                     help_text=_("Listed in the organization's IP address register."))
    owner = models.CharField(_("owner"), max_length=100, blank=True,
                             help_text=_("The person responsible for the asset."))
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    first_seen = models.DateTimeField(_("first seen"), null=True, blank=True)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("organization", "name")
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        constraints = (
            models.UniqueConstraint(fields=("organization", "ip"), condition=Q(ip__isnull=False),
                                    name="%(app_label)s_%(class)s_organization_ip"),
        )
        indexes = (models.Index(fields=("organization", "name"),
                                name="inventory_asset_org_name_idx"),
                   models.Index(fields=("organization", "registered", "ip"),
                                name="inventory_asset_org_reg_ip_idx"))

    def __str__(self) -> str:
        return f"{self.name} ({self.ip})" if self.ip else self.name


class InformationSystem(BaseModel):
    """An information system filed under 等级保护 (HIS, LIS, PACS, EMR …)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="information_systems",
                                     verbose_name=_("organization"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=SystemKind.choices,
                            default=SystemKind.OTHER)
    grade = models.PositiveSmallIntegerField(pgettext_lazy("mlps", "grade"),
                                             choices=MlpsGrade.choices)
    filing_number = models.CharField(_("filing number"), max_length=100, blank=True,
                                     help_text=_("Record number issued by the public security organ."))
    last_assessed = models.DateField(_("last assessed"), null=True, blank=True,
                                     help_text=_("Date of the last MLPS assessment."))
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="information_systems",
                                   verbose_name=_("owner department"))
    owner = models.CharField(_("owner"), max_length=100, blank=True,
                             help_text=_("The person responsible for the system."))
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("organization", "name")
        verbose_name = _("information system")
        verbose_name_plural = _("information systems")
        constraints = (
            models.UniqueConstraint(fields=("organization", "name"),
                                    name="%(app_label)s_%(class)s_organization_name"),
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=4),
                                   name="%(app_label)s_%(class)s_grade_range"),
        )

    def __str__(self) -> str:
        return self.name
