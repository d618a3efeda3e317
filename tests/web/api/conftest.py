"""The API tests use the inventory tests' people (one per role) and login helper."""

from __future__ import annotations

import pytest

from ..inventory.conftest import (  # noqa: F401  (fixtures)
    _fast_hasher,
    department,
    login,
    other_organization,
    people,
)


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Each test gets an empty MEDIA_ROOT (uploads are files, not rolled back with the DB)."""
    settings.MEDIA_ROOT = tmp_path / "media"
