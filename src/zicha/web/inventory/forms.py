"""Inventory edit forms. Choices are limited to the organizations the person may see;
a zone, subnet or department of another organization is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zicha.web.inventory.excel import MAX_IMPORT_BYTES
from zicha.web.inventory.models import (
    Asset,
    Department,
    InformationSystem,
    Organization,
    Subnet,
    Zone,
)
from zicha.web.inventory.normalize import normalize_mac

__all__ = [
    "AssetForm",
    "AssetImportForm",
    "DepartmentForm",
    "SubnetForm",
    "SystemForm",
    "ZoneForm",
]


class _ScopedForm(forms.ModelForm):
    """Organization choices from ``organizations``; fixed once the object exists."""

    related = ("zone", "department")

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        multi = organizations.count() > 1
        if "organization" in self.fields:
            field = self.fields["organization"]
            field.queryset = organizations
            if self.instance.pk is not None:
                field.disabled = True
            elif not multi:
                field.initial = organizations.first()
                field.widget = forms.HiddenInput()
        for name in self.related:
            if name in self.fields:
                model = self.fields[name].queryset.model
                self.fields[name].queryset = model.objects.filter(
                    organization__in=organizations).select_related("organization").order_by(
                    "organization__name", "name")
                if multi:
                    self.fields[name].label_from_instance = (
                        lambda obj: f"{obj.organization} · {obj.name}")

    def _organization(self) -> Any:
        return self.cleaned_data.get("organization") or getattr(
            self.instance, "organization", None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        organization = self._organization()
        for name in self.related:
            value = data.get(name)
            if value is not None and organization is not None \
                    and value.organization_id != organization.pk:
                self.add_error(name, _("Choose one of this organization's entries."))
        return data


class ZoneForm(_ScopedForm):
    related = ()

    class Meta:
        model = Zone
        fields = ("organization", "kind", "name")


class DepartmentForm(_ScopedForm):
    related = ()

    class Meta:
        model = Department
        fields = ("organization", "name")


class SubnetForm(_ScopedForm):
    class Meta:
        model = Subnet
        fields = ("zone", "cidr", "name", "department")

    def _organization(self) -> Any:
        zone = self.cleaned_data.get("zone")
        return zone.organization if zone is not None else None


class AssetForm(_ScopedForm):
    class Meta:
        model = Asset
        fields = ("organization", "name", "ip", "mac", "platform", "role", "zone", "department",
                  "owner", "vendor", "registered", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}  # noqa: RUF012

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ip, organization = data.get("ip"), self._organization()
        if ip and organization is not None:
            clash = Asset.objects.filter(organization=organization, ip=ip).exclude(
                pk=self.instance.pk).first()
            if clash is not None:
                self.add_error("ip", _("%(asset)s already has this address.")
                               % {"asset": clash.name})
        return data

    def clean_mac(self) -> str:
        text = (self.cleaned_data.get("mac") or "").strip()
        if not text:
            return ""
        mac = normalize_mac(text)
        if mac is None:
            raise forms.ValidationError(_("Not a valid MAC address."))
        return mac


class SystemForm(_ScopedForm):
    related = ("department",)

    class Meta:
        model = InformationSystem
        fields = ("organization", "name", "kind", "grade", "filing_number", "last_assessed",
                  "department", "owner", "vendor", "notes")
        widgets = {  # noqa: RUF012
            "last_assessed": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class AssetImportForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(),
                                          label=_("Organization"))
    file = forms.FileField(label=_("Excel workbook (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations
        if organizations.count() <= 1:
            field.initial = organizations.first()
            field.widget = forms.HiddenInput()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.")
                                        % {"limit": MAX_IMPORT_BYTES // 2**20})
        return upload
