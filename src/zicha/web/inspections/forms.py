"""Forms of the inspections console: start, filter, answer manual items, schedule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zicha.web.core.choices import Severity
from zicha.web.core.upload_fields import MultipleFileField
from zicha.web.inspections.choices import (
    CheckArea,
    ManualAnswerChoice,
    RegisterChoice,
    ResultStatus,
    ScheduleFrequency,
)
from zicha.web.inspections.models import BundleUpload
from zicha.web.inspections.run_services import DEFAULT_PORTS, VANTAGE_ZONES, lab_enabled
from zicha.web.inventory.choices import ZoneKind

__all__ = ["InspectionStartForm", "ManualAnswerForm", "ResultFilterForm", "ScheduleForm"]

_ZONE_CHOICES = [(z, ZoneKind(z).label) for z in VANTAGE_ZONES]
_LINES = {"rows": 2, "placeholder": "127.20.0.0/16"}


def _blank(choices: Any, label: Any = None) -> list[tuple[str, Any]]:
    return [("", label or _("All")), *choices]


class _ParametersMixin(forms.Form):
    """What to inspect: shared by the start form and schedules."""

    scope = forms.CharField(
        label=_("Scan scope (CIDRs)"), required=False, widget=forms.Textarea(attrs=_LINES),
        help_text=_("One network per line. Nothing outside the scope is ever probed."))
    exclude = forms.CharField(label=_("Excluded from the scope"), required=False,
                              widget=forms.Textarea(attrs={"rows": 1}))
    targets = forms.CharField(label=_("Scan targets"), required=False,
                              widget=forms.Textarea(attrs=_LINES),
                              help_text=_("Addresses, networks or ranges inside the scope."))
    ports = forms.CharField(label=_("Ports"), initial=DEFAULT_PORTS, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    vantage_zone = forms.ChoiceField(label=_("Zone the scan runs from"), choices=_ZONE_CHOICES,
                                     initial="intranet")
    register = forms.ChoiceField(label=_("IP register"), choices=RegisterChoice.choices,
                                 initial=RegisterChoice.ORGANIZATION)
    lab = forms.BooleanField(label=_("Simulated hospital (lab)"), required=False,
                             help_text=_("Starts the simulated hospital on loopback addresses "
                                         "and inspects it (demo and tests only)."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not lab_enabled():
            del self.fields["lab"]

    def parameters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"scope": data.get("scope", ""), "exclude": data.get("exclude", ""),
                "targets": data.get("targets", ""), "ports": data.get("ports") or DEFAULT_PORTS,
                "vantage_zone": data["vantage_zone"], "register": data["register"],
                "lab": bool(data.get("lab")),
                "bundle_uploads": [b.pk for b in data.get("bundle_uploads") or []]}


class InspectionStartForm(_ParametersMixin):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None,
                                          empty_label=None)
    bundle_uploads = forms.ModelMultipleChoiceField(
        label=_("Uploaded bundles not yet used"), queryset=BundleUpload.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple)
    bundle_files = MultipleFileField(
        label=_("Upload collector bundles"), accept=".zb,.zbundle,.bundle,.txt,.zip",
        help_text=_("Bundle files written by collect.bat / collect.sh, or a zip of them."))

    field_order = ("organization", "lab", "scope", "exclude", "targets", "ports",
                   "vantage_zone", "register", "bundle_uploads", "bundle_files")

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()
            self.fields["organization"].widget = forms.HiddenInput()
        self.fields["bundle_uploads"].queryset = BundleUpload.objects.filter(
            organization__in=organizations, inspection__isnull=True).order_by("-created_at")
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        org = data.get("organization")
        for bundle in data.get("bundle_uploads") or []:
            if org is not None and bundle.organization_id != org.pk:
                self.add_error("bundle_uploads", _("This bundle belongs to another organization."))
        return data


class ResultFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False,
                             choices=_blank(CheckArea.choices))
    zone = forms.TypedChoiceField(label=_("Zone"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int,
                                        empty_value=None)
    check = forms.ChoiceField(label=_("Check"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=_blank(ResultStatus.choices))
    severity = forms.ChoiceField(label=_("Severity"), required=False,
                                 choices=_blank(Severity.choices))
    asset = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[Any, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = _blank(choices["zone"])
        self.fields["department"].choices = _blank(choices["department"])
        self.fields["check"].choices = _blank(choices["check"])

    def filters(self) -> dict[str, Any]:
        return dict(self.cleaned_data) if self.is_valid() else {}


class ManualAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=ManualAnswerChoice.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    photos = MultipleFileField(label=_("Take a photo"), accept="image/*", capture=True)
    files = MultipleFileField(label=_("Attach files"),
                              help_text=_("Images, PDF or Office files; at most 20 MB each and "
                                          "10 files per answer."))

    def all_files(self) -> list[Any]:
        return [*self.cleaned_data.get("photos", []), *self.cleaned_data.get("files", [])]


WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
            (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]


class ScheduleForm(_ParametersMixin):
    name = forms.CharField(label=_("Name"), max_length=200)
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None,
                                          empty_label=None)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=ScheduleFrequency.choices)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=_blank(WEEKDAYS, "—"),
                                     coerce=int, empty_value=None, required=False)
    every_days = forms.IntegerField(label=_("Every N days"), min_value=1, max_value=365,
                                    required=False)
    time = forms.TimeField(label=_("Time of day"), initial="02:00",
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)

    field_order = ("name", "organization", "frequency", "weekday", "every_days", "time",
                   "enabled", "lab", "scope", "exclude", "targets", "ports", "vantage_zone",
                   "register")

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()
            self.fields["organization"].widget = forms.HiddenInput()
        self.order_fields(self.field_order)
