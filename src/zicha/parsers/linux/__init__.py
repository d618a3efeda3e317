"""Linux section parsers: one pure ``parse_<section>(text) -> dataclass`` per
bundle section written by ``collect.sh`` (docs/bundle-format.md).

:data:`PARSERS` maps the section name (the bundle contract) to its parser.
Facts are derived from the parsed sections in :mod:`zicha.parsers.linux.facts`.
"""

from __future__ import annotations

from collections.abc import Callable

from zicha.parsers.linux.accounts import parse_passwd, parse_shadow_summary
from zicha.parsers.linux.auth import parse_login_defs, parse_pam_password, parse_pwquality_conf
from zicha.parsers.linux.firewall import parse_firewall
from zicha.parsers.linux.network import parse_ip_addr, parse_ip_link, parse_listening
from zicha.parsers.linux.services import parse_services_running
from zicha.parsers.linux.sshd import parse_sshd_config, parse_sshd_effective
from zicha.parsers.linux.syslog_remote import parse_rsyslog_remote
from zicha.parsers.linux.system import parse_hostname, parse_os_release, parse_uname
from zicha.parsers.linux.timesync import parse_time_sync
from zicha.parsers.linux.usb import parse_lsmod, parse_modprobe_usb

__all__ = ["PARSERS"]

PARSERS: dict[str, Callable[[str], object]] = {
    "os_release": parse_os_release,
    "uname": parse_uname,
    "hostname": parse_hostname,
    "login_defs": parse_login_defs,
    "pwquality_conf": parse_pwquality_conf,
    "pam_password": parse_pam_password,
    "sshd_effective": parse_sshd_effective,
    "sshd_config": parse_sshd_config,
    "modprobe_usb": parse_modprobe_usb,
    "lsmod": parse_lsmod,
    "firewall": parse_firewall,
    "listening": parse_listening,
    "time_sync": parse_time_sync,
    "shadow_summary": parse_shadow_summary,
    "passwd": parse_passwd,
    "rsyslog_remote": parse_rsyslog_remote,
    "services_running": parse_services_running,
    "ip_addr": parse_ip_addr,
    "ip_link": parse_ip_link,
}
