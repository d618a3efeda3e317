"""An authentication backend that applies zicha's login policy to every login form.

Django's own login forms (the admin site's) call ``authenticate()``; with this
backend they go through ``account_login_attempt`` too, so lockout, auditing and
inactive accounts are handled the same everywhere. An account with TOTP cannot
sign in through a form that has no code field: it must use ``accounts:login``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from zicha.web.accounts.http import client_ip
from zicha.web.accounts.services import account_login_attempt

__all__ = ["PolicyBackend"]


class PolicyBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        result = account_login_attempt(username=username, password=password,
                                       ip=client_ip(request))
        return result.user if result.ok else None
