"""listening (``ss -tuln[p]`` or ``netstat -tuln[p]``), ip_addr and ip_link (``ip -o``)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import numbered
from zicha.parsers.text import is_digits

__all__ = [
    "AddrEntry",
    "IpAddr",
    "IpLink",
    "Link",
    "Listening",
    "ListeningSocket",
    "is_loopback",
    "parse_ip_addr",
    "parse_ip_link",
    "parse_listening",
]

_PROTOS = {"tcp": "tcp", "tcp6": "tcp", "udp": "udp", "udp6": "udp"}
_SS_USERS = re.compile(r'users:\(\("([^"]+)"')
_ADDR = re.compile(r"^(\d+):\s+([^\s@]+)(?:@\S+)?\s+(inet6?|link/\S+)\s+(\S+)(.*)$")
_LINK = re.compile(r"^(\d+):\s+([^\s:@]+)(?:@[^\s:]+)?:\s+<([^>]*)>(.*)$")
_STATE = re.compile(r"\bstate (\S+)")
_LINKTYPE = re.compile(r"\blink/(\S+)(?:\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})+))?")
_WIRELESS_PREFIXES = ("wl", "ath")


@dataclass(frozen=True, slots=True)
class ListeningSocket:
    proto: str             # tcp | udp
    address: str           # as printed, brackets and %scope removed ("*", "0.0.0.0", "::")
    port: int
    process: str | None    # only when collected as root (-p)


@dataclass(frozen=True, slots=True)
class Listening:
    tool: str | None       # "ss" | "netstat" (None: no sockets at all)
    sockets: tuple[ListeningSocket, ...]


@dataclass(frozen=True, slots=True)
class AddrEntry:
    interface: str
    family: str            # inet | inet6
    cidr: str              # 10.0.0.5/24
    scope: str | None


@dataclass(frozen=True, slots=True)
class IpAddr:
    addresses: tuple[AddrEntry, ...]


@dataclass(frozen=True, slots=True)
class Link:
    index: int
    name: str
    flags: tuple[str, ...]
    state: str | None
    link_type: str | None  # ether | loopback | none | ieee802.11 …
    mac: str | None
    up: bool
    wireless: bool         # by name (wl*, ath*) or link/ieee802.11


@dataclass(frozen=True, slots=True)
class IpLink:
    links: tuple[Link, ...]


def is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address.lower() == "localhost"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def _split_endpoint(raw: str, n: int) -> tuple[str, int]:
    host, sep, port = raw.rpartition(":")
    if not sep or not is_digits(port):
        raise ParseError(f"not an address:port: {raw!r}", line=n)
    host = host.split("%", 1)[0].strip("[]") or "*"
    return host, int(port)


def parse_listening(text: str) -> Listening:
    sockets: list[ListeningSocket] = []
    tool: str | None = None
    for n, ln in numbered(text):
        parts = ln.split()
        if not parts:
            continue
        head = parts[0].lower()
        if head in {"netid", "state"} or head == "proto" or ln.startswith("Active "):
            continue  # ss / netstat headers
        if head not in _PROTOS or len(parts) < 5:
            raise ParseError(f"not a tcp/udp socket line: {ln[:60]!r}", line=n)
        process: str | None = None
        if is_digits(parts[1]):          # netstat: proto recv-q send-q local foreign [state] [pid/prog]
            tool = "netstat"
            local = parts[3]
            last = parts[-1]
            if len(parts) >= 6 and "/" in last:
                process = last.split("/", 1)[1] or None
        else:                           # ss: netid state recv-q send-q local peer [process]
            tool = "ss"
            if len(parts) < 6:
                raise ParseError(f"short ss line: {ln[:60]!r}", line=n)
            local = parts[4]
            m = _SS_USERS.search(ln)
            process = m.group(1) if m else None
        address, port = _split_endpoint(local, n)
        sockets.append(ListeningSocket(_PROTOS[head], address, port, process))
    return Listening(tool=tool, sockets=tuple(sockets))


def parse_ip_addr(text: str) -> IpAddr:
    entries: list[AddrEntry] = []
    for n, ln in numbered(text):
        if not ln.strip():
            continue
        m = _ADDR.match(ln)
        if not m:
            raise ParseError(f"not an 'ip -o addr' line: {ln[:60]!r}", line=n)
        family = m.group(3)
        if family.startswith("link/"):
            continue
        scope = re.search(r"\bscope (\S+)", m.group(5))
        entries.append(AddrEntry(m.group(2), family, m.group(4),
                                 scope.group(1) if scope else None))
    return IpAddr(addresses=tuple(entries))


def parse_ip_link(text: str) -> IpLink:
    links: list[Link] = []
    for n, ln in numbered(text):
        if not ln.strip():
            continue
        m = _LINK.match(ln)
        if not m:
            raise ParseError(f"not an 'ip -o link' line: {ln[:60]!r}", line=n)
        name, rest = m.group(2), m.group(4)
        flags = tuple(f for f in m.group(3).split(",") if f)
        state_m = _STATE.search(rest)
        state = state_m.group(1) if state_m else None
        type_m = _LINKTYPE.search(rest)
        link_type = type_m.group(1) if type_m else None
        mac = type_m.group(2).lower() if type_m and type_m.group(2) else None
        up = state == "UP" or ("UP" in flags and "LOWER_UP" in flags)
        wireless = name.startswith(_WIRELESS_PREFIXES) or link_type == "ieee802.11"
        links.append(Link(int(m.group(1)), name, flags, state, link_type, mac, up, wireless))
    return IpLink(links=tuple(links))
