"""Golden fixtures of the Windows parsers stored as raw bytes (GBK consoles, UTF-16LE
wmic/secedit output): tests/fixtures/parsers/windows/<section>/<case>.bin is decoded
with zicha.parsers.decode.decode_output — as the bundle reader would — parsed and
compared with <case>.expected.json. The ``.txt`` cases are the generic golden test's
(tests/parsers/test_golden.py) once the registry lists the Windows parsers; until then
they are run here too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zicha.domain.facts import to_plain
from zicha.parsers.decode import decode_output
from zicha.parsers.registry import PLATFORM_MODULES
from zicha.parsers.windows import LOCALIZED, PARSERS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "parsers" / "windows"
BIN_CASES = sorted(FIXTURES.glob("*/*.bin"))
TXT_CASES = sorted(FIXTURES.glob("*/*.txt"))


def _id(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


def _check(case: Path, text: str) -> None:
    expected = case.with_name(case.stem + ".expected.json")
    assert expected.exists(), f"missing {expected.name}"
    actual = json.loads(json.dumps(to_plain(PARSERS[case.parent.name](text))))
    assert actual == json.loads(expected.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", BIN_CASES, ids=_id)
def test_golden_bytes(case: Path) -> None:
    _check(case, decode_output(case.read_bytes()))


@pytest.mark.skipif("windows" in PLATFORM_MODULES,
                    reason="tests/parsers/test_golden.py runs the .txt cases")
@pytest.mark.parametrize("case", TXT_CASES, ids=_id)
def test_golden_text(case: Path) -> None:
    _check(case, decode_output(case.read_bytes()))


def test_raw_bytes_are_really_raw() -> None:
    """The .bin cases keep the real encodings: GBK bytes or UTF-16LE, never UTF-8."""
    kinds = set()
    for case in BIN_CASES:
        data = case.read_bytes()
        if data.startswith(b"\xff\xfe") or data[1:2] == b"\x00":
            kinds.add("utf-16le")
            continue
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        data.decode("gbk")
        kinds.add("gbk")
    assert kinds == {"gbk", "utf-16le"}


@pytest.mark.parametrize("section", sorted(PARSERS))
def test_every_parser_has_english_and_chinese_cases(section: str) -> None:
    cases = [p.name for p in (FIXTURES / section).glob("*") if p.suffix in (".txt", ".bin")]
    assert any(c.startswith("en-US_") for c in cases) or section not in LOCALIZED, cases
    assert any(c.startswith("zh-CN_") for c in cases), cases
    if section in LOCALIZED:
        assert any(c.startswith("en-US_") for c in cases), cases


def test_every_fixture_directory_is_a_section() -> None:
    assert {d.name for d in FIXTURES.iterdir() if d.is_dir()} == set(PARSERS)
