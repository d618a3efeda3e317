"""Account policy knobs, read from settings with the defaults the issue asks for.

``ZICHA_LOGIN_MAX_FAILURES``    failed logins before the account is locked (5)
``ZICHA_LOGIN_LOCK_MINUTES``    how long a lock lasts (15)
``ZICHA_SESSION_IDLE_MINUTES``  idle minutes before a session is logged out (30)
``ZICHA_PASSWORD_MAX_AGE_DAYS`` a password older than this must be changed (90; 0: never)
``ZICHA_PASSWORD_HISTORY``      how many previous passwords may not be reused (5)
``ZICHA_TOTP_ISSUER``           the issuer shown by authenticator apps ("zicha")
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

__all__ = [
    "idle_timeout",
    "lock_duration",
    "max_failures",
    "password_history_size",
    "password_max_age",
    "totp_issuer",
]


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_failures() -> int:
    return max(1, _int("ZICHA_LOGIN_MAX_FAILURES", 5))


def lock_duration() -> dt.timedelta:
    return dt.timedelta(minutes=max(1, _int("ZICHA_LOGIN_LOCK_MINUTES", 15)))


def idle_timeout() -> dt.timedelta:
    return dt.timedelta(minutes=max(1, _int("ZICHA_SESSION_IDLE_MINUTES", 30)))


def password_max_age() -> dt.timedelta | None:
    days = _int("ZICHA_PASSWORD_MAX_AGE_DAYS", 90)
    return dt.timedelta(days=days) if days > 0 else None


def password_history_size() -> int:
    return max(0, _int("ZICHA_PASSWORD_HISTORY", 5))


def totp_issuer() -> str:
    return str(getattr(settings, "ZICHA_TOTP_ISSUER", "zicha"))
