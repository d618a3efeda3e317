"""A person's own page: who they are, password age, and TOTP enrolment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from zicha.web.accounts import conf, totp
from zicha.web.accounts.forms import TotpCodeForm, TotpDisableForm
from zicha.web.accounts.services import account_totp_disable, account_totp_enable
from zicha.web.accounts.views.common import add_service_errors

__all__ = ["profile_view", "totp_disable_view", "totp_enable_view"]

#: the secret being enrolled lives in the session until the first code confirms it
ENROL_KEY = "zicha_totp_enrol"


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    max_age = conf.password_max_age()
    expires = (user.password_changed_at + max_age  # type: ignore[union-attr]
               if max_age and user.password_changed_at else None)  # type: ignore[union-attr]
    return render(request, "accounts/profile.html", {
        "profile_user": user, "password_expires": expires,
        "disable_form": TotpDisableForm(),
    })


@never_cache
@login_required
def totp_enable_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.totp_secret:  # type: ignore[union-attr]
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:profile")
    secret = request.session.get(ENROL_KEY)
    if not secret:
        secret = totp.generate_secret()
        request.session[ENROL_KEY] = secret
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_totp_enable(user=user, secret=secret, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session.pop(ENROL_KEY, None)
            messages.success(request, _("Two-factor authentication is on. From now on, "
                                        "logging in asks for a code from your app."))
            return redirect("accounts:profile")
    uri = totp.provisioning_uri(secret, account=user.get_username(),
                                issuer=conf.totp_issuer())
    return render(request, "accounts/totp_enable.html", {
        "form": form, "secret": _grouped(secret), "otpauth_uri": uri,
    })


@login_required
@sensitive_post_parameters("password")
@require_POST
def totp_disable_view(request: HttpRequest) -> HttpResponse:
    form = TotpDisableForm(request.POST)
    if form.is_valid():
        try:
            account_totp_disable(actor=request.user, user=request.user,
                                 password=form.cleaned_data["password"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts:profile")
    messages.error(request, _("Your password was entered incorrectly."))
    return redirect("accounts:profile")
