"""Which parser reads which section, per platform.

``get_parser("linux", "sshd_effective")`` → the pure parser for that bundle
section. Each platform package exposes ``PARSERS: dict[str, Callable[[str], object]]``;
the golden-fixture test (tests/parsers/test_golden.py) walks this registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

from zicha.domain.errors import ZichaError

__all__ = ["PLATFORM_MODULES", "Parser", "all_parsers", "get_parser", "platforms"]

Parser = Callable[[str], object]

#: platform → module that exposes ``PARSERS``.
PLATFORM_MODULES: dict[str, str] = {
    "linux": "zicha.parsers.linux",
    "windows": "zicha.parsers.windows",
}


def platforms() -> tuple[str, ...]:
    return tuple(sorted(PLATFORM_MODULES))


def all_parsers(platform: str) -> Mapping[str, Parser]:
    """Every registered parser of one platform, by section name."""
    module_name = PLATFORM_MODULES.get(platform)
    if module_name is None:
        raise ZichaError(f"no parsers for platform {platform!r}", code="unknown-platform",
                         hint=f"known platforms: {', '.join(platforms())}")
    parsers: Mapping[str, Parser] = importlib.import_module(module_name).PARSERS
    return parsers


def get_parser(platform: str, section: str) -> Parser:
    parsers = all_parsers(platform)
    try:
        return parsers[section]
    except KeyError:
        raise ZichaError(f"no {platform} parser for section {section!r}",
                         code="unknown-section") from None
