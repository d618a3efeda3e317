"""Fixtures for the reporting tests; the builders live in reporting_cases.py."""

from __future__ import annotations

import pytest
from reporting_cases import sample_narrative


@pytest.fixture
def narrative():
    return sample_narrative()
