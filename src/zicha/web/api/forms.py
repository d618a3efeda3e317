"""The form that issues an API token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zicha.web.api.choices import TokenScope
from zicha.web.inventory.models import Organization

__all__ = ["TokenCreateForm"]


class TokenCreateForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(),
                                          label=_("Organization"))
    name = forms.CharField(max_length=100, label=pgettext_lazy("object name", "Name"),
                           help_text=_("What the token is for, e.g. the collector's host."))
    scopes = forms.MultipleChoiceField(choices=TokenScope.choices, label=_("Scopes"),
                                       widget=forms.CheckboxSelectMultiple,
                                       initial=[TokenScope.UPLOAD])
    expires_on = forms.DateField(required=False, label=_("Valid until"),
                                 help_text=_("Empty: until revoked."),
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations
        if organizations.count() <= 1:
            field.initial = organizations.first()
            field.widget = forms.HiddenInput()

    def clean_expires_on(self) -> dt.date | None:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("The date is in the past."))
        return day

    def expires_at(self) -> dt.datetime | None:
        """The end of the chosen day (local time), or None."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
