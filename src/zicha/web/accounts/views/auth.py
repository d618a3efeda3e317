"""Logging in (password, then the TOTP code when enabled), logging out, changing the password."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from zicha.web.accounts.forms import LoginForm, PasswordChangeForm, TotpCodeForm
from zicha.web.accounts.http import client_ip, safe_next
from zicha.web.accounts.middleware import LAST_SEEN_KEY
from zicha.web.accounts.services import (
    LoginResult,
    LoginStatus,
    account_login_attempt,
    account_login_totp,
    account_logout,
    account_password_change,
    password_is_expired,
)
from zicha.web.accounts.views.common import add_service_errors

__all__ = ["login_totp_view", "login_view", "logout_view", "password_change_view"]

#: session key of a login waiting for its TOTP code: {"user", "at", "next"}
PENDING_KEY = "zicha_login_pending"
PENDING_SECONDS = 300


def _complete_login(request: HttpRequest, user: object, next_url: str) -> HttpResponse:
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])   # new session key
    request.session[LAST_SEEN_KEY] = time.time()
    if user.must_change_password or password_is_expired(user):  # type: ignore[attr-defined]
        return redirect(reverse("accounts:password_change") + "?" + urlencode({"next": next_url}))
    return redirect(next_url)


def _refusal(result: LoginResult) -> str:
    if result.status is LoginStatus.LOCKED and result.locked_until is not None:
        until = formats.time_format(timezone.localtime(result.locked_until), "H:i")
        return _("This account is locked after repeated failed logins until %(time)s. "
                 "Try again later or ask an administrator to unlock it.") % {"time": until}
    return _("The user name or password is not correct, or the account is deactivated.")


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = account_login_attempt(username=form.cleaned_data["username"],
                                       password=form.cleaned_data["password"],
                                       ip=client_ip(request))
        if result.ok:
            return _complete_login(request, result.user, next_url)
        if result.status is LoginStatus.TOTP_REQUIRED:
            request.session.cycle_key()
            request.session[PENDING_KEY] = {"user": result.user.pk, "at": time.time(),
                                            "next": next_url}
            return redirect("accounts:login_totp")
        form.add_error(None, _refusal(result))
    asked = request.POST.get("next") or request.GET.get("next")
    return render(request, "accounts/login.html", {"form": form,
                                                   "next": next_url if asked else ""})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_totp_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        if request.method == "POST":
            messages.error(request, _("The login took too long. Please start again."))
        return redirect("accounts:login")
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = account_login_totp(user_id=pending["user"], code=form.cleaned_data["code"],
                                    ip=client_ip(request))
        if result.ok:
            request.session.pop(PENDING_KEY, None)
            return _complete_login(request, result.user, safe_next(request, pending.get("next")))
        if result.status is LoginStatus.LOCKED or result.user is None:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, _refusal(result))
            return redirect("accounts:login")
        form.add_error("code", _("The code is not correct. Enter the current code from "
                                 "your authenticator app."))
    return render(request, "accounts/login_totp.html", {"form": form})


@require_POST
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        account_logout(user=request.user, ip=client_ip(request))
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@csrf_protect
@never_cache
@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_password_change(user=user, old_password=form.cleaned_data["old_password"],
                                    new_password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect(next_url)
    return render(request, "accounts/password_change.html", {
        "form": form, "next": next_url,
        "forced": user.must_change_password,  # type: ignore[union-attr]
        "expired": password_is_expired(user),
    })
