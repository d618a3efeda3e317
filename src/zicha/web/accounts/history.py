"""Previous password hashes, so a password cannot be reused (the last N are refused).

Kept in its own module because ``models.py`` belongs to the project's base; the
app config imports it when the registry is ready (see ``apps.py``). Only hashes
are stored — the same hashes Django keeps in ``User.password``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PasswordHistory"]


class PasswordHistory(models.Model):
    """One password a user had; written by the password services, pruned to the last N."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="password_history", verbose_name=_("user"))
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("set at"), db_index=True)

    class Meta:
        app_label = "accounts"
        ordering = ("user", "-created_at", "-pk")
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
