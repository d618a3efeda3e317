"""API tokens: one organization each, stored as a hash.

Bundles that collectors upload are kept as ``inspections.BundleUpload`` (the same
place the console's upload form uses), so the next inspection can use them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicha.web.core.models import BaseModel
from zicha.web.inventory.models import Organization

__all__ = ["ApiToken"]


class ApiToken(BaseModel):
    """A bearer token of one organization. Only the SHA-256 of the token is stored; the
    token itself is shown once, when it is created."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="api_tokens", verbose_name=_("organization"))
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What the token is for, e.g. the collector's host."))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=12,
                              help_text=_("The first characters, to recognise the token."))
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ("organization", "-created_at")
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
