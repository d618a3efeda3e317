"""Bytes → text at the edge: BOM → UTF-16/UTF-8, else UTF-8, else GB18030."""

from __future__ import annotations

import codecs

__all__ = ["decode_output"]


def decode_output(data: bytes, hint: str | None = None) -> str:
    """Decode captured command output the way Windows and Linux really produce it.

    A byte-order mark wins; then an explicit ``hint`` (``utf-16le``, ``gbk``…);
    then UTF-16LE when the bytes look like it (every odd byte NUL for ASCII
    text); then strict UTF-8; finally GB18030, which decodes any byte string
    that GBK/cp936 consoles produce. CRLF is normalised to LF.
    """
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    elif data.startswith(codecs.BOM_UTF16_LE):
        text = data[2:].decode("utf-16-le", errors="replace")
    elif data.startswith(codecs.BOM_UTF16_BE):
        text = data[2:].decode("utf-16-be", errors="replace")
    elif hint:
        text = data.decode(_normalise(hint), errors="replace")
    elif _looks_utf16le(data):
        text = data.decode("utf-16-le", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _normalise(hint: str) -> str:
    hint = hint.strip().lower()
    if hint in {"cp936", "936", "gbk", "gb2312"}:
        return "gb18030"
    if hint in {"65001", "utf8"}:
        return "utf-8"
    if hint in {"unicode", "utf16", "utf-16"}:
        return "utf-16-le"
    return hint


def _looks_utf16le(data: bytes) -> bool:
    sample = data[:512]
    if len(sample) < 4 or len(sample) % 2:
        return False
    odd = sample[1::2]
    return odd.count(0) >= len(odd) * 0.6
