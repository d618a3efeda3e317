"""Passwords: changing one's own, resets by an administrator, ageing, and the reuse history."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicha.web.accounts import conf
from zicha.web.accounts.history import PasswordHistory
from zicha.web.accounts.validators import password_validators
from zicha.web.audit.services import audit_record

__all__ = [
    "account_password_change",
    "account_password_reset",
    "account_password_set",
    "generate_one_time_password",
    "password_is_expired",
]

#: no 0/O, 1/l/I: one-time passwords are read off a screen and typed
_LOWER = "abcdefghijkmnopqrstuvwxyz"
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "23456789"
_SYMBOLS = "#%+-=?@"


def generate_one_time_password(length: int = 14) -> str:
    """A random password meeting the policy (all four classes), easy to read aloud."""
    pools = (_LOWER, _UPPER, _DIGITS, _SYMBOLS)
    chars = [secrets.choice(pool) for pool in pools]
    alphabet = "".join(pools)
    chars += [secrets.choice(alphabet) for _ in range(max(length, 10) - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def password_is_expired(user: Any, *, now: dt.datetime | None = None) -> bool:
    """True when the password is older than ``ZICHA_PASSWORD_MAX_AGE_DAYS``.

    An account without ``password_changed_at`` (made outside these services) is
    not aged: ``must_change_password`` covers such accounts.
    """
    max_age = conf.password_max_age()
    changed = getattr(user, "password_changed_at", None)
    if max_age is None or changed is None:
        return False
    return (now or timezone.now()) - changed > max_age


def _remember(user: Any, now: dt.datetime) -> None:
    keep = max(conf.password_history_size(), 1)
    PasswordHistory.objects.create(user=user, password=user.password, created_at=now)
    old = list(PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk")
               .values_list("pk", flat=True)[keep:])
    if old:
        PasswordHistory.objects.filter(pk__in=old).delete()


def _store(user: Any, raw: str, *, must_change: bool, now: dt.datetime) -> None:
    user.set_password(raw)
    user.password_changed_at = now
    user.must_change_password = must_change
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    _remember(user, now)


def account_password_set(*, actor: Any, user: Any, password: str, must_change: bool,
                         now: dt.datetime | None = None, validate: bool = True,
                         action: str = "account.password_changed") -> None:
    """Give ``user`` a new password (validated against the policy unless ``validate=False``).

    Raises ``ValidationError`` with the policy's messages. Used by the change and
    reset services and by ``zicha_createadmin``.
    """
    now = now or timezone.now()
    if validate:
        validate_password(password, user, password_validators=password_validators())
    with transaction.atomic():
        _store(user, password, must_change=must_change, now=now)
        audit_record(actor=actor, action=action, target=user,
                     after={"must_change_password": must_change,
                            "password_changed_at": now})


def account_password_change(*, user: Any, old_password: str, new_password: str,
                            now: dt.datetime | None = None) -> None:
    """A person changes their own password: the current one first, then the policy."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("Your current password was entered "
                                                 "incorrectly.")}, code="password_incorrect")
    try:
        validate_password(new_password, user, password_validators=password_validators())
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.error_list}) from None
    account_password_set(actor=user, user=user, password=new_password, must_change=False,
                         now=now, validate=False)


def account_password_reset(*, actor: Any, user: Any, now: dt.datetime | None = None) -> str:
    """An administrator resets a password: returns a one-time password to hand over.

    The account must change it at the next login; a lock is lifted.
    """
    from zicha.web.accounts.services.users import ensure_manageable

    ensure_manageable(actor=actor, user=user)
    now = now or timezone.now()
    password = generate_one_time_password()
    with transaction.atomic():
        _store(user, password, must_change=True, now=now)
        if user.failed_logins or user.locked_until:
            user.failed_logins = 0
            user.locked_until = None
            user.save(update_fields=["failed_logins", "locked_until"])
        audit_record(actor=actor, action="account.password_reset", target=user,
                     after={"must_change_password": True, "locked_until": None})
    return password
