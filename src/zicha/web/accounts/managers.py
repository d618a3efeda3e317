"""A user manager whose ``create_superuser`` makes an administrator (proposed for models.py).

With ``objects = UserManager()`` on ``User``, Django's ``createsuperuser`` (and
``zicha manage createsuperuser``) creates role ``admin`` with
``must_change_password=False`` — the person typed that password — and
``password_changed_at`` set, so it ages like any other.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import UserManager as DjangoUserManager
from django.utils import timezone

from zicha.web.accounts.choices import Role

__all__ = ["UserManager"]


class UserManager(DjangoUserManager):
    def create_superuser(self, username: str, email: str | None = None,
                         password: str | None = None, **extra_fields: Any) -> Any:
        extra_fields.setdefault("role", Role.ADMIN)
        extra_fields.setdefault("must_change_password", False)
        extra_fields.setdefault("password_changed_at", timezone.now())
        return super().create_superuser(username, email, password, **extra_fields)
