"""Test helpers for accounts: the target security settings and quick user creation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from zicha.web.accounts.choices import Role

#: what settings.py should contain once the lead adds it (see the accounts report)
ZICHA_MIDDLEWARE = (
    "zicha.web.accounts.middleware.IdleTimeoutMiddleware",
    "zicha.web.accounts.middleware.ForcePasswordChangeMiddleware",
)
PASSWORD = "Correct-Horse-42"


def apply_target_settings(settings: Any, *, fast_hasher: bool = True) -> None:
    """Make pytest-django's ``settings`` look like the intended production settings."""
    if fast_hasher:      # argon2 is the real hasher; tests hash hundreds of passwords
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AUTHENTICATION_BACKENDS = ["zicha.web.accounts.backends.PolicyBackend"]
    settings.LOGIN_URL = "accounts:login"
    middleware = [m for m in settings.MIDDLEWARE if m not in ZICHA_MIDDLEWARE]
    at = middleware.index("django.contrib.messages.middleware.MessageMiddleware") + 1
    settings.MIDDLEWARE = [*middleware[:at], *ZICHA_MIDDLEWARE, *middleware[at:]]
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.SESSION_SAVE_EVERY_REQUEST = True


def make_user(username: str, *, role: str = Role.INSPECTOR, organization: Any = None,
              department: Any = None, password: str = PASSWORD, must_change: bool = False,
              changed_days_ago: float = 1, superuser: bool = False,
              supervised: tuple[Any, ...] = (), totp_secret: str = "") -> Any:
    from zicha.web.accounts.models import User

    user = User(username=username, role=role, organization=organization,
                department=department, must_change_password=must_change,
                password_changed_at=timezone.now() - dt.timedelta(days=changed_days_ago),
                is_superuser=superuser, is_staff=superuser, totp_secret=totp_secret)
    user.set_password(password)
    user.save()
    if supervised:
        user.supervised_organizations.set(supervised)
    return user
