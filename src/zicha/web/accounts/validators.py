"""Password policy: length, character classes, no user name inside, no reuse of recent ones.

Django's ``AUTH_PASSWORD_VALIDATORS`` runs these when configured; the account
services call ``password_validators()``, which is the configured list plus any of
zicha's own that the settings do not name yet, so the policy holds either way.
"""

from __future__ import annotations

import string
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import (
    MinimumLengthValidator as DjangoMinimumLengthValidator,
)
from django.contrib.auth.password_validation import get_password_validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zicha.web.accounts import conf

__all__ = [
    "ZICHA_PASSWORD_VALIDATORS",
    "CharacterClassesValidator",
    "MinimumLengthValidator",
    "PasswordHistoryValidator",
    "UsernameNotContainedValidator",
    "character_classes",
    "password_validators",
]

_MODULE = "zicha.web.accounts.validators"

#: the policy as a settings list (the lead copies it into AUTH_PASSWORD_VALIDATORS)
ZICHA_PASSWORD_VALIDATORS: list[dict[str, Any]] = [
    {"NAME": f"{_MODULE}.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": f"{_MODULE}.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": f"{_MODULE}.UsernameNotContainedValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": f"{_MODULE}.PasswordHistoryValidator"},
]


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django's, with an error message Django 5.2's zh_Hans catalogue translates (its own
    ``%d`` message has no Chinese yet)."""

    def get_error_message(self) -> str:
        return _("This password is too short: it must have at least %(min_length)d "
                 "characters.") % {"min_length": self.min_length}


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and other symbols ``password`` uses."""
    classes = [
        any(ch.isupper() for ch in password),
        any(ch.islower() for ch in password),
        any(ch in string.digits for ch in password),
        any(not ch.isalnum() and not ch.isspace() for ch in password)
        or any(ch.isalpha() and not ch.isupper() and not ch.islower() for ch in password),
    ]
    return sum(classes)


class CharacterClassesValidator:
    """At least ``min_classes`` of: upper case, lower case, digits, symbols (S5's complexity).

    Letters without case (Chinese characters) count as symbols.
    """

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("Your password must use at least %(count)d of these: upper-case letters, "
                 "lower-case letters, digits, symbols.") % {"count": self.min_classes}


class UsernameNotContainedValidator:
    """The user name (case-insensitive, if 3 characters or longer) may not appear in it."""

    def validate(self, password: str, user: Any = None) -> None:
        username = str(getattr(user, "username", "") or "")
        if len(username) >= 3 and username.casefold() in password.casefold():
            raise ValidationError(_("Your password must not contain your user name."),
                                  code="password_contains_username")

    def get_help_text(self) -> str:
        return _("Your password must not contain your user name.")


class PasswordHistoryValidator:
    """Not the current password nor one of the last ``count`` (``ZICHA_PASSWORD_HISTORY``)."""

    def __init__(self, count: int | None = None) -> None:
        self._count = count

    @property
    def count(self) -> int:
        return conf.password_history_size() if self._count is None else self._count

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None or self.count == 0:
            return
        from zicha.web.accounts.history import PasswordHistory

        encoded = list(PasswordHistory.objects.filter(user=user)
                       .order_by("-created_at", "-pk")
                       .values_list("password", flat=True)[:self.count])
        current = get_user_model()._default_manager.filter(pk=user.pk).values_list(
            "password", flat=True).first()
        if current and current not in encoded:
            encoded.insert(0, current)
        for old in encoded:
            if old and check_password(password, old):
                raise ValidationError(self._message(), code="password_reused")

    def _message(self) -> str:
        return _("Your new password must differ from your last %(count)d passwords.") % {
            "count": self.count}

    def get_help_text(self) -> str:
        return self._message()


#: Django validators replaced by zicha's subclass (same options, translated messages)
_ZICHA_EQUIVALENT = {
    "django.contrib.auth.password_validation.MinimumLengthValidator":
        f"{_MODULE}.MinimumLengthValidator",
}


def password_validators() -> list[Any]:
    """The configured validators plus zicha's own ones that the settings do not list."""
    configured = [{**entry, "NAME": _ZICHA_EQUIVALENT.get(entry["NAME"], entry["NAME"])}
                  for entry in getattr(settings, "AUTH_PASSWORD_VALIDATORS", [])]
    names = {entry["NAME"] for entry in configured}
    extra = [entry for entry in ZICHA_PASSWORD_VALIDATORS if entry["NAME"] not in names]
    return get_password_validators(configured + extra)
