"""``sc query`` / ``sc qc`` output: field names stay English in every language.

::

    SERVICE_NAME: MpsSvc
    DISPLAY_NAME: Windows Firewall        (localized value)
            TYPE               : 20  WIN32_SHARE_PROCESS
            STATE              : 4  RUNNING
                                    (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
            START_TYPE         : 4   DISABLED          (sc qc)
            DEPENDENCIES       : mrxsmb                (sc qc; continuation lines ": x")

Only the ``[SC] QueryServiceConfig SUCCESS`` / ``… 成功`` banner is localized; it is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import numbered

__all__ = ["Service", "ServiceList", "parse_av_services", "parse_services", "parse_smb1_client"]

_FIELD = re.compile(r"^\s*([A-Z][A-Z0-9_]*)\s*:\s?(.*)$", re.ASCII)
_FLAGS = re.compile(r"^\s+\((.*)\)\s*$")
_CONT = re.compile(r"^\s+:\s?(.*)$")
_CODE = re.compile(r"^\s*(\d+)\s+([A-Z_]+)(?:\s+\((.*)\))?\s*$", re.ASCII)


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    display_name: str
    state: str | None         # RUNNING, STOPPED, START_PENDING … (sc query)
    start_type: str | None    # AUTO_START, DEMAND_START, DISABLED … (sc qc)
    binary_path: str | None
    dependencies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ServiceList:
    services: tuple[Service, ...]

    def get(self, name: str) -> Service | None:
        for s in self.services:
            if s.name.lower() == name.lower():
                return s
        return None


def _code(raw: str, field: str, line: int) -> str:
    m = _CODE.match(raw)
    if not m:
        raise ParseError(f"{field}: {raw.strip()[:40]!r} is not 'N  NAME'", line=line)
    return m.group(2)


def _parse(text: str) -> ServiceList:
    services: list[Service] = []
    fields: dict[str, str] | None = None
    deps: list[str] = []
    last: str | None = None
    start_line = 0

    def close() -> None:
        if fields is None:
            return
        state = _code(fields["STATE"], "STATE", start_line) if "STATE" in fields else None
        start = (_code(fields["START_TYPE"], "START_TYPE", start_line)
                 if "START_TYPE" in fields else None)
        services.append(Service(
            name=fields["SERVICE_NAME"], display_name=fields.get("DISPLAY_NAME", ""),
            state=state, start_type=start, binary_path=fields.get("BINARY_PATH_NAME"),
            dependencies=tuple(d for d in deps if d),
        ))

    for n, ln in numbered(text):
        if not ln.strip() or ln.lstrip().startswith("[SC]"):
            continue
        m = _FIELD.match(ln)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "SERVICE_NAME":
                close()
                if not value:
                    raise ParseError("empty SERVICE_NAME", line=n)
                fields, deps, start_line = {"SERVICE_NAME": value}, [], n
            elif fields is None:
                raise ParseError(f"{key} before SERVICE_NAME", line=n)
            else:
                fields[key] = value
                if key == "DEPENDENCIES":
                    deps.append(value)
            last = key
            continue
        if fields is not None and last == "STATE" and _FLAGS.match(ln):
            continue
        cont = _CONT.match(ln)
        if fields is not None and last == "DEPENDENCIES" and cont:
            deps.append(cont.group(1).strip())
            continue
        raise ParseError(f"unknown sc line: {ln.strip()[:60]!r}", line=n)
    close()
    return ServiceList(tuple(services))


def parse_services(text: str) -> ServiceList:
    """``sc query type= service state= all``: every Win32 service and its state."""
    result = _parse(text)
    if not result.services:
        raise ParseError("no services in sc query output", line=1)
    for s in result.services:
        if s.state is None:
            raise ParseError(f"service {s.name!r} has no STATE", line=1)
    return result


def parse_av_services(text: str) -> ServiceList:
    """``sc query NAME`` for each known antivirus service that exists (may be empty)."""
    return _parse(text)


def parse_smb1_client(text: str) -> ServiceList:
    """``sc qc mrxsmb10``: the SMBv1 client driver's start type."""
    result = _parse(text)
    if len(result.services) != 1 or result.services[0].start_type is None:
        raise ParseError("expected one service with a START_TYPE", line=1)
    return result
