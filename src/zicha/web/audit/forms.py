"""The audit viewer's filter form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditFilterForm"]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who"), required=False, max_length=150)
    action = forms.CharField(label=_("Action"), required=False, max_length=64,
                             widget=forms.TextInput(attrs={"list": "audit-actions"}),
                             help_text=_("A code such as account.login, or a prefix such as "
                                         "account"))
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    target_type = forms.CharField(label=_("Object type"), required=False, max_length=64,
                                  widget=forms.TextInput(attrs={"list": "audit-target-types"}))
    target_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    target = forms.CharField(label=_("Object"), required=False, max_length=255)

    def filters(self) -> dict[str, Any]:
        """The valid filters, for ``audit_event_list``."""
        if not self.is_bound:
            return {}
        self.is_valid()   # invalid fields are left out of cleaned_data, the rest still apply
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
