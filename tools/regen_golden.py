#!/usr/bin/env python3
"""Rewrite the expected JSON of golden parser fixtures, for a reviewer to diff.

    PYTHONPATH=src python tools/regen_golden.py                 # every fixture
    PYTHONPATH=src python tools/regen_golden.py linux/sshd_config  # one section
    PYTHONPATH=src python tools/regen_golden.py --check           # exit 1 on drift

Fixtures live in tests/fixtures/parsers/<platform>/<section>/<case>.txt; the
parser comes from zicha.parsers.registry. The expected file is
<case>.expected.json = zicha.domain.facts.to_plain(parser(text)). A fixture
whose parser raises is reported and left alone: golden cases are inputs the
parser must understand (put failure cases in the unit tests).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from zicha.domain.errors import ParseError
from zicha.domain.facts import to_plain
from zicha.parsers.decode import decode_output
from zicha.parsers.registry import get_parser

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "parsers"


def render(case: Path) -> str:
    platform, section = case.parent.parent.name, case.parent.name
    parsed = get_parser(platform, section)(decode_output(case.read_bytes()))
    return json.dumps(to_plain(parsed), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("only", nargs="*", help="platform or platform/section to limit to")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 on drift")
    args = ap.parse_args(argv)
    cases = sorted(ROOT.glob("*/*/*.txt"))
    if args.only:
        cases = [c for c in cases if any(
            str(c.relative_to(ROOT)).startswith(o.rstrip("/") + "/") for o in args.only)]
    drift = failed = 0
    for case in cases:
        rel = case.relative_to(ROOT)
        try:
            text = render(case)
        except ParseError as exc:
            print(f"PARSE ERROR {rel}: {exc}", file=sys.stderr)
            failed += 1
            continue
        expected = case.with_name(case.stem + ".expected.json")
        old = expected.read_text(encoding="utf-8") if expected.exists() else None
        if old == text:
            continue
        drift += 1
        print(f"{'differs' if args.check else 'wrote'}: {expected.relative_to(ROOT)}")
        if not args.check:
            expected.write_text(text, encoding="utf-8")
    print(f"{len(cases)} fixtures, {drift} changed, {failed} failed", file=sys.stderr)
    return 1 if failed or (args.check and drift) else 0


if __name__ == "__main__":
    raise SystemExit(main())
