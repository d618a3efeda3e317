"""The console's user: a personal account bound to an organisation and a role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zicha.web.accounts.choices import Role
from zicha.web.accounts.managers import UserManager

__all__ = ["User"]


class User(AbstractUser):
    """A person. Department heads see their own department; district auditors see the
    organisations they supervise, read-only."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices,
                            default=Role.INSPECTOR)
    organization = models.ForeignKey(
        "inventory.Organization", verbose_name=_("organization"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users")
    department = models.ForeignKey(
        "inventory.Department", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="users")
    supervised_organizations = models.ManyToManyField(
        "inventory.Organization", verbose_name=_("supervised organizations"), blank=True,
        related_name="auditors")
    must_change_password = models.BooleanField(_("must change password"), default=True)
    failed_logins = models.PositiveIntegerField(_("failed logins"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    totp_secret = models.CharField(_("TOTP secret"), max_length=64, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username


from zicha.web.accounts.history import PasswordHistory  # noqa: E402,F401  (model registry)
