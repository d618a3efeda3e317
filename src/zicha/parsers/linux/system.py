"""os_release, uname and hostname sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import numbered

__all__ = ["Hostname", "OsRelease", "Uname", "parse_hostname", "parse_os_release", "parse_uname"]

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_REDHAT = re.compile(r"^(?P<name>.*?)\s+release\s+(?P<version>\d+(?:\.\d+)*)", re.IGNORECASE)
_REDHAT_IDS = (
    ("centos", "centos"),
    ("red hat enterprise linux", "rhel"),
    ("scientific linux", "scientific"),
    ("oracle linux", "ol"),
    ("rocky linux", "rocky"),
    ("almalinux", "almalinux"),
)


@dataclass(frozen=True, slots=True)
class OsRelease:
    """``/etc/os-release`` (or, on EL6, the synthesized ``REDHAT_RELEASE`` line)."""

    id: str | None
    version_id: str | None
    name: str | None
    pretty_name: str | None
    version: str | None
    id_like: tuple[str, ...]
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class Uname:
    kernel_name: str
    kernel_release: str
    machine: str


@dataclass(frozen=True, slots=True)
class Hostname:
    hostname: str


def _unquote(raw: str, line: int) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    if raw[0] == '"':
        if len(raw) < 2 or raw[-1] != '"':
            raise ParseError("unterminated double quote", line=line)
        return re.sub(r'\\([\\"$`])', r"\1", raw[1:-1])
    if raw[0] == "'":
        if len(raw) < 2 or raw[-1] != "'":
            raise ParseError("unterminated single quote", line=line)
        return raw[1:-1]
    return raw


def parse_os_release(text: str) -> OsRelease:
    fields: dict[str, str] = {}
    for n, ln in numbered(text):
        stripped = ln.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _KEY.match(stripped)
        if not m:
            raise ParseError(f"not a KEY=value line: {stripped[:60]!r}", line=n)
        fields[m.group(1)] = _unquote(m.group(2), n)
    if not fields:
        raise ParseError("no KEY=value lines", line=1)
    os_id = fields.get("ID")
    version_id = fields.get("VERSION_ID")
    name = fields.get("NAME")
    pretty = fields.get("PRETTY_NAME")
    version = fields.get("VERSION")
    if os_id is None and "REDHAT_RELEASE" in fields:
        release = fields["REDHAT_RELEASE"]
        m = _REDHAT.match(release)
        if not m:
            raise ParseError(f"unrecognised release line {release[:60]!r}", line=1)
        name = m.group("name").strip()
        if not name:
            raise ParseError(f"release line names no distribution: {release[:60]!r}", line=1)
        lowered = name.lower()
        os_id = next((i for prefix, i in _REDHAT_IDS if lowered.startswith(prefix)),
                     lowered.split()[0])
        version_id = version = m.group("version")
        pretty = release
    return OsRelease(
        id=os_id.lower() if os_id else None,
        version_id=version_id or None,
        name=name,
        pretty_name=pretty,
        version=version,
        id_like=tuple(fields.get("ID_LIKE", "").lower().split()),
        fields=fields,
    )


def _single_line(text: str, what: str) -> tuple[int, str]:
    lines = [(n, ln.strip()) for n, ln in numbered(text) if ln.strip()]
    if len(lines) != 1:
        raise ParseError(f"expected one line of {what}, got {len(lines)}",
                         line=lines[1][0] if len(lines) > 1 else 1)
    return lines[0]


def parse_uname(text: str) -> Uname:
    n, ln = _single_line(text, "'uname -srm' output")
    parts = ln.split()
    if len(parts) != 3:
        raise ParseError(f"expected 'KERNEL RELEASE MACHINE', got {ln[:60]!r}", line=n)
    return Uname(kernel_name=parts[0], kernel_release=parts[1], machine=parts[2])


def parse_hostname(text: str) -> Hostname:
    n, ln = _single_line(text, "hostname")
    if len(ln.split()) != 1:
        raise ParseError(f"a hostname has no spaces: {ln[:60]!r}", line=n)
    return Hostname(hostname=ln)
