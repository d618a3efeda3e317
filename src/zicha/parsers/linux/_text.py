"""Line helpers shared by the Linux section parsers (pure, no I/O).

Line numbers are 1-based and relative to the section text; the facts builder
adds the section's position in the bundle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from zicha.domain.errors import ParseError

__all__ = [
    "Block",
    "FileChunk",
    "numbered",
    "parse_int",
    "split_blocks",
    "split_files",
    "tokens_with_brackets",
]

Line = tuple[int, str]

_BLOCK = re.compile(r"^>>> ([a-z0-9][a-z0-9._-]*) exit=(\d+)\s*$")
_FILE = re.compile(r"^# file: (\S.*?)\s*$")


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
        return [(n, ln) for n, ln in self.lines if ln.strip()]


def split_blocks(text: str, known: Iterable[str]) -> dict[str, Block]:
    """Split a composite section into its labelled blocks; unknown labels are errors."""
    allowed = set(known)
    found: dict[str, Block] = {}
    label: str | None = None
    code = 0
    start = 0
    body: list[Line] = []

    def close() -> None:
        if label is not None:
            found[label] = Block(label, code, start, tuple(body))

    for n, ln in numbered(text):
        m = _BLOCK.match(ln)
        if m:
            close()
            label, code, start, body = m.group(1), int(m.group(2)), n, []
            if label not in allowed:
                raise ParseError(f"unknown block {label!r}", line=n)
            if label in found:
                raise ParseError(f"block {label!r} appears twice", line=n)
        elif ln.startswith(">>>"):
            raise ParseError("malformed block header (expected '>>> label exit=N')", line=n)
        elif label is None:
            if ln.strip():
                raise ParseError("text before the first '>>> label exit=N' header", line=n)
        else:
            body.append((n, ln))
    close()
    if not found:
        raise ParseError("no '>>> label exit=N' blocks", line=1)
    return found


@dataclass(frozen=True, slots=True)
class FileChunk:
    """The lines of one file in a section that concatenates files."""

    path: str
    line: int  # line of the "# file:" header (0 when the text had none)
    lines: tuple[Line, ...]


def split_files(text: str, default_path: str) -> list[FileChunk]:
    """Split ``# file: PATH`` concatenations; lines before any header belong to
    ``default_path`` (so a plain ``cat`` of one file parses too)."""
    chunks: list[FileChunk] = []
    body: list[Line] = []
    path, start = default_path, 0
    for n, ln in numbered(text):
        m = _FILE.match(ln)
        if m:
            if body or start:
                chunks.append(FileChunk(path, start, tuple(body)))
            path, start, body = m.group(1), n, []
        else:
            body.append((n, ln))
    if body or start:
        chunks.append(FileChunk(path, start, tuple(body)))
    return chunks


def parse_int(value: str, line: int, what: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise ParseError(f"{what}: {value!r} is not a whole number", line=line) from None


def tokens_with_brackets(text: str) -> list[str]:
    """Whitespace tokens, keeping ``[ ... ]`` groups whole (PAM controls and args)."""
    out: list[str] = []
    i, size = 0, len(text)
    while i < size:
        if text[i].isspace():
            i += 1
            continue
        if text[i] == "[":
            j = text.find("]", i)
            if j < 0:
                raise ValueError("unclosed '['")
            out.append(text[i:j + 1])
            i = j + 1
            continue
        j = i
        while j < size and not text[j].isspace():
            j += 1
        out.append(text[i:j])
        i = j
    return out
