"""Forms of the rectification ledger (整改台账)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zicha.web.accounts.policy import ROLE_CAPABILITIES
from zicha.web.core.choices import Severity
from zicha.web.core.upload_fields import MultipleFileField
from zicha.web.findings.choices import FindingStatus
from zicha.web.findings.due import default_due_date, risk_second_person
from zicha.web.findings.models import Finding
from zicha.web.inventory.models import Department, Zone

__all__ = ["AssignForm", "CommentForm", "FindingFilterForm", "RiskAcceptForm"]

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(choices: Any) -> list[tuple[Any, Any]]:
    return [("", _("All")), *choices]


class FindingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=_blank(FindingStatus.choices))
    severity = forms.ChoiceField(label=_("Severity"), required=False,
                                 choices=_blank(Severity.choices))
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int,
                                        empty_value=None)
    zone = forms.TypedChoiceField(label=_("Zone"), required=False, coerce=int, empty_value=None)
    check = forms.CharField(label=_("Check"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    asset = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organizations: Any, department_scope: int | None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(organization__in=organizations)
        if department_scope is not None:
            departments = departments.filter(pk=department_scope)
        self.fields["department"].choices = _blank([(d.pk, str(d)) for d in departments])
        self.fields["zone"].choices = _blank(
            [(z.pk, str(z)) for z in Zone.objects.filter(organization__in=organizations)])

    def filters(self) -> dict[str, Any]:
        return dict(self.cleaned_data) if self.is_valid() else {}


def _users(finding: Finding) -> Any:
    return get_user_model().objects.filter(
        Q(organization_id=finding.organization_id) | Q(is_superuser=True),
        is_active=True).order_by("username")


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=None,
                                        required=False)
    owner_user = forms.ModelChoiceField(label=_("Owner (account)"), queryset=None,
                                        required=False)
    owner = forms.CharField(label=_("Owner (name)"), max_length=200, required=False,
                            help_text=_("A person without an account, e.g. a vendor engineer."))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=_DATE)

    def __init__(self, *args: Any, finding: Finding, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "department": finding.department_id, "owner_user": finding.owner_user_id,
            "owner": finding.owner if not finding.owner_user_id else "",
            "due_date": finding.due_date or default_due_date(severity=finding.severity)})
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            organization_id=finding.organization_id)
        self.fields["owner_user"].queryset = _users(finding)


class RiskAcceptForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why the risk is accepted, e.g. the vendor's software "
                                         "needs port 445; what limits the risk meanwhile."))
    expires_on = forms.DateField(label=_("Accepted until"), widget=_DATE,
                                 help_text=_("At most one year from today."))
    approver = forms.ModelChoiceField(label=_("Approved by"), queryset=None)

    def __init__(self, *args: Any, finding: Finding, requester: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [role for role, caps in ROLE_CAPABILITIES.items()
                 if "findings.accept_risk" in caps]
        approvers = _users(finding).filter(Q(role__in=roles) | Q(is_superuser=True))
        if risk_second_person():
            approvers = approvers.exclude(pk=requester.pk)
        self.fields["approver"].queryset = approvers


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultipleFileField(label=_("Take a photo"), accept="image/*", capture=True)
    files = MultipleFileField(label=_("Attach files"),
                              help_text=_("Images, PDF or Office files; at most 20 MB each and "
                                          "10 files at once."))

    def all_files(self) -> list[Any]:
        return [*self.cleaned_data.get("photos", []), *self.cleaned_data.get("files", [])]
