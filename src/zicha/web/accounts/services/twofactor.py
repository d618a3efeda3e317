"""TOTP enrolment: a person turns it on with a code from their app; off with their password."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicha.web.accounts import totp
from zicha.web.audit.services import audit_record

__all__ = ["account_totp_disable", "account_totp_enable"]


def account_totp_enable(*, user: Any, secret: str, code: str,
                        now: dt.datetime | None = None) -> None:
    """Store ``secret`` once ``code`` proves the person's app holds it."""
    now = now or timezone.now()
    try:
        totp.secret_bytes(secret)
    except ValueError:
        raise ValidationError({"code": _("The secret is not valid; start again.")}) from None
    if totp.verify(secret, code, at=now.timestamp()) is None:
        raise ValidationError({"code": _("The code does not match. Check the time on your "
                                         "phone and enter the current code.")})
    with transaction.atomic():
        was_enabled = bool(user.totp_secret)
        user.totp_secret = "".join(secret.split()).upper()
        user.save(update_fields=["totp_secret"])
        audit_record(actor=user, action="account.totp_enabled", target=user,
                     before={"totp_enabled": was_enabled}, after={"totp_enabled": True})


def account_totp_disable(*, actor: Any, user: Any, password: str | None = None) -> None:
    """Turn TOTP off: the person with their password, or an administrator (lost phone)."""
    if actor.pk == user.pk:
        if password is None or not user.check_password(password):
            raise ValidationError({"password": _("Your password was entered incorrectly.")})
    else:
        from zicha.web.accounts.services.users import ensure_manageable

        ensure_manageable(actor=actor, user=user)
    if not user.totp_secret:
        return
    with transaction.atomic():
        user.totp_secret = ""
        user.save(update_fields=["totp_secret"])
        audit_record(actor=actor, action="account.totp_disabled", target=user,
                     before={"totp_enabled": True}, after={"totp_enabled": False})
