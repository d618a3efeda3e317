"""The dashboard tests use the inventory tests' people (one per role) and login helper."""

from __future__ import annotations

from ..inventory.conftest import (  # noqa: F401  (fixtures)
    _fast_hasher,
    department,
    login,
    other_organization,
    people,
)
