"""Real TCP listeners for the lab hospital, on its loopback addresses.

``async with Lab() as lab:`` binds one listener per host and port of
:data:`~zicha.lab.hospital.HOSPITAL` on 127.20.x.y / 127.30.x.y. Each listener
accepts, sends a tiny banner where the real service would (SSH version line,
telnet option negotiation, VNC protocol version) and closes. Ports below 1024
are skipped when not running as root and recorded in ``lab.skipped``.

Listeners are plain non-blocking sockets watched with ``loop.add_reader``: an
accept is handled synchronously in the callback, so there is no task or
transport per connection and ``stop()`` leaves nothing behind (asyncio's own
server can leak a socket on 3.11 when a connection is accepted just as it is
closed).

Linux answers on all of 127.0.0.0/8 without configuration; on macOS each
address needs an ``lo0`` alias first.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType

from zicha.collectors.scan.scope import Scope
from zicha.domain.errors import ZichaError
from zicha.lab.hospital import HOSPITAL, Hospital, LabHost

__all__ = ["Lab", "LabError", "Listener", "SkippedListener", "run_lab_in_thread"]

#: what a service says first, by port (per-host ``banners`` override these)
DEFAULT_BANNERS: dict[int, bytes] = {
    22: b"SSH-2.0-OpenSSH_8.0\r\n",
    23: b"\xff\xfb\x01\xff\xfb\x03\xff\xfd\x18\xff\xfd\x1f",  # WILL ECHO, WILL SGA, DO TTYPE, DO NAWS
    5900: b"RFB 003.008\n",
}


class LabError(ZichaError):
    """The lab could not start (address missing, port taken, no permission)."""

    code = "lab-error"


@dataclass(frozen=True, slots=True)
class Listener:
    host: str
    ip: str
    port: int


@dataclass(frozen=True, slots=True)
class SkippedListener:
    host: str
    ip: str
    port: int
    reason: str


def _open_listener(ip: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((ip, port))
        sock.listen(128)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def _accept_all(sock: socket.socket, banner: bytes) -> None:
    """Reader callback: accept what is queued, send the banner, close. No tasks."""
    for _ in range(256):
        try:
            conn, _peer = sock.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # ECONNABORTED and friends: the peer is gone already
            continue
        try:
            conn.setblocking(False)
            if banner:
                conn.send(banner)  # a few bytes into an empty send buffer
        except OSError:
            pass  # the scanner reset the connection first (SO_LINGER 0)
        finally:
            conn.close()


def _is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)
    return True if geteuid is None else geteuid() == 0


def _banner(host: LabHost, port: int) -> bytes:
    for p, text in host.banners:
        if p == port:
            return text.encode("ascii") + b"\r\n"
    return DEFAULT_BANNERS.get(port, b"")


class Lab:
    """The simulated hospital's listeners; start/stop, or use ``async with``."""

    def __init__(self, hospital: Hospital = HOSPITAL, *,
                 skip_privileged: bool | None = None) -> None:
        self.hospital = hospital
        self.skip_privileged = (not _is_root()) if skip_privileged is None else skip_privileged
        self.listening: list[Listener] = []
        self.skipped: list[SkippedListener] = []
        self._sockets: list[socket.socket] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._started = False

    # -- lifecycle ------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self._started

    async def start(self) -> Lab:
        if self._started:
            raise LabError("the lab is already running", code="lab-already-running")
        loop = self._loop = asyncio.get_running_loop()
        self.listening, self.skipped = [], []
        self._started = True
        try:
            for host in self.hospital.hosts:
                for port in host.open_tcp:
                    if port < 1024 and self.skip_privileged:
                        self.skipped.append(SkippedListener(
                            host.name, host.ip, port,
                            f"port {port} needs root; not simulated "
                            f"(run as root to bind ports below 1024)"))
                        continue
                    try:
                        sock = _open_listener(host.ip, port)
                    except OSError as exc:
                        raise self._bind_error(host, port, exc) from exc
                    self._sockets.append(sock)
                    try:
                        loop.add_reader(sock.fileno(), _accept_all, sock, _banner(host, port))
                    except NotImplementedError:
                        raise LabError("the lab needs a selector event loop (add_reader)",
                                       code="lab-unsupported-loop") from None
                    self.listening.append(Listener(host.name, host.ip, port))
        except BaseException:
            await self.stop()
            raise
        return self

    async def stop(self) -> None:
        """Close every listener. Safe to call twice; nothing is left running."""
        sockets, self._sockets = self._sockets, []
        for sock in sockets:
            if self._loop is not None and not self._loop.is_closed():
                with contextlib.suppress(NotImplementedError, ValueError):
                    self._loop.remove_reader(sock.fileno())
            sock.close()
        self._started = False

    async def __aenter__(self) -> Lab:
        return await self.start()

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.stop()

    # -- queries --------------------------------------------------------------------
    def scope(self) -> Scope:
        """The scan scope covering the lab: 127.20.0.0/16 and 127.30.0.0/16."""
        return Scope.parse(list(self.hospital.scope_cidrs))

    def targets(self) -> list[str]:
        """The lab's subnets, as scan targets."""
        return [s.cidr for s in self.hospital.subnets]

    def ports(self) -> tuple[int, ...]:
        """Every TCP port some lab host listens on (simulated or skipped)."""
        return tuple(sorted({p for h in self.hospital.hosts for p in h.open_tcp}))

    def expected_open(self) -> dict[str, list[int]]:
        """ip → ports actually listening now (what a scan should find)."""
        out: dict[str, list[int]] = {}
        for item in self.listening:
            out.setdefault(item.ip, []).append(item.port)
        return {ip: sorted(ports) for ip, ports in out.items()}

    # -- errors ---------------------------------------------------------------------
    @staticmethod
    def _bind_error(host: LabHost, port: int, exc: OSError) -> LabError:
        where = f"{host.ip}:{port} ({host.name})"
        if exc.errno == errno.EADDRINUSE:
            return LabError(f"cannot listen on {where}: address already in use",
                            code="lab-port-in-use",
                            hint="another lab (zicha demo, a test run) may be running; stop it")
        if exc.errno == errno.EADDRNOTAVAIL:
            return LabError(f"cannot listen on {where}: address not available",
                            code="lab-address-unavailable",
                            hint="the lab needs all of 127.0.0.0/8 on loopback (Linux); "
                                 "on macOS: sudo ifconfig lo0 alias <address>")
        if exc.errno in (errno.EACCES, errno.EPERM):
            return LabError(f"cannot listen on {where}: permission denied",
                            code="lab-permission-denied",
                            hint="run as root or let the lab skip ports below 1024")
        return LabError(f"cannot listen on {where}: {exc}", code="lab-bind-failed")


@contextlib.contextmanager
def run_lab_in_thread(hospital: Hospital = HOSPITAL, *, skip_privileged: bool | None = None,
                      timeout: float = 30.0) -> Iterator[Lab]:
    """Run the lab on a background event loop (for synchronous callers: CLI, Django).

    The listeners are up when the ``with`` body starts and are all closed, the
    loop stopped and the thread joined when it ends, also on errors.
    """
    loop = asyncio.new_event_loop()

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())

    thread = threading.Thread(target=run, name="zicha-lab", daemon=True)
    thread.start()
    lab = Lab(hospital, skip_privileged=skip_privileged)
    try:
        asyncio.run_coroutine_threadsafe(lab.start(), loop).result(timeout)
        yield lab
    finally:
        try:
            if lab.started:
                asyncio.run_coroutine_threadsafe(lab.stop(), loop).result(timeout)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)
            if not thread.is_alive():
                loop.close()
