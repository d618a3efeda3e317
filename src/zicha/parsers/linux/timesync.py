"""time_sync: composite section of ``>>> label exit=N`` blocks.

Blocks: ``timedatectl-show`` (``Key=Value``) or ``timedatectl-status`` (the
human table of systemd < 239), ``systemctl`` (``unit state`` of the time
daemons), ``chronyc`` (``chronyc -n tracking``), ``ntpq`` (``ntpq -pn``).
"""

from __future__ import annotations

from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import Block, split_blocks
from zicha.parsers.linux.firewall import parse_unit_states

__all__ = ["TimeSync", "parse_time_sync"]

_LABELS = ("timedatectl-show", "timedatectl-status", "systemctl", "chronyc", "ntpq")
_ENABLED_KEYS = {"ntp enabled", "ntp service", "systemd-timesyncd.service active",
                 "network time on"}
_SYNC_KEYS = {"ntp synchronized", "system clock synchronized"}


@dataclass(frozen=True, slots=True)
class TimeSync:
    exits: dict[str, int]
    ntp_enabled: bool | None        # timedatectl: NTP=yes / "NTP service: active"
    ntp_synchronized: bool | None   # timedatectl: NTPSynchronized=yes
    units: dict[str, str]           # time daemon → is-active state
    chrony_leap_status: str | None  # "Normal", "Not synchronised" …
    chrony_reference: str | None
    ntp_sync_peer: str | None       # ntpq: the peer marked "*" (or "o")
    ntp_peers: int


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "active", "true", "1"}


def _show(block: Block) -> tuple[bool | None, bool | None]:
    values: dict[str, str] = {}
    for n, ln in block.content():
        key, sep, value = ln.partition("=")
        if not sep or not key or " " in key:
            raise ParseError(f"expected Key=Value from 'timedatectl show': {ln[:60]!r}", line=n)
        values[key] = value
    if "NTP" not in values and "NTPSynchronized" not in values:
        raise ParseError("'timedatectl show' printed neither NTP= nor NTPSynchronized=",
                         line=block.line)
    enabled = _yes(values["NTP"]) if "NTP" in values else None
    synced = _yes(values["NTPSynchronized"]) if "NTPSynchronized" in values else None
    return enabled, synced


def _status(block: Block) -> tuple[bool | None, bool | None]:
    enabled: bool | None = None
    synced: bool | None = None
    for _, ln in block.content():
        key, sep, value = ln.partition(":")
        key = key.strip().lower()
        if not sep:
            continue  # continuation lines of the DST notice
        if key in _ENABLED_KEYS:
            enabled = _yes(value)
        elif key in _SYNC_KEYS:
            synced = _yes(value)
    if enabled is None and synced is None:
        raise ParseError("'timedatectl status' shows no NTP lines", line=block.line)
    return enabled, synced


def _chrony(block: Block) -> tuple[str | None, str | None]:
    values: dict[str, str] = {}
    for n, ln in block.content():
        key, sep, value = ln.partition(":")
        if not sep:
            raise ParseError(f"expected 'Name : value' from chronyc tracking: {ln[:60]!r}",
                             line=n)
        values[key.strip().lower()] = value.strip()
    if "leap status" not in values:
        raise ParseError("chronyc tracking shows no 'Leap status'", line=block.line)
    return values["leap status"], values.get("reference id")


def _ntpq(block: Block) -> tuple[str | None, int]:
    peer: str | None = None
    count = 0
    for n, ln in block.content():
        stripped = ln.strip()
        if stripped.startswith("remote") or set(stripped) == {"="}:
            continue
        if stripped.lower().startswith("no association"):
            continue
        tally, rest = ln[0], ln[1:].split()
        if tally not in " x.-+#*o" or len(rest) < 9:
            raise ParseError(f"not an ntpq peer line: {ln[:60]!r}", line=n)
        count += 1
        if tally in "*o" and peer is None:
            peer = rest[0]
    return peer, count


def parse_time_sync(text: str) -> TimeSync:
    blocks = split_blocks(text, _LABELS)
    enabled: bool | None = None
    synced: bool | None = None
    if "timedatectl-show" in blocks and blocks["timedatectl-show"].ok:
        enabled, synced = _show(blocks["timedatectl-show"])
    elif "timedatectl-status" in blocks and blocks["timedatectl-status"].ok:
        enabled, synced = _status(blocks["timedatectl-status"])
    units = parse_unit_states(blocks["systemctl"]) if "systemctl" in blocks else {}
    leap = ref = None
    if "chronyc" in blocks and blocks["chronyc"].ok:
        leap, ref = _chrony(blocks["chronyc"])
    peer, peers = None, 0
    if "ntpq" in blocks and blocks["ntpq"].ok:
        peer, peers = _ntpq(blocks["ntpq"])
    return TimeSync(exits={k: b.exit_code for k, b in blocks.items()}, ntp_enabled=enabled,
                    ntp_synchronized=synced, units=units, chrony_leap_status=leap,
                    chrony_reference=ref, ntp_sync_peer=peer, ntp_peers=peers)
