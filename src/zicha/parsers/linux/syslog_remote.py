"""rsyslog_remote: forwarding lines of rsyslog and destinations of syslog-ng.

Composite section: ``>>> rsyslog exit=N`` (uncommented lines with ``@`` and
``action(type="omfwd" …)`` joined onto one line; 127 = no /etc/rsyslog.conf)
and ``>>> syslog-ng exit=N`` (``destination … };`` joined onto one line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import Block, split_blocks
from zicha.parsers.text import is_digits

__all__ = ["RemoteLogging", "RemoteTarget", "parse_rsyslog_remote"]

_LABELS = ("rsyslog", "syslog-ng")
# legacy selector action: "*.* @@(o)host:port;Template" — @ is UDP, @@ TCP
_LEGACY = re.compile(
    r"(?:^|\s)(?P<at>@@?)(?:\([^)]*\))?(?P<host>\[[^\]]+\]|[A-Za-z0-9_.\-]+)"
    r"(?::(?P<port>\d+))?(?:;\S*)?\s*$")
_PARAM = re.compile(r'([A-Za-z_.]+)\s*=\s*"([^"]*)"')
_NG_DRIVER = re.compile(
    r'\b(?P<driver>network|syslog|udp6?|tcp6?)\s*\(\s*"?(?P<host>[^"\s)]+)"?(?P<rest>.*)$')
_NG_PORT = re.compile(r"\bport\s*\(\s*(\d+)\s*\)")
_NG_TRANSPORT = re.compile(r'\btransport\s*\(\s*"?([A-Za-z]+)"?\s*\)')


@dataclass(frozen=True, slots=True)
class RemoteTarget:
    daemon: str        # rsyslog | syslog-ng
    host: str
    port: int
    protocol: str      # udp | tcp | tls …
    line: int

    @property
    def label(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}/{self.protocol}"


@dataclass(frozen=True, slots=True)
class RemoteLogging:
    exits: dict[str, int]
    rsyslog_configured: bool      # /etc/rsyslog.conf exists
    syslog_ng_configured: bool
    targets: tuple[RemoteTarget, ...]


def _rsyslog(block: Block) -> list[RemoteTarget]:
    targets: list[RemoteTarget] = []
    for n, ln in block.content():
        if "omfwd" in ln:
            params = {k.lower(): v for k, v in _PARAM.findall(ln)}
            if "target" not in params:
                raise ParseError("omfwd action without target=", line=n)
            port = params.get("port", "514")
            if not is_digits(port):
                raise ParseError(f"omfwd port {port!r} is not a number", line=n)
            targets.append(RemoteTarget("rsyslog", params["target"], int(port),
                                        params.get("protocol", "udp").lower(), n))
            continue
        m = _LEGACY.search(ln)
        if m is None:
            continue  # an "@" that is not a forwarding action (mail address, template)
        proto = "tcp" if m.group("at") == "@@" else "udp"
        targets.append(RemoteTarget("rsyslog", m.group("host").strip("[]"),
                                    int(m.group("port") or 514), proto, n))
    return targets


def _syslog_ng(block: Block) -> list[RemoteTarget]:
    targets: list[RemoteTarget] = []
    for n, ln in block.content():
        if not ln.lstrip().startswith("destination"):
            raise ParseError(f"expected a 'destination' statement: {ln[:60]!r}", line=n)
        m = _NG_DRIVER.search(ln)
        if m is None:
            continue  # file(), program(), … — local destinations
        driver = m.group("driver").rstrip("6")
        rest = m.group("rest")
        transport = _NG_TRANSPORT.search(rest)
        if transport:
            proto = transport.group(1).lower()
        else:
            proto = {"udp": "udp", "tcp": "tcp", "network": "udp", "syslog": "tcp"}[driver]
        port_m = _NG_PORT.search(rest)
        port = int(port_m.group(1)) if port_m else (601 if driver == "syslog" else 514)
        targets.append(RemoteTarget("syslog-ng", m.group("host"), port, proto, n))
    return targets


def parse_rsyslog_remote(text: str) -> RemoteLogging:
    blocks = split_blocks(text, _LABELS)
    targets: list[RemoteTarget] = []
    if "rsyslog" in blocks and blocks["rsyslog"].ok:
        targets += _rsyslog(blocks["rsyslog"])
    if "syslog-ng" in blocks and blocks["syslog-ng"].ok:
        targets += _syslog_ng(blocks["syslog-ng"])
    return RemoteLogging(
        exits={k: b.exit_code for k, b in blocks.items()},
        rsyslog_configured="rsyslog" in blocks and blocks["rsyslog"].exit_code != 127,
        syslog_ng_configured="syslog-ng" in blocks and blocks["syslog-ng"].exit_code != 127,
        targets=tuple(targets))
