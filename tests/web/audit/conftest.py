"""The audit tests use the same people and settings as the accounts tests."""

from __future__ import annotations

from ..accounts.conftest import (  # noqa: F401  (fixtures)
    admin,
    department,
    inspector,
    other_organization,
    superuser,
    target_settings,
)
