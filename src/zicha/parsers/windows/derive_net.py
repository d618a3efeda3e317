"""Parsed Windows network sections → fact values (pure): listening sockets, RDP,
SMBv1, firewall, interfaces and Wi-Fi. Same conventions as :mod:`derive`."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from zicha.domain.facts import FactSet
from zicha.parsers.windows.derive import Out, _data, _fail, _int
from zicha.parsers.windows.known import (
    HOTSPOT_ADAPTER_WORDS,
    PORTABLE_WIFI_PROCESSES,
    WIRELESS_WORDS,
)

if TYPE_CHECKING:
    from zicha.parsers.windows.facts import Parsed

__all__ = ["firewall_facts", "interfaces_facts", "listening_facts", "rdp_facts", "smb1_facts",
           "wifi_facts"]


# -- network exposure -----------------------------------------------------------------
def _loopback(addr: str) -> bool:
    if addr.startswith("127.") or addr == "::1":
        return True
    if (addr[:1].isdigit() and "." in addr) or addr in ("::", "0.0.0.0"):
        return False     # other IPv4 literals and the wildcards: not loopback
    try:
        return ipaddress.ip_address(addr.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def listening_facts(netstat: Parsed, tasks: Parsed) -> Out:
    if not netstat.ok:
        return _fail("windows.listening", netstat)
    names = {p.pid: p.image for p in tasks.value.processes} if tasks.ok else {}
    open_ = [s for s in netstat.value.sockets if s.listening and not _loopback(s.local_address)]
    sockets = sorted(({"proto": s.proto, "address": s.local_address, "port": s.local_port,
                       "pid": s.pid, "process": names.get(s.pid)} for s in open_),
                     key=lambda d: (d["proto"], d["port"], d["address"]))
    return [("windows.listening", {
        "tcp_ports": sorted({s.local_port for s in open_ if s.proto == "tcp"}),
        "udp_ports": sorted({s.local_port for s in open_ if s.proto == "udp"}),
        "sockets": sockets,
    }, None, None)]


def rdp_facts(rdp: Parsed, netstat: Parsed) -> Out:
    if not rdp.ok:
        return _fail("windows.rdp", rdp)
    reg = rdp.value
    deny_local = _int(_data(reg.find("Control\\Terminal Server", "fDenyTSConnections")))
    deny_policy = _int(_data(reg.find("Policies\\Microsoft\\Windows NT\\Terminal Services",
                                      "fDenyTSConnections")))
    deny = deny_policy if deny_policy is not None else deny_local
    port = _int(_data(reg.find("WinStations\\RDP-Tcp", "PortNumber"))) or 3389
    listening = None
    if netstat.ok:
        listening = any(s.proto == "tcp" and s.state == "LISTENING" and s.local_port == port
                        for s in netstat.value.sockets)
    value = {"enabled": None if deny is None else deny == 0, "port": port,
             "deny_local": deny_local, "deny_policy": deny_policy, "listening": listening}
    errors = {}
    if deny is None:
        errors["enabled"] = "fDenyTSConnections is in neither the local nor the policy key"
    return [("windows.rdp", value, errors, None)]


def smb1_facts(smb1: Parsed, client_sc: Parsed, srv: Parsed) -> Out:
    if not smb1.ok:
        return _fail("windows.smb1", smb1)
    reg = smb1.value
    errors: dict[str, str] = {}
    value_smb1 = _int(_data(reg.find("LanmanServer\\Parameters", "SMB1")))
    server: bool | None
    if value_smb1 is not None:
        server = value_smb1 != 0
    elif srv.ok:
        # no SMB1 value: enabled by default wherever the SMBv1 server (srv.sys) is installed
        server = srv.value.present
    else:
        server = None
        errors["server_enabled"] = f"LanmanServer has no SMB1 value and {srv.why()}"
    start = _int(_data(reg.find("Services\\mrxsmb10", "Start")))
    client_blocks = reg.labels("client")
    if start is None and client_sc.ok:
        sc_start = client_sc.value.services[0].start_type
        start = 4 if sc_start == "DISABLED" else 3
    if start is not None:
        client: bool | None = start != 4
    elif client_blocks and not any(b.found for b in client_blocks):
        client = False      # the mrxsmb10 driver is not installed
    else:
        client = None
        errors["client_enabled"] = "no mrxsmb10 Start value"
    deps = _data(reg.find("Services\\LanmanWorkstation", "DependOnService"))
    return [("windows.smb1", {
        "server_enabled": server, "client_enabled": client, "smb1_value": value_smb1,
        "mrxsmb10_start": start,
        "workstation_depends_on_mrxsmb10": None if deps is None else
        any(str(d).lower() == "mrxsmb10" for d in (deps if isinstance(deps, tuple) else (deps,))),
    }, errors, None)]


_PROFILES = (("domain", "DomainProfile", "DomainProfile"),
             ("private", "StandardProfile", "PrivateProfile"),
             ("public", "PublicProfile", "PublicProfile"))


def firewall_facts(reg: Parsed, netsh: Parsed, services: Parsed) -> Out:
    if not reg.ok and not netsh.ok:
        return _fail("windows.firewall", reg, netsh)
    value: dict[str, Any] = {}
    sources = set()
    for profile, local_key, policy_key in _PROFILES:
        state = None
        if reg.ok:
            pol = _int(_data(reg.value.find(f"WindowsFirewall\\{policy_key}", "EnableFirewall")))
            loc = _int(_data(reg.value.find(f"FirewallPolicy\\{local_key}", "EnableFirewall")))
            raw = pol if pol is not None else loc
            if raw is not None:
                state = raw != 0
                sources.add("registry")
        if state is None and netsh.ok:
            state = getattr(netsh.value, profile)
            if state is not None:
                sources.add("netsh")
        value[profile] = state
    service = None
    if services.ok:
        svc = services.value.get("MpsSvc")
        service = svc is not None and svc.state == "RUNNING"
    value["service_running"] = service
    value["source"] = "+".join(sorted(sources)) or None
    errors = {}
    unknown = [p for p, _, _ in _PROFILES if value[p] is None]
    if unknown:
        errors["all_on"] = f"firewall state of profile(s) {', '.join(unknown)} is unknown"
    else:
        value["all_on"] = all(value[p] for p, _, _ in _PROFILES) and service is not False
    return [("windows.firewall", value, errors, None)]


# -- interfaces and Wi-Fi ------------------------------------------------------------
def _usable_v4(addr: str) -> bool:
    if ":" in addr:
        return False
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    return (isinstance(ip, ipaddress.IPv4Address) and not ip.is_loopback
            and not ip.is_link_local and not ip.is_unspecified)


def _wireless(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in WIRELESS_WORDS)


def _hotspot(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in HOTSPOT_ADAPTER_WORDS)


def interfaces_facts(nic: Parsed, ipc: Parsed, wlan: Parsed) -> Out:
    wlan_macs = ({i.mac for i in wlan.value.interfaces if i.mac} if wlan.ok else set())
    by_mac = {a.mac: a for a in ipc.value.adapters if a.mac} if ipc.ok else {}
    interfaces: list[dict[str, Any]] = []
    if nic.ok:
        for a in nic.value.adapters:
            ip = by_mac.get(a.mac) if a.mac else None
            v4 = [x for x in a.addresses if _usable_v4(x)]
            connected = ip.media_connected if ip is not None else True
            interfaces.append({
                "name": ip.name if ip is not None else a.description,
                "description": a.description, "mac": a.mac, "addresses": list(a.addresses),
                "up": bool(v4) and connected,
                "wireless": (ip is not None and ip.kind == "wireless") or _wireless(a.description)
                or (a.mac in wlan_macs),
                "hotspot": _hotspot(a.description),
            })
    elif ipc.ok:
        for ad in ipc.value.adapters:
            if ad.kind == "tunnel":
                continue
            v4 = [x for x in ad.ipv4 if _usable_v4(x)]
            interfaces.append({
                "name": ad.name, "description": ad.description, "mac": ad.mac,
                "addresses": [*ad.ipv4, *ad.ipv6], "up": bool(v4) and ad.media_connected,
                "wireless": ad.kind == "wireless" or _wireless(ad.description)
                or (ad.mac in wlan_macs),
                "hotspot": _hotspot(ad.description),
            })
    else:
        return _fail("net.interfaces", nic, ipc)
    ipv4 = sorted({x for i in interfaces for x in i["addresses"] if _usable_v4(x)},
                  key=lambda x: int(ipaddress.IPv4Address(x)))
    macs = sorted({i["mac"] for i in interfaces if i["mac"]})
    return [("net.interfaces", {"interfaces": interfaces, "ipv4": ipv4, "macs": macs}, None, None)]


def wifi_facts(wlan: Parsed, hosted: Parsed, tasks: Parsed, nic: Parsed, facts: FactSet) -> Out:
    if all(p.absent for p in (wlan, hosted, tasks, nic)):
        return []
    value: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if hosted.ok:
        value["hosted_network_active"] = hosted.value.active
        value["hosted_network_status"] = hosted.value.status
    else:
        errors["hosted_network_active"] = hosted.why()
    if tasks.ok:
        images = set(tasks.value.images())
        value["portable_wifi_processes"] = sorted(images & set(PORTABLE_WIFI_PROCESSES))
    else:
        errors["portable_wifi_processes"] = tasks.why()
    net = facts.get("net.interfaces")
    up: set[str] = set()
    if wlan.ok:
        value["wlan_service_running"] = wlan.value.service_running
        up.update(i.name or i.description for i in wlan.value.interfaces if i.connected)
    if net is not None:
        up.update(i["name"] for i in net["interfaces"]
                  if i["wireless"] and i["up"] and not i["hotspot"])
        value["hotspot_adapters_up"] = sorted(i["name"] for i in net["interfaces"]
                                              if i["hotspot"] and i["up"])
    else:
        errors["hotspot_adapters_up"] = f"{nic.why()}"
    if wlan.ok or net is not None:
        value["wifi_adapters_up"] = sorted(up)
    else:
        errors["wifi_adapters_up"] = f"{wlan.why()}; {nic.why()}"
    return [("windows.wifi", value, errors, None)]
