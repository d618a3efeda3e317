"""login_defs, pwquality_conf and pam_password sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import numbered, split_files, tokens_with_brackets

__all__ = [
    "LoginDefs",
    "PamConfig",
    "PamEntry",
    "PwqualityConf",
    "parse_login_defs",
    "parse_pam_password",
    "parse_pwquality_conf",
]

_LOGIN_DEFS = re.compile(r"^([A-Z][A-Z0-9_]*)(?:\s+(.*?))?\s*$")
_CONF_KV = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")
_CONF_FLAG = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)$")
_PAM_TYPES = {"auth", "account", "password", "session"}


@dataclass(frozen=True, slots=True)
class LoginDefs:
    """``/etc/login.defs``: setting name → raw value (last one wins, like shadow-utils)."""

    settings: dict[str, str]


@dataclass(frozen=True, slots=True)
class PwqualityConf:
    """pwquality.conf plus conf.d: ``key = value`` settings and bare flags."""

    files: tuple[str, ...]
    settings: dict[str, str]
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PamEntry:
    file: str
    line: int
    type: str                 # auth | account | password | session
    control: str              # required, requisite, [success=1 default=ignore], include…
    module: str               # basename: pam_unix.so (or the file for include/substack)
    args: tuple[str, ...]
    optional_if_missing: bool = False  # "-password …" form


@dataclass(frozen=True, slots=True)
class PamConfig:
    """The PAM password/auth stacks plus /etc/security/faillock.conf."""

    files: tuple[str, ...]
    entries: tuple[PamEntry, ...]
    includes: tuple[str, ...]            # "@include NAME" lines
    faillock_conf: dict[str, str]        # flags map to ""


def parse_login_defs(text: str) -> LoginDefs:
    settings: dict[str, str] = {}
    for n, ln in numbered(text):
        stripped = ln.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _LOGIN_DEFS.match(stripped)
        if not m:
            raise ParseError(f"not a 'NAME value' line: {stripped[:60]!r}", line=n)
        settings[m.group(1)] = (m.group(2) or "").strip()
    return LoginDefs(settings=settings)


def _conf_lines(lines: tuple[tuple[int, str], ...], settings: dict[str, str],
                flags: list[str]) -> None:
    for n, ln in lines:
        stripped = ln.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _CONF_KV.match(stripped)
        if m:
            settings[m.group(1).lower()] = m.group(2)
            continue
        m = _CONF_FLAG.match(stripped)
        if m:
            if m.group(1).lower() not in flags:
                flags.append(m.group(1).lower())
            continue
        raise ParseError(f"not a 'key = value' line: {stripped[:60]!r}", line=n)


def parse_pwquality_conf(text: str) -> PwqualityConf:
    settings: dict[str, str] = {}
    flags: list[str] = []
    chunks = split_files(text, "/etc/security/pwquality.conf")
    for chunk in chunks:
        _conf_lines(chunk.lines, settings, flags)
    return PwqualityConf(files=tuple(c.path for c in chunks), settings=settings,
                         flags=tuple(flags))


def _pam_line(path: str, n: int, stripped: str) -> PamEntry | str:
    if stripped.startswith("@include"):
        parts = stripped.split()
        if len(parts) != 2:
            raise ParseError("'@include' takes one file name", line=n)
        return parts[1]
    try:
        tokens = tokens_with_brackets(stripped)
    except ValueError as exc:
        raise ParseError(str(exc), line=n) from None
    if len(tokens) < 3:
        raise ParseError(f"expected 'type control module [args]': {stripped[:60]!r}", line=n)
    kind, control, module = tokens[0], tokens[1], tokens[2]
    dash = kind.startswith("-")
    kind = kind.lstrip("-").lower()
    if kind not in _PAM_TYPES:
        raise ParseError(f"unknown PAM type {tokens[0]!r}", line=n)
    return PamEntry(file=path, line=n, type=kind, control=control,
                    module=module.rsplit("/", 1)[-1], args=tuple(tokens[3:]),
                    optional_if_missing=dash)


def parse_pam_password(text: str) -> PamConfig:
    entries: list[PamEntry] = []
    includes: list[str] = []
    faillock: dict[str, str] = {}
    chunks = split_files(text, "/etc/pam.d/common-password")
    for chunk in chunks:
        if chunk.path.endswith("faillock.conf"):
            flags: list[str] = []
            _conf_lines(chunk.lines, faillock, flags)
            faillock.update({f: "" for f in flags})
            continue
        for n, ln in chunk.lines:
            stripped = ln.strip()
            if not stripped or stripped.startswith("#"):
                continue
            got = _pam_line(chunk.path, n, stripped)
            if isinstance(got, str):
                includes.append(got)
            else:
                entries.append(got)
    return PamConfig(files=tuple(c.path for c in chunks), entries=tuple(entries),
                     includes=tuple(includes), faillock_conf=faillock)
