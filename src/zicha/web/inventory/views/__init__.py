"""Inventory views: thin, capability-checked, reading through scoped selectors."""

from zicha.web.inventory.views.assets import (
    asset_create,
    asset_detail,
    asset_edit,
    asset_list,
    asset_register,
)
from zicha.web.inventory.views.excel import asset_export, asset_import
from zicha.web.inventory.views.network import (
    department_create,
    department_edit,
    department_list,
    subnet_create,
    subnet_edit,
    subnet_list,
    zone_create,
    zone_edit,
    zone_list,
)
from zicha.web.inventory.views.register import ipregister_list
from zicha.web.inventory.views.systems import (
    system_create,
    system_detail,
    system_edit,
    system_list,
)

__all__ = [
    "asset_create", "asset_detail", "asset_edit", "asset_export", "asset_import", "asset_list",
    "asset_register", "department_create", "department_edit", "department_list",
    "ipregister_list", "subnet_create", "subnet_edit", "subnet_list", "system_create",
    "system_detail", "system_edit", "system_list", "zone_create", "zone_edit", "zone_list",
]
