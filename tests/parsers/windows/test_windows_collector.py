"""collect.bat and the Python side agree: section names, antivirus services, block
labels; the script is CRLF, ASCII, and never reads the DefaultPassword value."""

from __future__ import annotations

import re
from pathlib import Path

from zicha.parsers.windows import PARSERS
from zicha.parsers.windows.known import AV_SERVICES, PORTABLE_WIFI_PROCESSES
from zicha.rules.loader import load_catalogue

BAT = Path(__file__).resolve().parents[3] / "src" / "zicha" / "endpoint" / "collect.bat"
RAW = BAT.read_bytes()
TEXT = RAW.decode("ascii")


def test_crlf_and_ascii_only() -> None:
    """cmd.exe mis-reads labels in LF-only files; non-ASCII would depend on the code page."""
    assert RAW.count(b"\n") == RAW.count(b"\r\n")
    assert all(b < 128 for b in RAW)


def test_sections_written_are_the_sections_parsed() -> None:
    written = set(re.findall(r"call :begin (\w+)", TEXT))
    assert written - {"collector_stderr"} == set(PARSERS)


def test_antivirus_services_match_the_known_table() -> None:
    line = next(ln for ln in TEXT.splitlines() if ln.startswith("for %%S in ("))
    names = line.split("(", 1)[1].split(")", 1)[0].split()
    assert names == [s.service for s in AV_SERVICES]


def test_default_password_value_is_never_collected() -> None:
    for ln in TEXT.splitlines():
        if "DefaultPassword" in ln and not ln.lstrip().lower().startswith("rem"):
            assert ln.strip().endswith(">nul 2>&1"), ln
    # the Winlogon key is only ever queried value by value (/v), never whole
    for ln in TEXT.splitlines():
        if ln.startswith("call :rk"):
            assert "Winlogon" not in ln and "%WL%" not in ln


def test_block_labels_match_the_parsers() -> None:
    from zicha.parsers.windows.registry import BLOCK_LABELS

    labels = set(re.findall(r"call :(?:rq|rk|mark|blk) ([a-z_]+)", TEXT))
    known = {label for labels_ in BLOCK_LABELS.values() for label in labels_}
    assert labels == known


def test_wifi_check_reads_the_known_list_and_extra_names() -> None:
    check = load_catalogue().checks["WIN-WIFI-0001"]
    assert check.params["extra_wifi_processes"].default == []
    assert all(name == name.lower() and name.endswith(".exe") for name in PORTABLE_WIFI_PROCESSES)
