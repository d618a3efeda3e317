"""passwd (``/etc/passwd``) and shadow_summary (``name:empty|locked|set:lastchg:max``)."""

from __future__ import annotations

from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import numbered, parse_int

__all__ = [
    "NON_LOGIN_SHELLS",
    "PasswdEntry",
    "PasswdFile",
    "ShadowEntry",
    "ShadowSummary",
    "parse_passwd",
    "parse_shadow_summary",
]

#: shells that do not give an interactive login
NON_LOGIN_SHELLS = frozenset({"nologin", "false", "true", "sync", "shutdown", "halt"})
_STATES = {"empty", "locked", "set"}


@dataclass(frozen=True, slots=True)
class PasswdEntry:
    name: str
    uid: int
    gid: int
    home: str
    shell: str
    login_shell: bool


@dataclass(frozen=True, slots=True)
class PasswdFile:
    entries: tuple[PasswdEntry, ...]


@dataclass(frozen=True, slots=True)
class ShadowEntry:
    name: str
    password: str                 # empty | locked | set
    last_change: int | None       # days since 1970-01-01; 0 = must change at next login
    max_days: int | None          # None: no maximum


@dataclass(frozen=True, slots=True)
class ShadowSummary:
    entries: tuple[ShadowEntry, ...]


def _is_login_shell(shell: str) -> bool:
    if not shell:
        return True  # empty shell field means /bin/sh
    return shell.rsplit("/", 1)[-1] not in NON_LOGIN_SHELLS


def parse_passwd(text: str) -> PasswdFile:
    entries: list[PasswdEntry] = []
    for n, ln in numbered(text):
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        if ln[0] in "+-":
            continue  # NIS compat lines are not local accounts
        fields = ln.split(":")
        if len(fields) != 7 or not fields[0]:
            raise ParseError(f"expected 7 ':'-separated fields, got {len(fields)}", line=n)
        entries.append(PasswdEntry(
            name=fields[0], uid=parse_int(fields[2], n, "uid"), gid=parse_int(fields[3], n, "gid"),
            home=fields[5], shell=fields[6], login_shell=_is_login_shell(fields[6])))
    if not entries:
        raise ParseError("no accounts in /etc/passwd", line=1)
    return PasswdFile(entries=tuple(entries))


def _opt_int(value: str, n: int, what: str) -> int | None:
    return parse_int(value, n, what) if value.strip() else None


def parse_shadow_summary(text: str) -> ShadowSummary:
    entries: list[ShadowEntry] = []
    for n, ln in numbered(text):
        if not ln.strip():
            continue
        fields = ln.split(":")
        if len(fields) != 4 or not fields[0]:
            raise ParseError("expected 'name:state:lastchg:max'", line=n)
        if fields[1] not in _STATES:
            raise ParseError(f"unknown password state {fields[1][:20]!r}", line=n)
        max_days = _opt_int(fields[3], n, "max days")
        entries.append(ShadowEntry(
            name=fields[0], password=fields[1],
            last_change=_opt_int(fields[2], n, "last change"),
            max_days=None if max_days is None or not 0 <= max_days < 99999 else max_days))
    return ShadowSummary(entries=tuple(entries))
