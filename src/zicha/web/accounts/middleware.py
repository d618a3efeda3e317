"""Session policy middleware. Add both after AuthenticationMiddleware and MessageMiddleware:

``IdleTimeoutMiddleware``          logs a session out after ``ZICHA_SESSION_IDLE_MINUTES``
                                   without a request (audited as account.logout, reason idle)
``ForcePasswordChangeMiddleware``  sends a person who must change the password (first login,
                                   reset by an administrator, older than
                                   ``ZICHA_PASSWORD_MAX_AGE_DAYS``) to the change page on
                                   every request until it is changed
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from zicha.web.accounts import conf
from zicha.web.accounts.http import client_ip
from zicha.web.accounts.services import account_logout, password_is_expired

__all__ = ["LAST_SEEN_KEY", "ForcePasswordChangeMiddleware", "IdleTimeoutMiddleware"]

LAST_SEEN_KEY = "zicha_last_seen"
#: seconds between updates of the last-seen mark (fewer session writes)
_GRANULARITY = 15

#: views reachable while a password change is pending
_EXEMPT_VIEWS = frozenset({
    "accounts:password_change", "accounts:logout", "accounts:login", "accounts:login_totp",
    "set_language", "javascript-catalog",
})


def _is_api(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and "api" in match.namespaces)


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(LAST_SEEN_KEY)
            if last is not None and now - float(last) > conf.idle_timeout().total_seconds():
                account_logout(user=user, reason="idle", ip=client_ip(request))
                logout(request)
                messages.info(request, _("You were logged out after %(minutes)d minutes "
                                         "without activity.")
                              % {"minutes": conf.idle_timeout().total_seconds() // 60})
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if last is None or now - float(last) >= _GRANULARITY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, args: Any,
                     kwargs: Any) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not (user.must_change_password or password_is_expired(user)):
            return None
        match = request.resolver_match
        if match is None or match.view_name in _EXEMPT_VIEWS or _is_api(request):
            return None
        target = reverse("accounts:password_change")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
