"""Signing in: the password step, the TOTP step, lockout after repeated failures, logout.

The view calls ``account_login_attempt``; only ``LoginStatus.OK`` lets it call
Django's ``login()``. ``TOTP_REQUIRED`` means the password was right and the code
must follow (``account_login_totp``). Each attempt is audited; failures count
towards the lock (``ZICHA_LOGIN_MAX_FAILURES`` within the lock period, then
``ZICHA_LOGIN_LOCK_MINUTES`` locked). A locked account is refused even with the
right password; when the lock has passed the count starts again.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zicha.web.accounts import conf, totp
from zicha.web.audit.services import audit_record

__all__ = [
    "ANONYMOUS",
    "LoginResult",
    "LoginStatus",
    "account_login_attempt",
    "account_login_totp",
    "account_logout",
]

#: the actor label of events caused by someone not signed in
ANONYMOUS = "anonymous"


class LoginStatus(enum.StrEnum):
    OK = "ok"
    INVALID = "invalid"              # unknown user, wrong password or code, inactive account
    LOCKED = "locked"
    TOTP_REQUIRED = "totp_required"


@dataclass(frozen=True)
class LoginResult:
    status: LoginStatus
    user: Any = None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status is LoginStatus.OK


def _locked_user(**lookup: Any) -> Any:
    User = get_user_model()
    return User._default_manager.select_for_update().filter(**lookup).first()


def _expire_lock(user: Any, now: dt.datetime) -> None:
    """A lock that has run out is lifted and the failure count starts again."""
    if user.locked_until is not None and user.locked_until <= now:
        user.locked_until = None
        user.failed_logins = 0
        user.save(update_fields=["locked_until", "failed_logins"])


def _refuse_locked(user: Any, *, ip: str | None, step: str) -> LoginResult:
    audit_record(actor=ANONYMOUS, action="account.login_failed", target=user,
                 detail={"reason": "locked", "step": step, "ip": ip,
                         "locked_until": user.locked_until})
    return LoginResult(LoginStatus.LOCKED, user, user.locked_until)


def _register_failure(user: Any, *, now: dt.datetime, ip: str | None, reason: str) -> LoginResult:
    user.failed_logins += 1
    locked = user.failed_logins >= conf.max_failures()
    if locked:
        user.locked_until = now + conf.lock_duration()
    user.save(update_fields=["failed_logins", "locked_until"])
    audit_record(actor=ANONYMOUS, action="account.login_failed", target=user,
                 detail={"reason": reason, "ip": ip, "failed_logins": user.failed_logins})
    if locked:
        audit_record(actor=ANONYMOUS, action="account.locked", target=user,
                     after={"locked_until": user.locked_until},
                     detail={"failed_logins": user.failed_logins, "ip": ip})
        return LoginResult(LoginStatus.LOCKED, user, user.locked_until)
    return LoginResult(LoginStatus.INVALID, user)


def _register_success(user: Any, *, ip: str | None, totp_used: bool) -> LoginResult:
    if user.failed_logins or user.locked_until:
        user.failed_logins = 0
        user.locked_until = None
        user.save(update_fields=["failed_logins", "locked_until"])
    audit_record(actor=user, action="account.login", target=user,
                 detail={"ip": ip, "totp": totp_used})
    return LoginResult(LoginStatus.OK, user)


def account_login_attempt(*, username: str, password: str, ip: str | None = None,
                          now: dt.datetime | None = None) -> LoginResult:
    """Check a user name and password against the account's state; audit the outcome."""
    now = now or timezone.now()
    User = get_user_model()
    with transaction.atomic():
        user = _locked_user(**{User.USERNAME_FIELD: username})
        if user is None:
            User().set_password(password)   # same work as a real check: no timing oracle
            audit_record(actor=ANONYMOUS, action="account.login_failed",
                         detail={"reason": "unknown_user", "username": username[:150],
                                 "ip": ip})
            return LoginResult(LoginStatus.INVALID)
        _expire_lock(user, now)
        if user.locked_until is not None:
            return _refuse_locked(user, ip=ip, step="password")
        if not user.is_active:
            User().set_password(password)
            audit_record(actor=ANONYMOUS, action="account.login_failed", target=user,
                         detail={"reason": "inactive", "ip": ip})
            return LoginResult(LoginStatus.INVALID)
        if not user.check_password(password):
            return _register_failure(user, now=now, ip=ip, reason="password")
        if user.totp_secret:
            return LoginResult(LoginStatus.TOTP_REQUIRED, user)
        return _register_success(user, ip=ip, totp_used=False)


def account_login_totp(*, user_id: int, code: str, ip: str | None = None,
                       now: dt.datetime | None = None) -> LoginResult:
    """The second step for an account with TOTP: the 6-digit code (±1 time step)."""
    now = now or timezone.now()
    with transaction.atomic():
        user = _locked_user(pk=user_id)
        if user is None or not user.is_active or not user.totp_secret:
            return LoginResult(LoginStatus.INVALID)
        _expire_lock(user, now)
        if user.locked_until is not None:
            return _refuse_locked(user, ip=ip, step="totp")
        if totp.verify(user.totp_secret, code, at=now.timestamp()) is None:
            return _register_failure(user, now=now, ip=ip, reason="totp")
        return _register_success(user, ip=ip, totp_used=True)


def account_logout(*, user: Any, reason: str = "user", ip: str | None = None) -> None:
    """Record a logout (``reason``: ``user`` or ``idle``); the view ends the session."""
    if getattr(user, "pk", None) is None:
        return
    audit_record(actor=user, action="account.logout", target=user,
                 detail={"reason": reason, "ip": ip})
