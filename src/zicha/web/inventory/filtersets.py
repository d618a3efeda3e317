"""Filter forms of the inventory lists (GET). ``filters()`` gives the selectors' keywords.

Invalid values are ignored rather than refused: a stale bookmark still shows a list.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zicha.web.inventory.choices import AssetPlatform, AssetRole, MlpsGrade, SystemKind
from zicha.web.inventory.labels import zone_label
from zicha.web.inventory.models import Department, Organization, Zone

__all__ = ["AssetFilterForm", "IpRegisterFilterForm", "OrgFilterForm", "SystemFilterForm"]

_YES_NO = (("", _("All")), ("yes", _("Yes")), ("no", _("No")))


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


class OrgFilterForm(forms.Form):
    """The organization filter, shown only to people who see more than one."""

    boolean_fields: tuple[str, ...] = ("registered", "seen")

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), required=False,
                                          label=_("Organization"), empty_label=_("All"))

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        self.multi_org = organizations.count() > 1
        if self.multi_org:
            self.fields["organization"].queryset = organizations
        else:
            del self.fields["organization"]

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        out = {k: v for k, v in data.items() if v not in (None, "")}
        for key in self.boolean_fields:
            if key in out:
                out[key] = out[key] == "yes"
        return out

    @property
    def active(self) -> bool:
        return bool(self.filters())


class _ZoneChoice(forms.ModelChoiceField):
    multi_org = False

    def label_from_instance(self, obj: Any) -> str:
        name = zone_label(obj.name)
        return f"{obj.organization} · {name}" if self.multi_org else name


class AssetFilterForm(OrgFilterForm):
    q = forms.CharField(required=False, label=_("Search"),
                        widget=forms.TextInput(attrs={"placeholder": _("Name, IP or MAC")}))
    zone = _ZoneChoice(queryset=Zone.objects.none(), required=False, label=_("Zone"),
                       empty_label=_("All"))
    department = _ZoneChoice(queryset=Department.objects.none(), required=False,
                             label=_("Department"), empty_label=_("All"))
    role = forms.ChoiceField(choices=_blank(AssetRole.choices), required=False, label=_("Role"))
    platform = forms.ChoiceField(choices=_blank(AssetPlatform.choices), required=False,
                                 label=_("Platform"))
    registered = forms.ChoiceField(choices=_YES_NO, required=False, label=_("Registered"))

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, organizations=organizations, **kwargs)
        for name, model in (("zone", Zone), ("department", Department)):
            field = self.fields[name]
            field.queryset = model.objects.filter(
                organization__in=organizations).select_related("organization").order_by(
                "organization__name", "name")
            field.multi_org = self.multi_org


class IpRegisterFilterForm(AssetFilterForm):
    seen = forms.ChoiceField(choices=_YES_NO, required=False, label=_("Seen on the network"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("role", "platform", "department"):
            del self.fields[name]


class SystemFilterForm(OrgFilterForm):
    q = forms.CharField(required=False, label=_("Search"))
    kind = forms.ChoiceField(choices=_blank(SystemKind.choices), required=False, label=_("Kind"))
    grade = forms.TypedChoiceField(choices=_blank(MlpsGrade.choices), required=False,
                                   coerce=int, empty_value=None, label=_("MLPS grade"))
