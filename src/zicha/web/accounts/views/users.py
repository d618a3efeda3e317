"""Account management for administrators (capability ``accounts.manage``).

Objects are looked up in ``user_list(actor=…)``: another organization's account
is a 404, not a 403. One-time passwords are rendered once in the POST response
(never stored, never redirected to, not cached).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from zicha.web.accounts.forms import UserCreateForm, UserEditForm, UserFilterForm
from zicha.web.accounts.policy import capability_required
from zicha.web.accounts.selectors import user_list
from zicha.web.accounts.services import (
    account_create,
    account_password_reset,
    account_set_active,
    account_totp_disable,
    account_unlock,
    account_update,
)
from zicha.web.accounts.views.common import (
    add_service_errors,
    paginate,
    querystring_without_page,
)

__all__ = ["user_create", "user_deactivate", "user_edit", "user_list_view",
           "user_reset_password"]

CAPABILITY = "accounts.manage"


def _get_user(request: HttpRequest, pk: int) -> object:
    return get_object_or_404(user_list(actor=request.user), pk=pk)


@capability_required(CAPABILITY)
def user_list_view(request: HttpRequest) -> HttpResponse:
    filters = UserFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    active = {"1": True, "0": False}.get(params.get("active") or "")
    qs = user_list(actor=request.user, q=params.get("q", ""), role=params.get("role", ""),
                   active=active)
    return render(request, "accounts/user_list.html", {
        "filters": filters, "page": paginate(request, qs),
        "querystring": querystring_without_page(request), "now_value": timezone.now(),
    })


def _password_once(request: HttpRequest, user: object, password: str,
                   created: bool) -> HttpResponse:
    return render(request, "accounts/user_password_once.html", {
        "account": user, "password": password, "created": created})


@never_cache
@capability_required(CAPABILITY)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = account_create(actor=request.user,
                                            username=form.cleaned_data["username"],
                                            **form.account_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _password_once(request, user, password, created=True)
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@capability_required(CAPABILITY)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _get_user(request, pk)
    form = UserEditForm(request.POST or None, instance=account, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            updated = account_update(actor=request.user, user=account,
                                     data=form.account_data())
            if form.cleaned_data.get("unlock"):
                account_unlock(actor=request.user, user=updated)
            if form.cleaned_data.get("disable_totp"):
                account_totp_disable(actor=request.user, user=updated)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The account %(name)s was saved.")
                             % {"name": updated.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


@capability_required(CAPABILITY)
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm; POST: deactivate an active account, reactivate an inactive one."""
    account = _get_user(request, pk)
    if request.method == "POST":
        try:
            account_set_active(actor=request.user, user=account,
                               active=not account.is_active)  # type: ignore[attr-defined]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if account.is_active:  # type: ignore[attr-defined]
                messages.success(request, _("The account %(name)s is active again.")
                                 % {"name": account.username})  # type: ignore[attr-defined]
            else:
                messages.success(request, _("The account %(name)s was deactivated.")
                                 % {"name": account.username})  # type: ignore[attr-defined]
        return redirect("accounts:user_list")
    return render(request, "accounts/user_confirm.html", {
        "account": account, "action": "deactivate"})


@never_cache
@capability_required(CAPABILITY)
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm; POST: set a random one-time password and show it once."""
    account = _get_user(request, pk)
    if request.method == "POST":
        password = account_password_reset(actor=request.user, user=account)
        return _password_once(request, account, password, created=False)
    return render(request, "accounts/user_confirm.html", {
        "account": account, "action": "reset_password"})
