"""Helpers shared by the Windows section parsers (pure, no I/O).

Line numbers are 1-based and relative to the section text; the facts builder
adds the section's position in the bundle. Localized labels are compared after
:func:`norm_label` (NFKC folds full-width ``：（）？`` to ASCII, whitespace is
dropped, case is folded), so ``密码最长使用期限(天):`` and ``密码最长使用期限（天）：``
are the same label.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from zicha.domain.errors import ParseError

__all__ = [
    "Block",
    "Line",
    "mac_norm",
    "norm_label",
    "numbered",
    "parse_int",
    "split_blocks",
]

Line = tuple[int, str]

_BLOCK = re.compile(r"^>>> (\S+) exit=(-?\d+)\s*$")
_WS = re.compile(r"\s+")
_MAC = re.compile(r"^[0-9a-f]{2}([-:]?)(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}$")


def numbered(text: str) -> list[Line]:
    """(line number, text) for every line; a final terminator adds no empty line."""
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return [(n, ln.rstrip("\r")) for n, ln in enumerate(parts, 1)]


def norm_label(label: str) -> str:
    """Compare localized labels: NFKC, no whitespace, casefolded, no trailing ':'."""
    text = unicodedata.normalize("NFKC", label)
    text = _WS.sub("", text).casefold()
    return text.rstrip(":")


def parse_int(value: str, line: int, what: str) -> int:
    text = value.strip()
    try:
        if text.lower().startswith("0x"):
            return int(text, 16)
        return int(text)
    except ValueError:
        raise ParseError(f"{what}: {value.strip()[:40]!r} is not a whole number", line=line) from None


def mac_norm(value: str) -> str | None:
    """``00-0C-29-AA-BB-CC`` / ``00:0c:29:aa:bb:cc`` → ``00:0c:29:aa:bb:cc``; else None."""
    text = value.strip().lower()
    if not _MAC.match(text):
        return None
    digits = re.sub(r"[-:]", "", text)
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


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

    def text(self) -> str:
        return "\n".join(ln for _, ln in self.lines)


def split_blocks(text: str, known: Iterable[str] | None = None) -> list[Block]:
    """Split a composite section into its ``>>> label exit=N`` blocks (labels may repeat).

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
