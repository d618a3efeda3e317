"""Fixtures for the web tests: an organization and a way to store outcomes for it.

Run with ``DJANGO_SETTINGS_MODULE=zicha.web.settings`` and a throw-away ``ZICHA_HOME``;
set ``ZICHA_DATABASE_URL`` to run the same tests on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from zicha.domain.inspection import InspectionOutcome

# Django is set up by tests/conftest.py.


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
