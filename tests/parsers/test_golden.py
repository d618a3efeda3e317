"""Golden fixtures for every registered parser (ntc-templates style).

tests/fixtures/parsers/<platform>/<section>/<case>.txt is parsed by
zicha.parsers.registry.get_parser(platform, section) and compared with
<case>.expected.json (= zicha.domain.facts.to_plain of the result).
Regenerate expected files for review with ``tools/regen_golden.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zicha.domain.facts import to_plain
from zicha.parsers.decode import decode_output
from zicha.parsers.registry import all_parsers, get_parser, platforms

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "parsers"
CASES = sorted(FIXTURES.glob("*/*/*.txt"))


def _id(case: Path) -> str:
    return str(case.relative_to(FIXTURES).with_suffix(""))


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_golden(case: Path) -> None:
    platform, section = case.parent.parent.name, case.parent.name
    expected_file = case.with_name(case.stem + ".expected.json")
    assert expected_file.exists(), f"missing {expected_file.name}; run tools/regen_golden.py"
    parsed = get_parser(platform, section)(decode_output(case.read_bytes()))
    actual = json.loads(json.dumps(to_plain(parsed)))
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("platform", platforms())
def test_every_parser_has_a_fixture(platform: str) -> None:
    missing = [section for section in all_parsers(platform)
               if not list((FIXTURES / platform / section).glob("*.txt"))]
    assert not missing, f"{platform} parsers without golden fixtures: {missing}"


def test_every_fixture_dir_has_a_parser() -> None:
    strays = [str(d.relative_to(FIXTURES)) for d in FIXTURES.glob("*/*") if d.is_dir()
              and (d.parent.name not in platforms() or d.name not in all_parsers(d.parent.name))]
    assert not strays, f"fixture directories without a registered parser: {strays}"


def test_every_expected_file_has_an_input() -> None:
    orphans = [str(p.relative_to(FIXTURES)) for p in FIXTURES.glob("*/*/*.expected.json")
               if not any(p.with_name(p.name.removesuffix(".expected.json") + ext).exists()
                          for ext in (".txt", ".bin"))]
    assert not orphans, f"expected files without a .txt or .bin case: {orphans}"
