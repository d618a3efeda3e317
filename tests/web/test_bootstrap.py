"""The CLI's entry points into Django."""

from __future__ import annotations

import pytest

from zicha.web import manage
from zicha.web.bootstrap import ensure_database, setup_django


def test_setup_django_is_idempotent():
    setup_django()
    setup_django()


@pytest.mark.django_db
def test_ensure_database_does_nothing_when_current():
    assert ensure_database() == 0


def test_manage_main_returns_status(capsys):
    assert manage.main(["check", "--deploy", "--fail-level", "CRITICAL"]) == 0
    assert manage.main(["no-such-command"]) == 1
    assert "Unknown command" in capsys.readouterr().err


@pytest.mark.django_db
def test_no_model_changes_without_migrations():
    assert manage.main(["makemigrations", "--check", "--dry-run"]) == 0
