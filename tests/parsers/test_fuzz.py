"""Fuzzing every registered parser (Linux and Windows): only ParseError may escape.

≥ 10,000 generated inputs per parser, from real fixture lines (all sections, so a
parser also sees its neighbours' output), mutated fixture lines and whole fixtures
(cut, spliced, characters inserted), and random text with CJK, full-width
punctuation and control characters. Marked ``fuzz`` (slow): run with
``pytest tests/parsers -m fuzz``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zicha.domain.errors import ParseError
from zicha.parsers.decode import decode_output
from zicha.parsers.registry import all_parsers, get_parser, platforms

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "parsers"
EXAMPLES = 10_000
#: CI runs the same 10,000 inputs every time (a red build must be reproducible);
#: ZICHA_FUZZ_RANDOM=1 explores new inputs on each run, for fuzzing sessions.
DERANDOMIZE = os.environ.get("ZICHA_FUZZ_RANDOM") != "1"
#: (platform, section) for every registered parser
SECTIONS = sorted((platform, section) for platform in platforms()
                  for section in all_parsers(platform))


def _texts() -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for platform, section in SECTIONS:
        folder = FIXTURES / platform / section
        out[(platform, section)] = [decode_output(p.read_bytes())
                                    for p in sorted(folder.glob("*"))
                                    if p.suffix in (".txt", ".bin")]
    return out


TEXTS = _texts()
ALL_LINES = sorted({ln for texts in TEXTS.values() for t in texts for ln in t.split("\n")})
#: characters that break naive parsers: CJK, full-width punctuation, controls, BOM, NUL,
#: separators that look like ours, digits from other scripts
SPICE = list("：（）？，。、　\t\r\x00\x0b\x0c\x1a\x7f\ufeff\u2028\u3000≥²٣—\"'=:{}[]()>-%*\\/,.")
ALPHABET = st.one_of(
    st.characters(codec="utf-8"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(max_codepoint=0x1F),
    st.sampled_from(SPICE),
)


@st.composite
def mutated_line(draw: st.DrawFn, lines: list[str]) -> str:
    line = draw(st.sampled_from(lines))
    op = draw(st.integers(0, 5))
    if not line or op == 0:
        return line + draw(st.text(ALPHABET, max_size=8))
    i = draw(st.integers(0, len(line)))
    if op == 1:
        return line[:i]                                              # cut
    if op == 2:
        return line[:i] + draw(st.text(ALPHABET, min_size=1, max_size=6)) + line[i:]
    if op == 3:
        j = draw(st.integers(i, len(line)))
        return line[:i] + line[j:]                                   # delete a slice
    if op == 4:
        return "".join(draw(st.sampled_from("0123456789x-")) if c.isdigit() else c
                       for c in line)                                # scramble numbers
    return line.replace(":", draw(st.sampled_from(["", "：", "::", " : "])), 1)


def inputs(section: tuple[str, str]) -> st.SearchStrategy[str]:
    own = sorted({ln for t in TEXTS[section] for ln in t.split("\n")}) or [""]
    whole = TEXTS[section] or [""]
    line = st.one_of(st.sampled_from(own), st.sampled_from(ALL_LINES), mutated_line(own),
                     st.text(ALPHABET, max_size=40))
    lines = st.lists(line, max_size=30).map("\n".join)

    @st.composite
    def spliced(draw: st.DrawFn) -> str:
        text = draw(st.sampled_from(whole))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, len(text)))
        middle = draw(st.one_of(st.just(""), st.text(ALPHABET, max_size=20), line))
        return text[:i] + middle + text[j:]

    return st.one_of(lines, spliced(), st.text(ALPHABET, max_size=200))


@pytest.mark.fuzz
@pytest.mark.parametrize("section", SECTIONS, ids=["/".join(s) for s in SECTIONS])
def test_only_parse_errors_escape(section: tuple[str, str]) -> None:
    parser = get_parser(*section)
    calls = [0]

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=DERANDOMIZE,
              suppress_health_check=list(HealthCheck))
    @given(text=inputs(section))
    def run(text: str) -> None:
        calls[0] += 1
        try:
            parser(text)
        except ParseError as exc:
            assert exc.line is None or exc.line >= 1

    run()
    assert calls[0] >= EXAMPLES
