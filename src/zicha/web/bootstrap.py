"""Starting Django from the CLI: ``setup_django()`` then ``ensure_database()``.

Both are idempotent and cheap when there is nothing to do, so every CLI command
that needs the database may call them.
"""

from __future__ import annotations

import os

__all__ = ["SETTINGS_MODULE", "ensure_database", "setup_django"]

SETTINGS_MODULE = "zicha.web.settings"


def setup_django() -> None:
    """Point ``DJANGO_SETTINGS_MODULE`` at zicha's settings (unless set) and set Django up once."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()


def ensure_database(*, verbosity: int = 0) -> int:
    """Apply pending migrations quietly; return how many were applied (0: already current)."""
    setup_django()
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return 0
    call_command("migrate", interactive=False, verbosity=verbosity)
    return len(plan)
