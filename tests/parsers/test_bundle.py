"""read_bundle: header, byte-exact bodies, truncation, and errors that name the line."""

from __future__ import annotations

import pytest

import zicha.parsers.bundle as bundle_mod
from zicha.domain.errors import BundleError
from zicha.parsers.bundle import read_bundle

B = "Zb0123456789abcdef"


def make(*sections: tuple[str, bytes, int], nl: bytes = b"\n", header: bytes | None = None) -> bytes:
    """A bundle written the way collect.sh / collect.bat write it."""
    head = header if header is not None else (
        b"ZICHA-BUNDLE 1" + nl + f"boundary: {B}".encode() + nl + b"platform: linux" + nl
        + b"hostname: his-db-01" + nl + b"euid: 0" + nl + nl)
    out = [head]
    for name, body, code in sections:
        out.append(f"--{B} BEGIN {name}".encode() + nl + body + nl
                   + f"--{B} END {name} exit={code}".encode() + nl)
    return b"".join(out)


def error_of(data: bytes) -> BundleError:
    with pytest.raises(BundleError) as info:
        read_bundle(data, source="t.zb")
    return info.value


# -- header ----------------------------------------------------------------------
def test_header_fields_and_platform() -> None:
    b = read_bundle(make(("uname", b"Linux 6.1.0 x86_64\n", 0)))
    assert b.version == "1"
    assert b.platform == "linux"
    assert b.hostname == "his-db-01"
    assert b.header["euid"] == "0"
    assert list(b.sections) == ["uname"]
    assert len(b.sha256) == 64


def test_utf8_bom_before_magic_is_tolerated() -> None:
    b = read_bundle(b"\xef\xbb\xbf" + make(("hostname", b"h\n", 0)))
    assert b.sections["hostname"].body == b"h\n"


def test_bad_magic_names_line_1() -> None:
    err = error_of(b"PK\x03\x04 not a bundle")
    assert err.code == "bundle-not-a-bundle"
    assert err.location is not None and err.location.line == 1


def test_unsupported_version() -> None:
    err = error_of(make(("a", b"", 0)).replace(b"ZICHA-BUNDLE 1", b"ZICHA-BUNDLE 9", 1))
    assert err.code == "bundle-version"
    assert err.location is not None and err.location.line == 1


def test_header_line_without_colon_names_its_line() -> None:
    data = b"ZICHA-BUNDLE 1\nboundary: " + B.encode() + b"\nthis is not a header\n\n"
    err = error_of(data)
    assert "key: value" in err.message
    assert err.location is not None and err.location.line == 3


def test_missing_boundary() -> None:
    err = error_of(b"ZICHA-BUNDLE 1\nplatform: linux\n\n")
    assert "boundary" in err.message
    assert err.location is not None and err.location.line == 2


def test_bad_boundary_characters() -> None:
    err = error_of(b"ZICHA-BUNDLE 1\nboundary: bad boundary!\n\n")
    assert "boundary" in err.message


def test_header_never_ends() -> None:
    err = error_of(b"ZICHA-BUNDLE 1\nboundary: " + B.encode() + b"\nplatform: linux")
    assert "header" in err.message


# -- byte-exact bodies ---------------------------------------------------------------
@pytest.mark.parametrize("body", [
    b"line one\nline two\n",            # ordinary output
    b"no final newline",                # printf without \n
    b"",                                # empty output
    b"\n",                              # a single empty line
    b"trailing blank lines\n\n\n",
    b"crlf inside\r\nbody\r\n",         # CRLF output on Linux stays CRLF
    "中文 输出\n".encode("gb18030"),     # non-UTF-8 bytes are kept as bytes
])
def test_bodies_are_byte_exact_lf(body: bytes) -> None:
    b = read_bundle(make(("s", body, 0), ("t", b"x\n", 0)))
    assert b.sections["s"].body == body
    assert b.sections["t"].body == b"x\n"


@pytest.mark.parametrize("body", [b"a\r\nb\r\n", b"no final newline", b"", b"\r\n"])
def test_bodies_are_byte_exact_crlf(body: bytes) -> None:
    # collect.bat: every line, including the one added before END, ends in CRLF
    b = read_bundle(make(("s", body, 0), ("t", b"x", 0), nl=b"\r\n"))
    assert b.sections["s"].body == body
    assert b.sections["t"].body == b"x"
    assert b.header["boundary"] == B


def test_exit_codes_and_begin_line() -> None:
    b = read_bundle(make(("a", b"1\n2\n", 0), ("sshd_effective", b"", 127)))
    assert b.sections["a"].exit_code == 0 and b.sections["a"].ok
    assert b.sections["sshd_effective"].exit_code == 127
    assert not b.sections["sshd_effective"].ok
    # header is 6 lines; BEGIN a is line 7; its body is 1\n2\n + the added \n; END at 11
    assert b.sections["a"].line == 7
    assert b.sections["sshd_effective"].line == 12


def test_end_without_exit_status() -> None:
    data = make(("a", b"x", 0)).replace(b" exit=0", b"")
    sec = read_bundle(data).sections["a"]
    assert sec.exit_code is None and not sec.ok


def test_encoding_attribute_decodes_the_section() -> None:
    body = "本地连接\n".encode("gbk")
    data = make(("ipconfig", body, 0)).replace(b"BEGIN ipconfig", b"BEGIN ipconfig encoding=gbk")
    sec = read_bundle(data).sections["ipconfig"]
    assert sec.attrs["encoding"] == "gbk"
    assert sec.text() == "本地连接\n"


def test_blank_lines_between_sections_are_allowed() -> None:
    data = make(("a", b"x", 0)) + b"\n\n" + make(("b", b"y", 0), header=b"")
    assert set(read_bundle(data).sections) == {"a", "b"}


# -- truncation ----------------------------------------------------------------------
def test_truncated_last_section_is_kept_and_marked() -> None:
    full = make(("a", b"ok\n", 0), ("passwd", b"root:x:0:0:root:/root:/bin/bash\nbin:x:1:1", 0))
    cut = full[: full.index(b"bin:x:1:1") + len(b"bin:x")]
    b = read_bundle(cut)
    assert b.sections["a"].ok
    sec = b.sections["passwd"]
    assert sec.truncated and sec.exit_code is None and not sec.ok
    assert sec.body == b"root:x:0:0:root:/root:/bin/bash\nbin:x"


def test_truncated_right_after_begin() -> None:
    b = read_bundle(make(("a", b"ok", 0)) + f"--{B} BEGIN lsmod\n".encode())
    assert b.sections["lsmod"].truncated
    assert b.sections["lsmod"].body == b""


# -- structural errors -------------------------------------------------------------------
def test_duplicate_section_names_the_second_line() -> None:
    err = error_of(make(("a", b"x", 0), ("a", b"y", 0)))
    assert err.code == "bundle-duplicate-section"
    assert err.location is not None and err.location.line == 10


def test_text_outside_a_section() -> None:
    data = make(("a", b"x", 0)) + b"stray text\n"
    err = error_of(data)
    assert "BEGIN" in err.message
    assert err.location is not None and err.location.line == 10


def test_end_of_another_section() -> None:
    data = make(("a", b"x", 0)).replace(b"END a", b"END b")
    err = error_of(data)
    assert "inside section 'a'" in err.message
    assert err.location is not None and err.location.line == 9


def test_bad_section_name() -> None:
    err = error_of(make(("Bad Name", b"x", 0)))
    assert "section name" in err.message
    assert err.location is not None and err.location.line == 7


# -- size limits -------------------------------------------------------------------------
def test_bundle_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = make(("a", b"x" * 200, 0))
    monkeypatch.setattr(bundle_mod, "MAX_BUNDLE_BYTES", 100)
    err = error_of(data)
    assert err.code == "bundle-too-large"


def test_section_size_limit_names_the_section(monkeypatch: pytest.MonkeyPatch) -> None:
    data = make(("small", b"x", 0), ("big", b"y" * 64, 0))
    monkeypatch.setattr(bundle_mod, "MAX_SECTION_BYTES", 32)
    err = error_of(data)
    assert err.code == "bundle-section-too-large"
    assert "'big'" in err.message
    assert err.location is not None and err.location.line == 10


def test_section_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_mod, "MAX_SECTIONS", 2)
    err = error_of(make(("a", b"", 0), ("b", b"", 0), ("c", b"", 0)))
    assert "more than 2 sections" in err.message


def test_the_real_limits_are_generous() -> None:
    assert bundle_mod.MAX_BUNDLE_BYTES == 64 * 1024 * 1024
    assert bundle_mod.MAX_SECTION_BYTES == 16 * 1024 * 1024


def test_build_bundle_round_trips_byte_exact() -> None:
    from zicha.parsers.bundle import Section, build_bundle, read_bundle

    sections = [Section("a", b"line\n", 0, 0), Section("b", b"no newline", 3, 0),
                Section("c", "中文".encode("utf-16-le"), 0, 0, {"encoding": "utf-16le"})]
    for newline in (b"\n", b"\r\n"):
        data = build_bundle({"boundary": "Zb0011223344", "platform": "windows"}, sections,
                            newline=newline)
        back = read_bundle(data)
        assert [(s.name, s.body, s.exit_code) for s in back.sections.values()] == \
            [(s.name, s.body, s.exit_code) for s in sections]
        assert back.sections["c"].text() == "中文"
