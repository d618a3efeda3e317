"""``netsh wlan show interfaces`` and ``netsh wlan show hostednetwork`` (localized).

en-US::

    There is 1 interface on the system:

        Name                   : Wi-Fi
        Physical address       : aa:bb:cc:dd:ee:ff
        State                  : connected
        Radio status           : Hardware On
                                 Software On

        Hosted network status  : Not available

zh-CN: ``系统上有 1 个接口:``, ``名称``, ``物理地址``, ``状态 : 已连接``,
``承载网络状态 : 不可用``. Without the WLAN AutoConfig service every language
prints a line containing ``(wlansvc)``; without a wireless card
``There is no wireless interface on the system.`` / ``系统上没有无线接口。``.
Unknown state words are errors (never guessed as "disconnected"); labels the
table does not know are ignored (the layout is known).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import mac_norm, norm_label, numbered

__all__ = ["HostedNetwork", "WlanInterface", "WlanInterfaces", "parse_wlan", "parse_wlan_hosted"]

_KV = re.compile(r"^\s+(\S[^:]*?)\s*:\s?(.*)$")
_KV_ANY = re.compile(r"^(\S[^:]*?)\s*:\s?(.*)$")
_RULE = re.compile(r"^-{3,}$")
_COUNT = re.compile(r"^(?:There (?:is|are) \d+ interfaces? on the system|系统上有 ?\d+ ?个接口)\s*:?$")
_NO_IFACE = ("no wireless interface", "没有无线接口", "无无线接口")

_IF_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("Name", "名称"),
    "description": ("Description", "描述"),
    "mac": ("Physical address", "物理地址"),
    "state": ("State", "状态"),
    "ssid": ("SSID",),
    "hosted": ("Hosted network status", "承载网络状态"),
}
_IF_BY_LABEL = {norm_label(t): k for k, ts in _IF_LABELS.items() for t in ts}
_CONNECTED = {norm_label(t) for t in ("connected", "已连接")}
_NOT_CONNECTED = {norm_label(t) for t in (
    "disconnected", "已断开连接", "断开连接", "已断开",
    "authenticating", "正在进行身份验证", "正在验证身份",
    "associating", "正在关联", "discovering", "正在发现",
    "disconnecting", "正在断开连接", "ad hoc network formed", "已形成临时网络",
    "not ready", "未就绪",
)}

_HOSTED_HEADERS = {norm_label(t) for t in (
    "Hosted network settings", "Hosted network status", "承载网络设置", "承载网络状态")}
_STATUS_LABELS = {norm_label(t) for t in ("Status", "状态")}
_STARTED = {norm_label(t) for t in ("Started", "已启动")}
_NOT_STARTED = {norm_label(t) for t in ("Not started", "未启动", "未启用", "已停止")}
_NOT_AVAILABLE = {norm_label(t) for t in ("Not available", "不可用")}
_CLIENT = re.compile(r"^\s+([0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5})\s+\S.*$")


def _service_down(line: str) -> bool:
    return "(wlansvc)" in line.lower() or "wlansvc" in line.lower()


@dataclass(frozen=True, slots=True)
class WlanInterface:
    name: str
    description: str
    mac: str | None
    state: str
    connected: bool
    ssid: str | None


@dataclass(frozen=True, slots=True)
class WlanInterfaces:
    service_running: bool
    interfaces: tuple[WlanInterface, ...]


def parse_wlan(text: str) -> WlanInterfaces:
    interfaces: list[WlanInterface] = []
    cur: dict[str, str] | None = None
    cur_line = 0
    service_running = True
    recognised = False

    def close() -> None:
        if cur is None:
            return
        if "state" not in cur:
            raise ParseError("interface without a State line", line=cur_line)
        word = norm_label(cur["state"])
        if word in _CONNECTED:
            connected = True
        elif word in _NOT_CONNECTED:
            connected = False
        else:
            raise ParseError(f"unknown interface state {cur['state'][:30]!r}", line=cur_line)
        interfaces.append(WlanInterface(
            name=cur.get("name", ""), description=cur.get("description", ""),
            mac=mac_norm(cur.get("mac", "")), state=cur["state"], connected=connected,
            ssid=cur.get("ssid"),
        ))

    for n, raw in numbered(text):
        ln = unicodedata.normalize("NFKC", raw)   # full-width "：" → ":"
        line = ln.strip()
        if not line:
            continue
        if _service_down(line):
            service_running, recognised = False, True
            continue
        if any(marker in line.lower() for marker in _NO_IFACE) or _COUNT.match(line):
            recognised = True
            continue
        m = _KV.match(ln) or _KV_ANY.match(ln)
        if m and not ln.startswith((" ", "\t")) and _IF_BY_LABEL.get(norm_label(m.group(1))) != "hosted":
            m = None     # only the hosted-network line may start at column 0 (Windows 11)
        if not m:
            if ln.startswith((" ", "\t")) and cur is not None:
                continue   # continuation of a multi-line value (Radio status)
            raise ParseError(f"unknown netsh wlan line: {line[:60]!r}", line=n)
        key = _IF_BY_LABEL.get(norm_label(m.group(1)))
        value = m.group(2).strip()
        recognised = True
        if key == "name":
            close()
            cur, cur_line = {"name": value}, n
        elif key == "hosted":
            close()
            cur = None
        elif key is not None:
            if cur is None:
                raise ParseError(f"{m.group(1).strip()} before the interface Name", line=n)
            cur[key] = value
    close()
    if not recognised:
        raise ParseError("no interface information in netsh wlan output", line=1)
    return WlanInterfaces(service_running, tuple(interfaces))


@dataclass(frozen=True, slots=True)
class HostedNetwork:
    service_running: bool
    status: str | None      # started | not_started | not_available (None: no WLAN service)
    mode: str | None        # as printed (Allowed / Disallowed / 已启用 …)
    clients: int

    @property
    def active(self) -> bool:
        return self.status == "started"


def parse_wlan_hosted(text: str) -> HostedNetwork:
    status: str | None = None
    mode: str | None = None
    clients = 0
    service_running = True
    recognised = False
    for n, raw in numbered(text):
        ln = unicodedata.normalize("NFKC", raw)
        line = ln.strip()
        if not line or _RULE.match(line):
            continue
        if _service_down(line):
            service_running, recognised = False, True
            continue
        if norm_label(line) in _HOSTED_HEADERS:
            recognised = True
            continue
        if _CLIENT.match(ln):
            clients += 1
            continue
        m = _KV.match(ln)
        if not m:
            raise ParseError(f"unknown hostednetwork line: {line[:60]!r}", line=n)
        label, value = norm_label(m.group(1)), m.group(2).strip()
        if label in _STATUS_LABELS:
            word = norm_label(value)
            if word in _STARTED:
                status = "started"
            elif word in _NOT_STARTED:
                status = "not_started"
            elif word in _NOT_AVAILABLE:
                status = "not_available"
            else:
                raise ParseError(f"unknown hosted network status {value[:30]!r}", line=n)
        elif label in (norm_label("Mode"), norm_label("模式")):
            mode = value
    if not recognised:
        raise ParseError("no hosted network information in the output", line=1)
    if service_running and status is None:
        raise ParseError("hosted network output without a Status line", line=1)
    return HostedNetwork(service_running, status, mode, clients)
