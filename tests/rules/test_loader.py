"""The check loader reports every problem with file, line and field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from zicha.domain.errors import CheckDefinitionError
from zicha.rules.loader import load_catalogue, load_checks

GOOD = """\
id: TST-AUTH-0001
version: 1
area: machine_room
severity: medium
title: {zh-hans: 测试, en: Test}
rationale: {zh-hans: 理由, en: Why}
remediation: {zh-hans: 整改, en: Fix}
applies_to: {platform: [linux]}
params:
  max_days: {default: 90, type: int}
condition: all
rules:
  - fact: linux.login_defs.pass_max_days
    op: lte
    value: {param: max_days}
refs: [gbt22239-2019:8.1.4.1.a]
"""


@pytest.fixture(scope="module")
def frameworks():
    return load_catalogue().frameworks


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, frameworks) -> list[tuple[str, int | None, str]]:
    with pytest.raises(CheckDefinitionError) as info:
        load_checks([tmp_path], frameworks=frameworks)
    return [(Path(loc.file).name, loc.line, msg) for loc, msg in info.value.problems]


def test_a_good_check_loads(tmp_path: Path, frameworks) -> None:
    write(tmp_path, "TST-AUTH-0001.yaml", GOOD)
    checks = load_checks([tmp_path], frameworks=frameworks)
    assert checks["TST-AUTH-0001"].params["max_days"].default == 90


def test_unknown_operator_names_file_and_line(tmp_path: Path, frameworks) -> None:
    write(tmp_path, "TST-AUTH-0001.yaml", GOOD.replace("op: lte", "op: less_or_equal"))
    [(file, line, msg)] = problems_of(tmp_path, frameworks)
    assert file == "TST-AUTH-0001.yaml"
    assert line == 14  # the line of "op: less_or_equal"
    assert "unknown operator 'less_or_equal'" in msg


def test_missing_field_names_file_and_line(tmp_path: Path, frameworks) -> None:
    text = GOOD.replace("severity: medium\n", "").replace("    op: lte\n", "")
    write(tmp_path, "TST-AUTH-0001.yaml", text)
    found = problems_of(tmp_path, frameworks)
    messages = {msg: line for _, line, msg in found}
    assert messages["missing field 'severity'"] == 1
    assert messages["missing field 'op'"] == 12  # the rule item's line


def test_duplicate_id_names_both_files(tmp_path: Path, frameworks) -> None:
    write(tmp_path, "TST-AUTH-0001.yaml", GOOD)
    sub = tmp_path / "more"
    sub.mkdir()
    write(sub, "TST-AUTH-0001.yaml", GOOD)
    [(_, line, msg)] = problems_of(tmp_path, frameworks)
    assert line == 1 and "duplicate check id 'TST-AUTH-0001'" in msg
    assert "TST-AUTH-0001.yaml" in msg


def test_unknown_requirement_ref_names_file_and_line(tmp_path: Path, frameworks) -> None:
    write(tmp_path, "TST-AUTH-0001.yaml",
          GOOD.replace("refs: [gbt22239-2019:8.1.4.1.a]",
                       "refs:\n  - seed:S5\n  - gbt22239-2019:9.9.9.9.z"))
    [(file, line, msg)] = problems_of(tmp_path, frameworks)
    assert (file, line) == ("TST-AUTH-0001.yaml", 18)
    assert "unknown requirement ref 'gbt22239-2019:9.9.9.9.z'" in msg


def test_all_problems_of_a_directory_are_reported_at_once(tmp_path: Path, frameworks) -> None:
    write(tmp_path, "TST-AUTH-0001.yaml", GOOD.replace("op: lte", "op: nope"))
    write(tmp_path, "TST-AUTH-0002.yaml",
          GOOD.replace("TST-AUTH-0001", "TST-AUTH-0002").replace("area: machine_room", "area: kitchen"))
    write(tmp_path, "broken.yaml", "id: [unclosed\n")
    found = problems_of(tmp_path, frameworks)
    assert {f for f, _, _ in found} == {"TST-AUTH-0001.yaml", "TST-AUTH-0002.yaml", "broken.yaml"}
    assert any("YAML syntax error" in m for _, _, m in found)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("value: {param: max_days}", "value: {param: min_days}", "unknown param 'min_days'"),
    ("op: lte\n    value: {param: max_days}", "op: exists\n    value: 3", "takes no value"),
    ("op: lte", "op: in", "needs a list"),
    ("severity: medium", "severity: urgent", "unknown severity 'urgent'"),
    ("applies_to: {platform: [linux]}", "applies_to: {platform: [macos]}", "unknown platform 'macos'"),
    ("id: TST-AUTH-0001", "id: tst-1", "is not of the form"),
    ("title: {zh-hans: 测试, en: Test}", "title: {zh-hans: 测试}", "'title' has no 'en' text"),
    ("version: 1", "version: 1\ncolour: red", "unknown field 'colour'"),
    ("op: lte\n    value: {param: max_days}", "op: matches\n    value: '(['\n    x: 1",
     "unknown rule field 'x'"),
    ("op: lte\n    value: {param: max_days}", "op: matches\n    value: '(['",
     "bad regular expression"),
])
def test_schema_violations(tmp_path: Path, frameworks, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    write(tmp_path, "TST-AUTH-0001.yaml" if "tst-1" not in new else "tst-1.yaml",
          GOOD.replace(old, new))
    found = problems_of(tmp_path, frameworks)
    assert any(expected in msg for _, _, msg in found), found
    assert all(line is not None for _, line, _ in found)


def test_file_name_must_match_id(tmp_path: Path, frameworks) -> None:
    write(tmp_path, "other.yaml", GOOD)
    [(_, _, msg)] = problems_of(tmp_path, frameworks)
    assert "does not match id" in msg


def test_shipped_catalogue_is_valid() -> None:
    catalogue = load_catalogue()
    assert all(c.source_file.endswith(f"{c.id}.yaml") for c in catalogue.checks.values())
