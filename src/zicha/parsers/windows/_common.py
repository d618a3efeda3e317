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

from zicha.domain.errors import ParseError
from zicha.parsers.text import Block, Line, numbered, split_blocks

__all__ = [
    "Block",
    "Line",
    "mac_norm",
    "norm_label",
    "numbered",
    "parse_int",
    "split_blocks",
]

_WS = re.compile(r"\s+")
_MAC = re.compile(r"^[0-9a-f]{2}([-:]?)(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}$")


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


