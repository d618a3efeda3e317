"""The CLI as a user meets it: help, catalogue commands, and errors that name file and line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from zicha.cli import main
from zicha.cli.status import ExitStatus


def run_cli(*argv: str) -> tuple[int, str]:
    buf = io.StringIO()
    console = Console(file=buf, width=200, color_system=None)
    code = main(list(argv), console=console)
    return code, buf.getvalue()


def test_help_lists_the_commands(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("demo", "inspect", "collect", "checks", "serve"):
        assert command in out


def test_checks_list_and_show() -> None:
    code, out = run_cli("checks", "list")
    assert code == ExitStatus.OK
    assert "LNX-AUTH-0001" in out and "MAN-EMR-0001" in out
    code, out = run_cli("checks", "show", "LNX-AUTH-0001")
    assert code == ExitStatus.OK
    assert "PASS_MAX_DAYS" in out and "gbt22239-2019:8.1.4.1.a" in out
    assert "身份鉴别信息具有复杂度要求并定期更换" in out   # the clause text itself
    code, out = run_cli("checks", "show", "LNX-AUTH-0001", "--lang", "en")
    assert "Maximum password age" in out


def test_checks_validate_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "TST-X-0001.yaml"
    bad.write_text(
        "id: TST-X-0001\nversion: 1\narea: network\nseverity: low\n"
        "title: {zh-hans: 测试, en: Test}\nrationale: {zh-hans: 测试, en: Test}\n"
        "remediation: {zh-hans: 测试, en: Test}\nrules:\n  - {fact: a.b, op: approx, value: 1}\n"
        "refs: [seed:S99]\n", encoding="utf-8")
    code, out = run_cli("checks", "validate", str(tmp_path))
    assert code == ExitStatus.INVALID_INPUT
    assert f"{bad}:9" in out and "unknown operator 'approx'" in out
    assert f"{bad}:10" in out and "unknown requirement ref 'seed:S99'" in out


def test_checks_validate_accepts_the_shipped_catalogue() -> None:
    root = Path(__import__("zicha").__file__).parent / "catalogue" / "checks"
    code, out = run_cli("checks", "validate", str(root / "manual"))
    assert code == ExitStatus.OK, out


def test_inspect_refuses_out_of_scope_targets_before_sending(tmp_path: Path) -> None:
    """No socket can be opened in unit tests: the refusal must come first."""
    code, out = run_cli("inspect", "--scope", "127.20.0.0/16", "--targets", "10.1.2.3",
                        "--no-store", "--out", str(tmp_path))
    assert code == ExitStatus.INVALID_INPUT
    assert "10.1.2.3" in out and "target-out-of-scope" in out


def test_inspect_with_empty_scope_refuses_everything(tmp_path: Path) -> None:
    code, out = run_cli("inspect", "--targets", "127.0.0.1", "--no-store", "--out", str(tmp_path))
    assert code == ExitStatus.INVALID_INPUT
    assert "127.0.0.1" in out
