"""``ipconfig /all`` (localized). collect.bat also writes ``wmic nicconfig``
(section ``adapters_wmic``, language-neutral), which the facts builder prefers;
this section adds the connection name, the adapter kind and the media state.

en-US::

    Ethernet adapter Local Area Connection:

       Media State . . . . . . . . . . . : Media disconnected
       Physical Address. . . . . . . . . : 00-0C-29-AA-BB-CC
       IPv4 Address. . . . . . . . . . . : 192.0.2.10(Preferred)
       DNS Servers . . . . . . . . . . . : 192.0.2.53
                                           192.0.2.54

zh-CN: ``以太网适配器 本地连接:``, ``无线局域网适配器 …:``, ``隧道适配器 …:``,
``物理地址``, ``IPv4 地址 … 192.0.2.10(首选)``, ``媒体状态 … 媒体已断开``.
Adapter headers must be known (an unknown one is an error); labels the table
does not know are kept verbatim in ``other`` — the layout is known, and the
addresses that matter come from ``adapters_wmic`` anyway.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import mac_norm, norm_label, numbered

__all__ = ["IpAdapter", "IpConfig", "parse_adapters"]

_KINDS: dict[str, tuple[str, ...]] = {
    "ethernet": ("Ethernet adapter", "以太网适配器"),
    "wireless": ("Wireless LAN adapter", "无线局域网适配器"),
    "tunnel": ("Tunnel adapter", "隧道适配器"),
    "ppp": ("PPP adapter", "PPP 适配器"),
    "unknown": ("Unknown adapter", "未知适配器"),
}
_GLOBAL = {norm_label(t) for t in ("Windows IP Configuration", "Windows IP 配置")}
_LABELS: dict[str, tuple[str, ...]] = {
    "host_name": ("Host Name", "主机名"),
    "description": ("Description", "描述"),
    "mac": ("Physical Address", "物理地址"),
    "media_state": ("Media State", "媒体状态"),
    "dhcp": ("DHCP Enabled", "DHCP 已启用"),
    "ipv4": ("IPv4 Address", "IP Address", "IPv4 地址", "IP 地址", "Autoconfiguration IPv4 Address",
             "自动配置 IPv4 地址"),
    "ipv6": ("IPv6 Address", "Link-local IPv6 Address", "Temporary IPv6 Address",
             "IPv6 地址", "本地链接 IPv6 地址", "临时 IPv6 地址"),
    "mask": ("Subnet Mask", "子网掩码"),
    "gateway": ("Default Gateway", "默认网关"),
}
_BY_LABEL = {norm_label(t): k for k, texts in _LABELS.items() for t in texts}
_DISCONNECTED = {norm_label(t) for t in ("Media disconnected", "媒体已断开", "媒体已断开连接")}
_LABEL_LINE = re.compile(r"^\s+(\S.*?)[ .]*\s:(?:\s?(.*))?$")
_ADDR = re.compile(r"^([0-9A-Fa-f:.%]+?)(?:\((.*)\))?$")


@dataclass(frozen=True, slots=True)
class IpAdapter:
    kind: str                 # ethernet | wireless | tunnel | ppp | unknown
    name: str                 # connection name ("本地连接", "Ethernet")
    description: str
    mac: str | None
    media_connected: bool
    dhcp: str | None
    ipv4: tuple[str, ...]
    ipv6: tuple[str, ...]
    gateways: tuple[str, ...]
    other: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IpConfig:
    host_name: str | None
    adapters: tuple[IpAdapter, ...]


def _header(line: str) -> tuple[str, str] | None:
    if not line.endswith(":") or line.startswith(" "):
        return None
    body = line[:-1].strip()
    for kind, prefixes in _KINDS.items():
        for prefix in prefixes:
            if body.startswith(prefix + " ") or body.startswith(prefix):
                name = body[len(prefix):].strip()
                if name:
                    return kind, name
    return None


def _address(raw: str, line: int) -> str | None:
    m = _ADDR.match(raw.strip())
    if not m:
        return None
    text = m.group(1)
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    return text


@dataclass
class _Building:
    kind: str
    name: str
    description: str = ""
    mac: str | None = None
    disconnected: bool = False
    dhcp: str | None = None
    addresses: dict[str, list[str]] = field(
        default_factory=lambda: {"ipv4": [], "ipv6": [], "gateway": []})
    other: dict[str, str] = field(default_factory=dict)

    def done(self) -> IpAdapter:
        return IpAdapter(kind=self.kind, name=self.name, description=self.description,
                         mac=self.mac, media_connected=not self.disconnected, dhcp=self.dhcp,
                         ipv4=tuple(self.addresses["ipv4"]), ipv6=tuple(self.addresses["ipv6"]),
                         gateways=tuple(self.addresses["gateway"]), other=dict(self.other))


def parse_adapters(text: str) -> IpConfig:
    host_name: str | None = None
    adapters: list[IpAdapter] = []
    seen_global = False
    cur: _Building | None = None
    last: str | None = None
    for n, raw in numbered(text):
        ln = unicodedata.normalize("NFKC", raw)   # full-width "：" → ":"
        if not ln.strip():
            continue
        if not ln.startswith((" ", "\t")):
            stripped = ln.strip()
            if cur is not None:
                adapters.append(cur.done())
            cur, last = None, None
            if norm_label(stripped) in _GLOBAL:
                seen_global = True
                continue
            head = _header(stripped)
            if head is None:
                raise ParseError(f"unknown ipconfig heading: {stripped[:60]!r}", line=n)
            cur = _Building(kind=head[0], name=head[1])
            continue
        if cur is None and not seen_global:
            raise ParseError("indented line before any heading", line=n)
        m = _LABEL_LINE.match(ln)
        if m:
            label, value = m.group(1).rstrip(" ."), (m.group(2) or "").strip()
            key = _BY_LABEL.get(norm_label(label))
            last = key
            if cur is None:
                if key == "host_name":
                    host_name = value
                continue
            _store(cur, key, label, value, n)
            continue
        # a continuation line: more DNS servers, a second address or gateway
        if cur is not None and last in ("ipv4", "ipv6", "gateway"):
            _store(cur, last, last, ln.strip(), n)
    if cur is not None:
        adapters.append(cur.done())
    if not seen_global and not adapters:
        raise ParseError("no 'Windows IP Configuration' heading and no adapters", line=1)
    return IpConfig(host_name, tuple(adapters))


def _store(cur: _Building, key: str | None, label: str, value: str, line: int) -> None:
    if key is None:
        cur.other[label.strip()] = value
    elif key in ("ipv4", "ipv6", "gateway"):
        if not value:
            return
        addr = _address(value, line)
        if addr is None:
            raise ParseError(f"{key}: {value[:40]!r} is not an address", line=line)
        if key == "ipv4" and ":" in addr:
            key = "ipv6"
        cur.addresses[key].append(addr)
    elif key == "mac":
        cur.mac = mac_norm(value) if value else None
    elif key == "media_state":
        cur.disconnected = norm_label(value) in _DISCONNECTED
    elif key == "description":
        cur.description = value
    elif key == "dhcp":
        cur.dhcp = value
