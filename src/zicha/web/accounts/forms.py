"""Account forms. Validation of state (passwords, roles) is the services' job; forms parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from zicha.web.accounts.choices import Role
from zicha.web.accounts.validators import password_validators
from zicha.web.inventory.models import Department, Organization

__all__ = [
    "LoginForm",
    "PasswordChangeForm",
    "TotpCodeForm",
    "TotpDisableForm",
    "UserCreateForm",
    "UserEditForm",
    "UserFilterForm",
]


class LoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True,
                                                             "autocomplete": "username",
                                                             "autocapitalize": "none"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))


class TotpCodeForm(forms.Form):
    code = forms.CharField(label=_("6-digit code"), max_length=12,
                           widget=forms.TextInput(attrs={"autofocus": True,
                                                         "autocomplete": "one-time-code",
                                                         "inputmode": "numeric",
                                                         "pattern": "[0-9 ]*"}))


class TotpDisableForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), strip=False,
                                   widget=forms.PasswordInput(attrs={
                                       "autofocus": True, "autocomplete": "current-password"}))
    new_password1 = forms.CharField(label=_("New password"), strip=False,
                                    widget=forms.PasswordInput(attrs={
                                        "autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=_("New password (again)"), strip=False,
                                    widget=forms.PasswordInput(attrs={
                                        "autocomplete": "new-password"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_texts = password_validators_help_texts(  # type: ignore[attr-defined]
            password_validators())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords do not match."))
        return data


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False,
                             choices=[("", _("All roles")), *Role.choices])
    active = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))])


class _AccountForm(forms.ModelForm):
    """Shared by create and edit: choices limited to what ``actor`` may assign."""

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        if actor.is_superuser:
            orgs = Organization.objects.all()
            departments = Department.objects.select_related("organization")
        else:
            orgs = Organization.objects.filter(pk=actor.organization_id)
            departments = Department.objects.filter(organization_id=actor.organization_id)
            self.fields["role"].choices = [c for c in Role.choices
                                           if c[0] != Role.DISTRICT_AUDITOR]
            del self.fields["supervised_organizations"]
            del self.fields["organization"]
        if "organization" in self.fields:
            self.fields["organization"].queryset = orgs
            self.fields["supervised_organizations"].queryset = orgs
            self.fields["supervised_organizations"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["supervised_organizations"].choices)
        self.fields["department"].queryset = departments
        self.fields["department"].required = False

    def account_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields
                if name in self.cleaned_data and name != "username"}
        if "organization" not in self.fields:
            data["organization"] = Organization.objects.filter(
                pk=self.actor.organization_id).first()
        return data


class UserCreateForm(_AccountForm):
    class Meta:
        model = get_user_model()
        fields = ("username", "first_name", "last_name", "email", "role", "organization",
                  "department", "supervised_organizations")

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip()


class UserEditForm(_AccountForm):
    unlock = forms.BooleanField(label=_("Unlock the account"), required=False)
    disable_totp = forms.BooleanField(label=_("Turn off two-factor authentication "
                                              "(lost phone)"), required=False)

    class Meta:
        model = get_user_model()
        fields = ("first_name", "last_name", "email", "role", "organization", "department",
                  "supervised_organizations")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.locked_until and not self.instance.failed_logins:
            del self.fields["unlock"]
        if not self.instance.totp_secret:
            del self.fields["disable_totp"]

    def account_data(self) -> dict[str, Any]:
        data = super().account_data()
        data.pop("unlock", None)
        data.pop("disable_totp", None)
        return data
