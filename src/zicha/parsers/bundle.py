"""Reading a collector bundle (format: docs/bundle-format.md).

A bundle is one file written by ``collect.sh`` / ``collect.bat``::

    ZICHA-BUNDLE 1
    boundary: Zx1a2b3c4d
    platform: linux
    hostname: his-app-01
    ...header lines "key: value"...
    <empty line>
    --Zx1a2b3c4d BEGIN os_release
    <raw bytes of the command's output>
    --Zx1a2b3c4d END os_release exit=0

The collector writes one line terminator (LF, or CRLF from cmd.exe) before
each END marker; the reader removes exactly that one, so section bodies are
byte-exact. Bodies are kept as bytes and decoded per section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zicha.domain.errors import BundleError, Location
from zicha.parsers.decode import decode_output

__all__ = [
    "MAGIC",
    "MAX_BUNDLE_BYTES",
    "MAX_SECTIONS",
    "Bundle",
    "Section",
    "build_bundle",
    "read_bundle",
]

MAGIC = b"ZICHA-BUNDLE"
SUPPORTED_VERSIONS = {"1"}
MAX_BUNDLE_BYTES = 64 * 1024 * 1024
MAX_SECTION_BYTES = 16 * 1024 * 1024
MAX_SECTIONS = 500
MAX_HEADER_LINES = 200
_SECTION_NAME = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,63}$")
_BOUNDARY = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")
_ATTR = re.compile(r"([a-z_]+)=(\S*)")


@dataclass(frozen=True, slots=True)
class Section:
    """One command's output: raw bytes, exit status, and where it began."""

    name: str
    body: bytes
    exit_code: int | None  # None: END marker carried no exit status
    line: int              # 1-based line of the BEGIN marker in the bundle
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.truncated

    @property
    def truncated(self) -> bool:
        return self.attrs.get("truncated") == "1"

    def text(self) -> str:
        return decode_output(self.body, self.attrs.get("encoding"))


@dataclass(frozen=True, slots=True)
class Bundle:
    version: str
    header: dict[str, str]
    sections: dict[str, Section]
    source: str
    sha256: str

    @property
    def platform(self) -> str:
        return self.header.get("platform", "")

    @property
    def hostname(self) -> str:
        return self.header.get("hostname", "")


def read_bundle(data: bytes, *, source: str = "<bundle>") -> Bundle:
    """Split a bundle into header and sections, or raise BundleError naming the line."""
    import hashlib

    def fail(message: str, line: int | None, code: str = "bundle-invalid") -> BundleError:
        return BundleError(message, code=code, location=Location(file=source, line=line))

    if len(data) > MAX_BUNDLE_BYTES:
        raise fail(f"bundle is {len(data)} bytes; the limit is {MAX_BUNDLE_BYTES}", None,
                   "bundle-too-large")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.startswith(MAGIC):
        raise fail("not a zicha bundle (first line must start with 'ZICHA-BUNDLE')", 1,
                   "bundle-not-a-bundle")
    lines = data.split(b"\n")
    first = lines[0].rstrip(b"\r").decode("ascii", errors="replace").split()
    if len(first) != 2 or first[1] not in SUPPORTED_VERSIONS:
        raise fail(f"unsupported bundle version line {lines[0][:40]!r}", 1, "bundle-version")
    header: dict[str, str] = {}
    i = 1
    while i < len(lines):
        raw = lines[i].rstrip(b"\r")
        i += 1
        if not raw:
            break
        if i > MAX_HEADER_LINES:
            raise fail("header too long", i)
        text = raw.decode("utf-8", errors="replace")
        if ":" not in text:
            raise fail(f"header line is not 'key: value': {text[:60]!r}", i)
        key, _, value = text.partition(":")
        header[key.strip().lower()] = value.strip()
    else:
        raise fail("bundle ends inside its header", i)
    boundary = header.get("boundary", "")
    if not _BOUNDARY.match(boundary):
        raise fail("header 'boundary' is missing or not 8-64 letters/digits", 2)
    begin = f"--{boundary} BEGIN ".encode()
    end = f"--{boundary} END ".encode()

    sections: dict[str, Section] = {}
    # byte offset of each line start, to slice bodies byte-exactly
    offsets = [0]
    for ln in lines[:-1]:
        offsets.append(offsets[-1] + len(ln) + 1)
    current: tuple[str, int, dict[str, str]] | None = None  # name, body start line idx, attrs
    for idx in range(i, len(lines)):
        ln = lines[idx]
        if current is None:
            if not ln.strip(b"\r\n \t"):
                continue
            if not ln.startswith(begin):
                raise fail(f"expected a '--{boundary} BEGIN name' line", idx + 1)
            name, attrs = _marker(ln[len(begin):])
            if not _SECTION_NAME.match(name):
                raise fail(f"bad section name {name!r}", idx + 1)
            if name in sections:
                raise fail(f"section {name!r} appears twice", idx + 1, "bundle-duplicate-section")
            if len(sections) >= MAX_SECTIONS:
                raise fail(f"more than {MAX_SECTIONS} sections", idx + 1)
            current = (name, idx + 1, attrs)
        elif ln.startswith(end):
            name, attrs = _marker(ln[len(end):])
            if name != current[0]:
                raise fail(f"END of {name!r} inside section {current[0]!r}", idx + 1)
            start = offsets[current[1]]
            stop = offsets[idx] - 1  # the LF before the END line
            body = data[start:stop] if stop >= start else b""
            if body.endswith(b"\r"):
                body = body[:-1]
            if len(body) > MAX_SECTION_BYTES:
                raise fail(f"section {name!r} is larger than {MAX_SECTION_BYTES} bytes",
                           current[1], "bundle-section-too-large")
            exit_code = _int_or_none(attrs.pop("exit", None))
            merged = {**current[2], **attrs}
            sections[name] = Section(name=name, body=body, exit_code=exit_code,
                                     line=current[1], attrs=merged)
            current = None
    if current is not None:
        # Cut off mid-section (copy interrupted, disk full…): keep what came before,
        # and keep this section marked truncated so the checks that need it report
        # ``error`` instead of judging half an output.
        name, start_idx, attrs = current
        body = data[offsets[start_idx]:] if start_idx < len(offsets) else b""
        sections[name] = Section(name=name, body=body[:MAX_SECTION_BYTES], exit_code=None,
                                 line=start_idx, attrs={**attrs, "truncated": "1"})
    return Bundle(version=first[1], header=header, sections=sections, source=source,
                  sha256=hashlib.sha256(data).hexdigest())


def _marker(rest: bytes) -> tuple[str, dict[str, str]]:
    text = rest.rstrip(b"\r").decode("utf-8", errors="replace").strip()
    name, _, tail = text.partition(" ")
    return name, dict(_ATTR.findall(tail))


def _int_or_none(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def build_bundle(header: dict[str, str], sections: list[Section], *, newline: bytes = b"\n"
                 ) -> bytes:
    """The inverse of :func:`read_bundle` (for tools and tests): header + sections → bytes."""
    boundary = header["boundary"]
    out = [b"ZICHA-BUNDLE 1" + newline]
    out += [f"{k}: {v}".encode() + newline for k, v in header.items()]
    out.append(newline)
    for s in sections:
        attrs = "".join(f" {k}={v}" for k, v in s.attrs.items() if k != "truncated")
        out.append(f"--{boundary} BEGIN {s.name}{attrs}".encode() + newline)
        out.append(s.body + newline)
        exit_part = "" if s.exit_code is None else f" exit={s.exit_code}"
        out.append(f"--{boundary} END {s.name}{exit_part}".encode() + newline)
    return b"".join(out)
