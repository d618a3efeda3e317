"""Windows section parsers: one pure ``parse_<section>(text) -> dataclass`` per
bundle section written by ``collect.bat`` (docs/collector.md, docs/bundle-format.md).

:data:`PARSERS` maps the section name (the bundle contract) to its parser.
Facts are derived from the parsed sections in :mod:`zicha.parsers.windows.facts`.
Sections whose output is localized (net_accounts, netstat headers, firewall,
adapters, wlan, wlan_hosted) are parsed through en-US and zh-CN label tables.
"""

from __future__ import annotations

from collections.abc import Callable

from zicha.parsers.windows.firewall import parse_firewall
from zicha.parsers.windows.ipconfig import parse_adapters
from zicha.parsers.windows.misc import parse_ps_defender, parse_whoami
from zicha.parsers.windows.net_accounts import parse_net_accounts
from zicha.parsers.windows.netstat import parse_netstat
from zicha.parsers.windows.registry import (
    parse_autologon,
    parse_defender,
    parse_firewall_reg,
    parse_os_reg,
    parse_rdp,
    parse_screensaver,
    parse_smb1,
    parse_usbstor,
)
from zicha.parsers.windows.sc import parse_av_services, parse_services, parse_smb1_client
from zicha.parsers.windows.secedit import parse_secedit
from zicha.parsers.windows.tasklist import parse_tasklist
from zicha.parsers.windows.wlan import parse_wlan, parse_wlan_hosted
from zicha.parsers.windows.wmic import (
    parse_adapters_wmic,
    parse_antivirus,
    parse_hotfixes,
    parse_local_admins,
    parse_local_users,
    parse_os,
    parse_srv_sys,
)

__all__ = ["LOCALIZED", "PARSERS"]

PARSERS: dict[str, Callable[[str], object]] = {
    "whoami": parse_whoami,
    "os": parse_os,
    "os_reg": parse_os_reg,
    "hotfixes": parse_hotfixes,
    "srv_sys": parse_srv_sys,
    "secedit": parse_secedit,
    "net_accounts": parse_net_accounts,
    "local_users": parse_local_users,
    "local_admins": parse_local_admins,
    "autologon": parse_autologon,
    "screensaver": parse_screensaver,
    "rdp": parse_rdp,
    "smb1": parse_smb1,
    "smb1_client": parse_smb1_client,
    "usbstor": parse_usbstor,
    "firewall": parse_firewall,
    "firewall_reg": parse_firewall_reg,
    "netstat": parse_netstat,
    "tasklist": parse_tasklist,
    "services": parse_services,
    "av_services": parse_av_services,
    "antivirus": parse_antivirus,
    "defender": parse_defender,
    "ps_defender": parse_ps_defender,
    "adapters": parse_adapters,
    "adapters_wmic": parse_adapters_wmic,
    "wlan": parse_wlan,
    "wlan_hosted": parse_wlan_hosted,
}

#: sections whose text depends on the display language: golden fixtures exist in
#: en-US and zh-CN for each
LOCALIZED = frozenset({
    "net_accounts", "netstat", "firewall", "adapters", "wlan", "wlan_hosted", "smb1_client",
    "services", "tasklist", "whoami",
})
