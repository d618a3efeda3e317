"""Fixtures for the web tests: an organization and a way to store outcomes for it.

Run with ``DJANGO_SETTINGS_MODULE=zicha.web.settings`` and a throw-away ``ZICHA_HOME``;
set ``ZICHA_DATABASE_URL`` to run the same tests on PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

from zicha.domain.inspection import InspectionOutcome
from zicha.web.bootstrap import setup_django

# tests/conftest.py sets DJANGO_SETTINGS_MODULE and ZICHA_HOME while pytest is already
# starting, after pytest-django looked for settings; set Django up here so the test
# modules below may import models at module level.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicha.web.settings")
setup_django()


@pytest.fixture
def organization(db: Any) -> Any:
    from zicha.web.inventory.services import organization_get_or_create

    return organization_get_or_create(name="示例医院", code="demo-hospital")


@pytest.fixture
def store(organization: Any) -> Callable[[InspectionOutcome], Any]:
    """``store(outcome)`` stores it for the test organization and returns the Inspection."""
    from zicha.web.inspections.services import inspection_store

    def _store(outcome: InspectionOutcome) -> Any:
        return inspection_store(organization=organization, outcome=outcome)

    return _store
