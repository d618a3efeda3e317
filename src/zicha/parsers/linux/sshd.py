"""sshd_effective (``sshd -T``) and sshd_config (the files, Includes expanded)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import numbered, split_files

__all__ = [
    "SshdConfig",
    "SshdConfigFile",
    "SshdDirective",
    "SshdEffective",
    "parse_sshd_config",
    "parse_sshd_effective",
    "resolve_sshd_config",
]

_T_LINE = re.compile(r"^([a-z0-9]+)(?:\s+(.*?))?\s*$")
_CONF_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+)(.*?)\s*$")
#: keywords sshd accumulates instead of "first one wins"
MULTI_VALUED = frozenset({"port", "listenaddress", "hostkey", "acceptenv", "subsystem",
                          "setenv", "hostcertificate", "include"})


@dataclass(frozen=True, slots=True)
class SshdEffective:
    """``sshd -T``: lowercase keyword → values in output order."""

    options: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class SshdDirective:
    keyword: str          # lowercase
    value: str
    line: int
    match: str | None     # the Match criteria it sits under; None: global


@dataclass(frozen=True, slots=True)
class SshdConfigFile:
    path: str
    directives: tuple[SshdDirective, ...]


@dataclass(frozen=True, slots=True)
class SshdConfig:
    """``sshd_config`` first, then each Included file (collector order)."""

    files: tuple[SshdConfigFile, ...]


def parse_sshd_effective(text: str) -> SshdEffective:
    options: dict[str, list[str]] = {}
    for n, ln in numbered(text):
        if not ln.strip():
            continue
        m = _T_LINE.match(ln.strip())
        if not m:
            raise ParseError(f"not a 'keyword value' line of sshd -T: {ln[:60]!r}", line=n)
        options.setdefault(m.group(1), []).append(m.group(2) or "")
    if not options:
        raise ParseError("empty sshd -T output", line=1)
    return SshdEffective(options={k: tuple(v) for k, v in options.items()})


def parse_sshd_config(text: str) -> SshdConfig:
    files: list[SshdConfigFile] = []
    for chunk in split_files(text, "/etc/ssh/sshd_config"):
        directives: list[SshdDirective] = []
        match: str | None = None
        for n, ln in chunk.lines:
            stripped = ln.strip()
            if not stripped or stripped.startswith("#"):
                continue
            m = _CONF_LINE.match(stripped)
            if not m or not m.group(2):
                raise ParseError(f"not a 'Keyword value' line: {stripped[:60]!r}", line=n)
            keyword, value = m.group(1).lower(), m.group(2)
            if keyword == "match":
                match = None if value.strip().lower() == "all" else value
                continue
            directives.append(SshdDirective(keyword, value, n, match))
        files.append(SshdConfigFile(chunk.path, tuple(directives)))
    return SshdConfig(files=tuple(files))


def resolve_sshd_config(config: SshdConfig) -> dict[str, tuple[str, ...]]:
    """Global options as sshd would read them: Includes spliced in where they
    stand, the first value wins (multi-valued keywords accumulate), Match blocks
    skipped. Values are as written; defaults are not applied here."""
    if not config.files:
        return {}
    by_path = {f.path: f for f in config.files}
    result: dict[str, list[str]] = {}
    seen: set[str] = set()

    def walk(f: SshdConfigFile, depth: int, in_match: bool) -> None:
        if f.path in seen or depth > 8:
            return
        seen.add(f.path)
        for d in f.directives:
            if d.keyword == "include":
                for pattern in d.value.split():
                    full = pattern if pattern.startswith("/") else "/etc/ssh/" + pattern
                    for path in sorted(p for p in by_path if fnmatchcase(p, full)):
                        walk(by_path[path], depth + 1, in_match or d.match is not None)
                continue
            if in_match or d.match is not None:
                continue
            values = d.value.split() if d.keyword in {"port", "listenaddress"} else [d.value]
            if d.keyword in MULTI_VALUED:
                result.setdefault(d.keyword, []).extend(values)
            elif d.keyword not in result:
                result[d.keyword] = values

    walk(config.files[0], 0, False)
    return {k: tuple(v) for k, v in result.items()}
