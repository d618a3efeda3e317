"""The audit log: append-only, each event hash-chained to the one before it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditEvent"]


class AuditEvent(models.Model):
    """Who did what, when, to which object, with the values before and after.

    ``hash`` = SHA-256 over the previous event's hash and this event's canonical
    content, so removing or editing any row breaks the chain from there on
    (``zicha.web.audit.services.audit_verify``).
    """

    seq = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True,
                              blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(_("actor name"), max_length=150)
    organization = models.ForeignKey("inventory.Organization", verbose_name=_("organization"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=64, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    detail = models.JSONField(_("detail"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ("seq",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
