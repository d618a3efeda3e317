"""services_running: ``systemctl list-units --type=service --state=running --no-legend --plain``."""

from __future__ import annotations

from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import numbered

__all__ = ["RunningServices", "ServiceUnit", "parse_services_running"]

_BULLETS = {"●", "*", "×", "○"}


@dataclass(frozen=True, slots=True)
class ServiceUnit:
    unit: str          # sshd.service
    load: str
    active: str
    sub: str
    description: str


@dataclass(frozen=True, slots=True)
class RunningServices:
    units: tuple[ServiceUnit, ...]


def parse_services_running(text: str) -> RunningServices:
    units: list[ServiceUnit] = []
    for n, ln in numbered(text):
        parts = ln.split(None, 4)
        if not parts:
            continue
        if parts[0] in _BULLETS:  # systemd without --plain marks failed units
            parts = ln.split(None, 5)[1:]
        if len(parts) < 4 or "." not in parts[0]:
            raise ParseError(f"expected 'UNIT LOAD ACTIVE SUB DESCRIPTION': {ln[:60]!r}", line=n)
        units.append(ServiceUnit(unit=parts[0], load=parts[1], active=parts[2], sub=parts[3],
                                 description=parts[4].strip() if len(parts) > 4 else ""))
    return RunningServices(units=tuple(units))
