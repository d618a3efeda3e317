"""Line helpers shared by the Linux section parsers (pure, no I/O).

Line numbers are 1-based and relative to the section text; the facts builder
adds the section's position in the bundle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.text import Block, Line, numbered
from zicha.parsers.text import split_blocks as _split_blocks

__all__ = [
    "Block",
    "FileChunk",
    "numbered",
    "parse_int",
    "split_blocks",
    "split_files",
    "tokens_with_brackets",
]

_FILE = re.compile(r"^# file: (\S.*?)\s*$")


def split_blocks(text: str, known: Iterable[str]) -> dict[str, Block]:
    """The Linux collector's blocks by label: each label at most once."""
    found: dict[str, Block] = {}
    for block in _split_blocks(text, known):
        if block.label in found:
            raise ParseError(f"block {block.label!r} appears twice", line=block.line)
        found[block.label] = block
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
