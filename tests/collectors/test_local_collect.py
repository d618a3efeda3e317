"""Runs the real collect.sh on this machine (integration: it executes local commands)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from zicha.collectors.local import collect_local, default_script
from zicha.domain.errors import ZichaError
from zicha.parsers.bundle import read_bundle
from zicha.parsers.linux.facts import build_linux_facts, bundle_identity

pytestmark = pytest.mark.integration

SECTIONS = ["os_release", "uname", "hostname", "login_defs", "pwquality_conf", "pam_password",
            "sshd_effective", "sshd_config", "modprobe_usb", "lsmod", "firewall", "listening",
            "time_sync", "shadow_summary", "passwd", "rsyslog_remote", "services_running",
            "ip_addr", "ip_link", "collector_stderr"]


@pytest.fixture(scope="module")
def raw() -> bytes:
    if not Path("/etc/passwd").exists():
        pytest.skip("not a Linux host")
    return collect_local(timeout=180)


def test_bundle_header(raw: bytes) -> None:
    bundle = read_bundle(raw, source="local")
    assert raw.startswith(b"ZICHA-BUNDLE 1\n")
    assert re.fullmatch(r"Zb[0-9a-f]{16}", bundle.header["boundary"])
    assert bundle.platform == "linux"
    assert bundle.header["collector"].startswith("collect.sh ")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", bundle.header["collected_at"])
    assert bundle.header["euid"] == str(os.geteuid())
    assert bundle.header["bundle_format"] == "1"


def test_every_section_in_order_with_an_exit_status(raw: bytes) -> None:
    bundle = read_bundle(raw, source="local")
    assert list(bundle.sections) == SECTIONS
    for sec in bundle.sections.values():
        assert sec.exit_code is not None and not sec.truncated, sec.name
    assert bundle.sections["os_release"].ok
    assert bundle.sections["passwd"].ok


def test_bodies_are_the_command_output(raw: bytes) -> None:
    bundle = read_bundle(raw, source="local")
    assert bundle.sections["passwd"].body == Path("/etc/passwd").read_bytes()
    uname = subprocess.run(["uname", "-srm"], capture_output=True, check=True).stdout
    assert bundle.sections["uname"].body == uname


def test_no_password_hashes_leave_the_host(raw: bytes) -> None:
    bundle = read_bundle(raw, source="local")
    shadow = bundle.sections["shadow_summary"]
    for line in shadow.text().splitlines():
        assert re.fullmatch(r"[^:]+:(empty|locked|set):\d*:-?\d*", line), line
    assert b"$6$" not in raw and b"$y$" not in raw


def test_facts_from_this_machine(raw: bytes) -> None:
    bundle = read_bundle(raw, source="local")
    facts = build_linux_facts(bundle, today=dt.date.today())
    assert facts.get("os")["family"] == "linux"
    assert facts.get("os")["kernel"]
    for ns in ("linux.accounts", "linux.login_defs", "linux.pam", "linux.pwquality",
               "linux.sshd", "linux.listening", "net.interfaces"):
        assert facts.has(ns), (ns, facts.errors.get(ns))
    assert "root" in facts.get("linux.accounts")["uid0"]
    # whatever failed did so with a message, never silently
    for ns, message in facts.errors.items():
        assert message and ns.split(".")[0] in {"os", "linux", "net"}
    assert bundle_identity(bundle)["hostname"]


def test_runs_under_dash_as_well(raw: bytes) -> None:
    if shutil.which("dash") is None:
        pytest.skip("dash not installed")
    out = subprocess.run(["dash", str(default_script())], capture_output=True, check=True,
                         timeout=180, stdin=subprocess.DEVNULL).stdout
    assert list(read_bundle(out).sections) == SECTIONS


def test_missing_script_is_a_collect_error(tmp_path: Path) -> None:
    with pytest.raises(ZichaError) as info:
        collect_local(tmp_path / "nope.sh")
    assert info.value.code == "collect-failed"


def test_failing_script_reports_stderr(tmp_path: Path) -> None:
    script = tmp_path / "bad.sh"
    script.write_text("echo 'cannot read /etc/os-release' >&2\nexit 3\n")
    with pytest.raises(ZichaError) as info:
        collect_local(script)
    assert info.value.code == "collect-failed"
    assert "status 3" in info.value.message and "cannot read" in info.value.message


def test_script_printing_no_bundle(tmp_path: Path) -> None:
    script = tmp_path / "quiet.sh"
    script.write_text("echo hello\n")
    with pytest.raises(ZichaError, match="no bundle"):
        collect_local(script)


def test_timeout(tmp_path: Path) -> None:
    script = tmp_path / "slow.sh"
    script.write_text("exec sleep 5\n")
    with pytest.raises(ZichaError, match="did not finish"):
        collect_local(script, timeout=0.5)
