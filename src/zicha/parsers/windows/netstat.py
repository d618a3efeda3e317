"""``netstat -ano``: data rows are language-neutral, only the two header lines are not.

en-US::

    Active Connections

      Proto  Local Address          Foreign Address        State           PID
      TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4

zh-CN: ``活动连接`` / ``协议  本地地址  外部地址  状态  PID``; states stay English.
Zero recognised rows in non-empty output is an error, never "nothing listening"
(jc returns ``[]`` for zh-CN — reference §1.2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import norm_label, numbered

__all__ = ["Netstat", "Socket", "parse_netstat", "split_address"]

_ROW = re.compile(r"^\s*(TCP|UDP)\s+(\S+)\s+(\S+)(?:\s+([A-Z_0-9]+))?\s+(\d+)\s*$")
_TITLES = {norm_label(t) for t in ("Active Connections", "活动连接", "活動連線")}
_HEADER_WORDS = ("proto", "协议", "協定")
TCP_STATES = frozenset({
    "LISTENING", "ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT", "SYN_SENT", "SYN_RECEIVED",
    "FIN_WAIT_1", "FIN_WAIT_2", "LAST_ACK", "CLOSING", "CLOSED", "BOUND", "DELETE_TCB",
})


@dataclass(frozen=True, slots=True)
class Socket:
    proto: str            # tcp | udp
    local_address: str    # without brackets: "0.0.0.0", "::", "fe80::1%2"
    local_port: int
    foreign_address: str
    foreign_port: int | None   # None for "*"
    state: str | None     # TCP state; None for UDP
    pid: int

    @property
    def listening(self) -> bool:
        return self.state == "LISTENING" if self.proto == "tcp" else True


@dataclass(frozen=True, slots=True)
class Netstat:
    sockets: tuple[Socket, ...]


def split_address(text: str, line: int) -> tuple[str, int | None]:
    """``0.0.0.0:445`` / ``[::]:445`` / ``[fe80::1%2]:8000`` / ``*:*`` → (address, port)."""
    if text.startswith("["):
        end = text.find("]:")
        if end < 0:
            raise ParseError(f"bad IPv6 endpoint {text[:60]!r}", line=line)
        addr, port = text[1:end], text[end + 2:]
    else:
        addr, sep, port = text.rpartition(":")
        if not sep or not addr:
            raise ParseError(f"bad endpoint {text[:60]!r}", line=line)
    if port == "*":
        return addr, None
    if not (port.isascii() and port.isdigit()) or int(port) > 65535:
        raise ParseError(f"bad port in endpoint {text[:60]!r}", line=line)
    return addr, int(port)


def parse_netstat(text: str) -> Netstat:
    sockets: list[Socket] = []
    seen_text = False
    for n, ln in numbered(text):
        line = ln.strip()
        if not line:
            continue
        seen_text = True
        m = _ROW.match(ln)
        if m:
            proto, local, foreign, state, pid = m.groups()
            if proto == "TCP":
                if state is None or state not in TCP_STATES:
                    raise ParseError(f"unknown TCP state {state!r}", line=n)
            elif state is not None:
                raise ParseError(f"UDP row with a state {state!r}", line=n)
            laddr, lport = split_address(local, n)
            if lport is None:
                raise ParseError("local endpoint without a port", line=n)
            faddr, fport = split_address(foreign, n)
            sockets.append(Socket(proto.lower(), laddr, lport, faddr, fport, state, int(pid)))
            continue
        if sockets:
            raise ParseError(f"unexpected line among connection rows: {line[:60]!r}", line=n)
        if norm_label(line) in _TITLES:
            continue
        if line.split()[0].lower() in _HEADER_WORDS and line.split()[-1] == "PID":
            continue
        raise ParseError(f"unknown netstat header line: {line[:60]!r}", line=n)
    if seen_text and not sockets:
        raise ParseError("netstat output has no TCP/UDP rows", line=1)
    if not seen_text:
        raise ParseError("netstat output is empty", line=1)
    return Netstat(tuple(sockets))
