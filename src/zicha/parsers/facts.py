"""Bundle → facts, dispatched on the bundle's platform."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from zicha.domain.errors import BundleError, Location
from zicha.domain.facts import FactSet
from zicha.parsers.bundle import Bundle

__all__ = ["PLATFORM_MODULES", "bundle_facts", "bundle_identity"]

#: platform header value → module with build_<platform>_facts and bundle_identity
PLATFORM_MODULES = {
    "linux": ("zicha.parsers.linux.facts", "build_linux_facts"),
    "windows": ("zicha.parsers.windows.facts", "build_windows_facts"),
}


def _module(bundle: Bundle) -> tuple[Any, str]:
    entry = PLATFORM_MODULES.get(bundle.platform)
    if entry is None:
        raise BundleError(f"unknown platform {bundle.platform!r} in bundle header",
                          code="bundle-platform", location=Location(file=bundle.source, line=2))
    return importlib.import_module(entry[0]), entry[1]


def bundle_facts(bundle: Bundle, *, today: dt.date) -> FactSet:
    module, builder = _module(bundle)
    facts: FactSet = getattr(module, builder)(bundle, today=today)
    return facts


def bundle_identity(bundle: Bundle) -> dict[str, Any]:
    module, _ = _module(bundle)
    identity: dict[str, Any] = module.bundle_identity(bundle)
    return identity
