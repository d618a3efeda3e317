"""Text helpers shared by the Linux and Windows parsers: numbered lines and the
``>>> label exit=N`` sub-command blocks that composite sections use (both collectors
write them the same way; docs/bundle-format.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from zicha.domain.errors import ParseError

__all__ = ["Block", "Line", "is_digits", "numbered", "split_blocks"]

Line = tuple[int, str]

_BLOCK = re.compile(r"^>>> (\S+) exit=(-?\d+)\s*$")


def is_digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts '²' and other characters ``int``
    refuses, which would escape a parser as ValueError instead of ParseError."""
    return text.isascii() and text.isdigit()


def numbered(text: str) -> list[Line]:
    """(line number, text) for every line; a final terminator adds no empty line."""
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return [(n, ln.rstrip("\r")) for n, ln in enumerate(parts, 1)]


@dataclass(frozen=True, slots=True)
class Block:
    """One ``>>> label exit=N`` sub-command of a composite section."""

    label: str
    exit_code: int
    line: int
    lines: tuple[Line, ...]

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def content(self) -> list[Line]:
        """The non-blank lines, numbered."""
        return [(n, ln) for n, ln in self.lines if ln.strip()]

    def text(self) -> str:
        return "\n".join(ln for _, ln in self.lines)


def split_blocks(text: str, known: Iterable[str] | None = None) -> list[Block]:
    """Split a composite section into its blocks, in order (labels may repeat).

    ``known``: allowed labels (a label ``a:b`` is checked by its part before ``:``).
    Text before the first header, a malformed header or an unknown label is an error.
    """
    allowed = set(known) if known is not None else None
    blocks: list[Block] = []
    label: str | None = None
    code = 0
    start = 0
    body: list[Line] = []
    for n, ln in numbered(text):
        m = _BLOCK.match(ln)
        if m:
            if label is not None:
                blocks.append(Block(label, code, start, tuple(body)))
            label, code, start, body = m.group(1), int(m.group(2)), n, []
            if allowed is not None and label.split(":", 1)[0] not in allowed:
                raise ParseError(f"unknown block {label!r}", line=n)
        elif ln.startswith(">>>"):
            raise ParseError("malformed block header (expected '>>> label exit=N')", line=n)
        elif label is None:
            if ln.strip():
                raise ParseError("text before the first '>>> label exit=N' header", line=n)
        else:
            body.append((n, ln))
    if label is not None:
        blocks.append(Block(label, code, start, tuple(body)))
    if not blocks:
        raise ParseError("no '>>> label exit=N' blocks", line=1)
    return blocks
