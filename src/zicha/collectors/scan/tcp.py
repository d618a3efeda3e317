"""TCP connect scan on asyncio, inside a :class:`~zicha.collectors.scan.scope.Scope`.

``scan_tcp`` validates every target against the scope first (nothing is sent
when any target is refused), then runs a fixed pool of workers over one shared
iterator of (address, port) pairs: no task per probe, at most ``concurrency``
sockets open, a per-connection deadline by ``asyncio.timeout`` (cheaper than
``wait_for``), and ``SO_LINGER 0`` closes so open ports leave no TIME_WAIT.

States follow nmap: a completed handshake is ``open``, a RST is ``closed``,
silence (or an ICMP unreachable) is ``filtered``. A host that completed or
refused any connection answered, so it is up.

The probing strategy sits behind :class:`Prober`, so a faster engine (epoll
loop, two-phase discovery, sharding across processes) can replace
:class:`AsyncioConnectProber` without touching scope checks or the report.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import struct
import sys
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

from zicha.collectors.scan.scope import Scope
from zicha.domain.errors import ZichaError

__all__ = [
    "DEFAULT_PORTS",
    "AsyncioConnectProber",
    "Connect",
    "PortSpecError",
    "PortState",
    "ProbeError",
    "Prober",
    "ScanReport",
    "parse_ports",
    "scan_tcp",
    "tcp_connect",
]

State = Literal["open", "closed", "filtered"]
#: ``await connect(ip, port)`` returns once the handshake completed (and the socket
#: is closed again), raises ConnectionRefusedError on RST, may hang (the scanner's
#: timeout turns that into "filtered") or raise another OSError.
Connect = Callable[[str, int], Awaitable[None]]
Progress = Callable[[int, int], None]

#: ports worth checking in a hospital network (remote access, file sharing, databases…)
DEFAULT_PORTS: tuple[int, ...] = (
    21, 22, 23, 80, 104, 135, 139, 443, 445, 1433, 1521, 2375, 3306, 3389,
    5432, 5900, 6379, 8080, 9200, 11112, 11211, 27017,
)

MAX_PORT_SPEC_PORTS = 65_535
MAX_ERRORS_KEPT = 200
#: file descriptors kept free for the rest of the process (performance.md S-4)
FD_RESERVE = 256
_UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN}


class PortSpecError(ZichaError):
    """A port list like ``22,80,8000-8010`` is malformed or out of range."""

    code = "ports-invalid"
    is_input_error = True


@dataclass(frozen=True, slots=True)
class PortState:
    ip: str
    port: int
    state: State
    rtt_ms: float | None  # None when nothing answered


@dataclass(frozen=True, slots=True)
class ProbeError:
    """A probe that failed locally or oddly (not refused, not silent)."""

    ip: str
    port: int
    code: str        # errno name, e.g. "EACCES", or the exception type
    message: str


@dataclass(frozen=True)
class ScanReport:
    scope: str                          # Scope.describe() of the scan
    ports: tuple[int, ...]
    addresses: int                      # addresses scanned
    probes: int                         # (address, port) pairs attempted
    results: list[PortState]            # open + closed, plus filtered ports of hosts up
    open_by_host: dict[str, list[int]]  # ip → sorted open ports (only hosts with any)
    hosts_up: list[str]                 # answered on any port (open or refused)
    counts: dict[str, int]              # open / closed / filtered / error
    duration_s: float
    errors: list[ProbeError] = field(default_factory=list)  # first MAX_ERRORS_KEPT
    concurrency: int = 0
    timeout_s: float = 0.0

    def is_open(self, ip: str, port: int) -> bool:
        return port in self.open_by_host.get(ip, ())

    def state(self, ip: str, port: int) -> State:
        """The state of a probed pair (pairs with no answer are ``filtered``)."""
        for r in self.results:
            if r.ip == ip and r.port == port:
                return r.state
        if port not in self.ports:
            raise KeyError(f"port {port} was not scanned")
        return "filtered"


# -- ports ----------------------------------------------------------------------------

def parse_ports(spec: str | Iterable[int]) -> tuple[int, ...]:
    """``"22,80,8000-8010"`` → sorted unique ports; raises PortSpecError on bad input."""
    if not isinstance(spec, str):
        items = list(spec)
        for p in items:
            if isinstance(p, bool) or not isinstance(p, int) or not 1 <= p <= 65535:
                raise PortSpecError(f"port {p!r} is not a number from 1 to 65535")
        if not items:
            raise PortSpecError("no ports given")
        return tuple(sorted(set(items)))
    ports: set[int] = set()
    if not spec.strip():
        raise PortSpecError("no ports given", hint="for example 22,80,443,3389 or 1-1024")
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            raise PortSpecError(f"empty item in port list {spec!r}",
                                hint="separate ports with single commas: 22,80,443")
        if "-" in item:
            lo_s, _, hi_s = item.partition("-")
            lo, hi = _port(lo_s.strip(), spec), _port(hi_s.strip(), spec)
            if hi < lo:
                raise PortSpecError(f"port range {item!r} ends before it starts")
            ports.update(range(lo, hi + 1))
        else:
            ports.add(_port(item, spec))
    return tuple(sorted(ports))


def _port(text: str, spec: str) -> int:
    if not text.isdigit():
        raise PortSpecError(f"{text!r} in {spec!r} is not a port number",
                            hint="ports are numbers from 1 to 65535; ranges look like 8000-8010")
    value = int(text)
    if not 1 <= value <= 65535:
        raise PortSpecError(f"port {value} is out of range 1-65535")
    return value


# -- the default connect ----------------------------------------------------------------

_LINGER_0 = struct.pack("ii", 1, 0)


async def tcp_connect(ip: str, port: int) -> None:
    """One non-blocking connect; closes with SO_LINGER 0 (RST, no TIME_WAIT)."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_0)
        await loop.sock_connect(sock, (ip, port))
    finally:
        sock.close()


# -- probers --------------------------------------------------------------------------

Emit = Callable[[str, int, str, float | None, ProbeError | None], None]


class Prober(Protocol):
    """Runs the probes of a validated scan and reports each outcome through ``emit``.

    ``pairs`` only holds addresses that passed the scope check. ``emit(ip, port,
    state, rtt_ms, error)`` is called once per pair; ``state`` is ``"open"``,
    ``"closed"``, ``"filtered"`` or ``"error"`` (then ``error`` is set).
    """

    async def run(self, pairs: Iterator[tuple[str, int]], *, total: int, timeout: float,
                  concurrency: int, emit: Emit) -> None: ...


class AsyncioConnectProber:
    """A fixed pool of asyncio workers doing plain connects."""

    def __init__(self, connect: Connect | None = None) -> None:
        self.connect: Connect = connect or tcp_connect

    async def run(self, pairs: Iterator[tuple[str, int]], *, total: int, timeout: float,
                  concurrency: int, emit: Emit) -> None:
        connect = self.connect
        clock = time.perf_counter

        async def worker() -> None:
            for ip, port in pairs:  # a shared iterator: each pair goes to one worker
                started = clock()
                try:
                    async with asyncio.timeout(timeout):
                        await connect(ip, port)
                except TimeoutError:
                    emit(ip, port, "filtered", None, None)
                except ConnectionRefusedError:
                    emit(ip, port, "closed", (clock() - started) * 1000.0, None)
                except OSError as exc:
                    if exc.errno in _UNREACHABLE:
                        emit(ip, port, "filtered", None, None)
                    else:
                        name = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
                        emit(ip, port, "error", None,
                             ProbeError(ip, port, name, str(exc) or name))
                else:
                    emit(ip, port, "open", (clock() - started) * 1000.0, None)

        workers = max(1, min(concurrency, total))
        try:
            async with asyncio.TaskGroup() as tg:
                for _ in range(workers):
                    tg.create_task(worker())
        except BaseExceptionGroup as group:
            # surface the first real failure (a bug in connect or emit), not the group
            first = group.exceptions[0]
            while isinstance(first, BaseExceptionGroup):
                first = first.exceptions[0]
            raise first from None


def _fd_budget() -> int | None:
    if sys.platform == "win32":
        return 500  # selector loops cap at 512 sockets; Proactor has no hard cap
    try:
        import resource
    except ImportError:  # pragma: no cover
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return None
    return max(1, soft - FD_RESERVE)


# -- the scan ---------------------------------------------------------------------------

async def scan_tcp(
    targets: Iterable[str] | str,
    ports: Iterable[int] | str,
    *,
    scope: Scope,
    timeout: float = 1.0,
    concurrency: int = 500,
    connect: Connect | None = None,
    on_progress: Progress | None = None,
    prober: Prober | None = None,
) -> ScanReport:
    """Connect-scan ``ports`` on ``targets``; refuses everything outside ``scope``.

    Every target is checked (and expanded) before the first packet. ``connect``
    replaces the socket connect (tests); ``prober`` replaces the whole probing
    engine. ``on_progress(done, total)`` is called about every 50 ms and once at
    the end.
    """
    if not isinstance(scope, Scope):
        raise TypeError("scan_tcp needs a Scope (the default scope is empty)")
    if connect is not None and prober is not None:
        raise TypeError("give either connect or prober, not both")
    if not timeout > 0:
        raise ValueError("timeout must be positive")
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    port_list = parse_ports(ports)
    addresses = scope.expand(targets)       # raises before anything is sent
    ips = [str(a) for a in addresses]
    total = len(ips) * len(port_list)
    budget = _fd_budget()
    effective = min(concurrency, budget) if budget else concurrency

    results: list[PortState] = []
    open_by_host: dict[str, list[int]] = {}
    answered: set[str] = set()
    filtered_pairs: dict[str, int] = {}
    errors: list[ProbeError] = []
    counts = {"open": 0, "closed": 0, "filtered": 0, "error": 0}
    done = 0
    last_report = time.perf_counter()

    def emit(ip: str, port: int, state: str, rtt_ms: float | None,
             error: ProbeError | None) -> None:
        nonlocal done, last_report
        done += 1
        counts[state] += 1
        if state == "open":
            results.append(PortState(ip, port, "open", rtt_ms))
            open_by_host.setdefault(ip, []).append(port)
            answered.add(ip)
        elif state == "closed":
            results.append(PortState(ip, port, "closed", rtt_ms))
            answered.add(ip)
        elif state == "filtered":
            filtered_pairs[ip] = filtered_pairs.get(ip, 0) + 1
        elif error is not None and len(errors) < MAX_ERRORS_KEPT:
            errors.append(error)
        if on_progress is not None:
            now = time.perf_counter()
            if now - last_report >= 0.05 or done == total:
                last_report = now
                on_progress(done, total)

    def pairs() -> Iterator[tuple[str, int]]:
        # port-major order spreads the load over hosts (kind to fragile devices)
        for port in port_list:
            for ip in ips:
                yield ip, port

    started = time.perf_counter()
    if total:
        engine = prober or AsyncioConnectProber(connect)
        await engine.run(pairs(), total=total, timeout=timeout, concurrency=effective,
                         emit=emit)
    elif on_progress is not None:
        on_progress(0, 0)
    duration = time.perf_counter() - started

    order = {ip: i for i, ip in enumerate(ips)}
    # filtered ports matter on hosts that answered elsewhere (a firewall drops them)
    fill = {ip for ip in answered if filtered_pairs.get(ip)}
    if fill:
        seen: dict[str, set[int]] = {ip: set() for ip in fill}
        for r in results:
            if r.ip in fill:
                seen[r.ip].add(r.port)
        for e in errors:
            if e.ip in fill:
                seen[e.ip].add(e.port)
        for ip in fill:
            results.extend(PortState(ip, p, "filtered", None)
                           for p in port_list if p not in seen[ip])
    results.sort(key=lambda r: (order[r.ip], r.port))
    return ScanReport(
        scope=scope.describe(),
        ports=port_list,
        addresses=len(ips),
        probes=done,
        results=results,
        open_by_host={ip: sorted(open_by_host[ip])
                      for ip in sorted(open_by_host, key=order.__getitem__)},
        hosts_up=sorted(answered, key=order.__getitem__),
        counts=counts,
        duration_s=duration,
        errors=errors,
        concurrency=min(effective, total) if total else 0,
        timeout_s=timeout,
    )
