"""modprobe_usb (``grep -rH usb.storage`` over modprobe.d) and lsmod (/proc/modules)."""

from __future__ import annotations

from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import numbered
from zicha.parsers.text import is_digits

__all__ = ["LoadedModules", "ModprobeEntry", "ModprobeUsb", "parse_lsmod", "parse_modprobe_usb"]

_DIRECTIVES = {"alias", "blacklist", "install", "remove", "options", "softdep"}


@dataclass(frozen=True, slots=True)
class ModprobeEntry:
    file: str
    line: int
    directive: str          # blacklist | install | options | …
    module: str             # normalised: dashes become underscores
    args: str


@dataclass(frozen=True, slots=True)
class ModprobeUsb:
    entries: tuple[ModprobeEntry, ...]

    def for_module(self, module: str = "usb_storage") -> tuple[ModprobeEntry, ...]:
        return tuple(e for e in self.entries if e.module == module)


@dataclass(frozen=True, slots=True)
class LoadedModules:
    modules: tuple[str, ...]


def _norm(name: str) -> str:
    return name.replace("-", "_")


def parse_modprobe_usb(text: str) -> ModprobeUsb:
    entries: list[ModprobeEntry] = []
    for n, ln in numbered(text):
        if not ln.strip():
            continue
        path, sep, content = ln.partition(":")
        if not sep or not path.startswith("/"):
            raise ParseError(f"expected 'PATH:line' from grep -H: {ln[:60]!r}", line=n)
        content = content.strip()
        if not content or content.startswith("#"):
            continue
        parts = content.split(None, 2)
        directive = parts[0].lower()
        if directive not in _DIRECTIVES:
            raise ParseError(f"unknown modprobe.d directive {parts[0]!r}", line=n)
        if len(parts) < 2:
            raise ParseError(f"'{directive}' without a module name", line=n)
        entries.append(ModprobeEntry(file=path, line=n, directive=directive,
                                     module=_norm(parts[1]),
                                     args=parts[2] if len(parts) > 2 else ""))
    return ModprobeUsb(entries=tuple(entries))


def parse_lsmod(text: str) -> LoadedModules:
    """``/proc/modules``: ``name size refcount deps state address [taint]``.
    The ``lsmod`` command's table (with its ``Module Size Used by`` header) is
    accepted as well."""
    names: list[str] = []
    for n, ln in numbered(text):
        parts = ln.split()
        if not parts:
            continue
        if n == 1 and parts[:2] == ["Module", "Size"]:
            continue
        if len(parts) < 3 or not is_digits(parts[1]):
            raise ParseError(f"not a module line: {ln[:60]!r}", line=n)
        names.append(_norm(parts[0]))
    return LoadedModules(modules=tuple(names))
