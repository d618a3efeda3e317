"""Engines never import Django: every engine module imports in a fresh interpreter without
pulling django in (import-linter checks the static graph; this checks run time)."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

import zicha

ENGINES = ("domain", "parsers", "rules", "collectors", "engine", "lab", "reporting")


def engine_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(zicha.__path__, prefix="zicha."):
        if info.name.split(".")[1] in ENGINES:
            names.append(info.name)
    return names


def test_engines_import_without_django() -> None:
    modules = engine_modules()
    assert len(modules) > 20
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith(('django.', 'zicha.web', 'zicha.cli')))\n"
        "print(','.join(bad))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=120, check=True)
    assert out.stdout.strip() == "", out.stdout
