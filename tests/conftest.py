"""Shared test settings.

Unit tests cannot open sockets (pytest-socket, see pyproject addopts); tests
marked ``integration`` may use loopback only.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicha.web.settings")
os.environ.setdefault("ZICHA_HOME", tempfile.mkdtemp(prefix="zicha-test-home-"))

# pytest-django looked for settings before this file ran; set Django up now so test
# modules may import models at module level. Engine tests never touch the database.
from zicha.web.bootstrap import setup_django

setup_django()

FIXTURES = Path(__file__).parent / "fixtures"
#: the only addresses any test may connect to
LOOPBACK = ["127.0.0.0/8", "::1"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("integration"):
            # loopback only: 127.0.0.0/8 and ::1; every other address stays blocked
            item.add_marker(pytest.mark.allow_hosts(LOOPBACK))
        elif item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.allow_hosts(LOOPBACK))


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
