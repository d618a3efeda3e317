"""Settings as a fresh process sees them: WAL SQLite under ZICHA_HOME, one secret key, PG by URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

SRC = str(Path(__file__).resolve().parents[2] / "src")

PROBE = """
import json
from zicha.web.bootstrap import ensure_database, setup_django
setup_django()
import pytest
from django.conf import settings
from django.db import connection
out = {"key": settings.SECRET_KEY, "engine": settings.DATABASES["default"]["ENGINE"],
       "db": settings.DATABASES["default"], "debug": settings.DEBUG,
       "hosts": settings.ALLOWED_HOSTS}
if out["engine"].endswith("sqlite3"):
    out["applied"] = ensure_database()
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        out["journal_mode"] = cur.fetchone()[0]
print(json.dumps(out, default=str))
"""


def probe(home: Path, **env: str) -> dict:
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("ZICHA_") and k != "DJANGO_SETTINGS_MODULE"}
    environ.update(PYTHONPATH=SRC, ZICHA_HOME=str(home), **env)
    proc = subprocess.run([sys.executable, "-c", PROBE], env=environ, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.integration
class TestSettingsFromEnvironment:
    def test_sqlite_in_wal_mode_and_secret_key_kept(self, tmp_path):
        """A first start creates home, key (0600) and a WAL database; a second start reuses them."""
        home = tmp_path / "home"
        first = probe(home)
        assert first["journal_mode"] == "wal"
        assert first["applied"] > 0
        assert first["db"]["NAME"] == str(home.resolve() / "zicha.sqlite3")
        assert (home / "secret_key").read_text().strip() == first["key"]
        assert oct((home / "secret_key").stat().st_mode & 0o777) == "0o600"
        assert (home / "media").is_dir()
        second = probe(home)
        assert second["key"] == first["key"]
        assert second["applied"] == 0 and second["journal_mode"] == "wal"
        assert (first["debug"], first["hosts"]) == (False, ["localhost", "127.0.0.1"])

    def test_environment_overrides(self, tmp_path):
        out = probe(tmp_path, ZICHA_SECRET_KEY="k" * 50, ZICHA_DEBUG="1",
                    ZICHA_ALLOWED_HOSTS="zicha.example,10.0.0.5",
                    ZICHA_DATABASE_URL="postgresql://u:p@db.example:5433/hsi")
        assert out["key"] == "k" * 50
        assert not (tmp_path / "secret_key").exists()
        assert out["debug"] is True and out["hosts"] == ["zicha.example", "10.0.0.5"]
        assert out["engine"] == "django.db.backends.postgresql"
        assert (out["db"]["HOST"], out["db"]["PORT"], out["db"]["NAME"]) == ("db.example", "5433",
                                                                            "hsi")


def test_project_conventions():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.DEFAULT_AUTO_FIELD == "django.db.models.BigAutoField"
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_tests_run_on_the_configured_database():
    """The PostgreSQL run really runs on PostgreSQL (and the default run on SQLite)."""
    from django.db import connection

    wanted = "postgresql" if os.environ.get("ZICHA_DATABASE_URL") else "sqlite"
    assert connection.vendor == wanted
