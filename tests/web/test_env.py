"""Environment helpers behind the settings: secret key, database URL, flags, home directory."""

from __future__ import annotations

import stat
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured

from zicha.web.env import (
    database_from_url,
    env_bool,
    env_list,
    load_or_create_secret_key,
    sqlite_database,
    zicha_home,
)


class TestSecretKey:
    def test_generated_once_private_and_reused(self, tmp_path):
        key = load_or_create_secret_key(tmp_path)
        path = tmp_path / "secret_key"
        assert len(key) >= 50
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert load_or_create_secret_key(tmp_path) == key
        assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]   # no temp files left

    def test_concurrent_first_starts_agree_on_one_key(self, tmp_path):
        keys: list[str] = []
        threads = [threading.Thread(target=lambda: keys.append(load_or_create_secret_key(tmp_path)))
                   for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(set(keys)) == 1 and len(keys) == 8

    def test_empty_key_file_is_an_error(self, tmp_path):
        (tmp_path / "secret_key").write_text("\n")
        with pytest.raises(ImproperlyConfigured):
            load_or_create_secret_key(tmp_path)


class TestDatabaseUrl:
    def test_postgresql_url(self):
        db = database_from_url("postgresql://zicha:s%40cr%2Ft@db.example:5433/zicha?sslmode=require")
        assert db == {"ENGINE": "django.db.backends.postgresql", "NAME": "zicha", "USER": "zicha",
                      "PASSWORD": "s@cr/t", "HOST": "db.example", "PORT": "5433",
                      "OPTIONS": {"sslmode": "require"}}

    def test_defaults_and_aliases(self):
        db = database_from_url("postgres://localhost/zicha")
        assert (db["HOST"], db["PORT"], db["USER"], db["PASSWORD"]) == ("localhost", "", "", "")

    def test_unix_socket_host(self):
        assert database_from_url("postgresql://u@%2Fvar%2Frun%2Fpostgresql/z")["HOST"] == \
            "/var/run/postgresql"
        assert database_from_url("postgresql:///z?host=/tmp")["HOST"] == "/tmp"

    def test_ipv6_host(self):
        db = database_from_url("postgresql://u:p@[::1]:5432/z")
        assert (db["HOST"], db["PORT"]) == ("::1", "5432")

    @pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql://u@h/", "postgresql://u@h/a/b",
                                     "postgresql://u@h:port/db"])
    def test_bad_urls(self, url):
        with pytest.raises(ImproperlyConfigured):
            database_from_url(url)


def test_sqlite_database_uses_wal_and_immediate_transactions(tmp_path):
    db = sqlite_database(tmp_path / "z.sqlite3")
    assert db["OPTIONS"] == {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                             "transaction_mode": "IMMEDIATE", "timeout": 20}


def test_env_bool_and_list():
    env = {"A": "yes", "B": "0", "C": "maybe", "H": " a.example , ,b.example"}
    assert env_bool(env, "A") is True and env_bool(env, "B") is False
    assert env_bool(env, "missing", default=True) is True
    with pytest.raises(ImproperlyConfigured):
        env_bool(env, "C")
    assert env_list(env, "H", []) == ["a.example", "b.example"]
    assert env_list(env, "missing", ["localhost"]) == ["localhost"]


def test_zicha_home_is_created_private(tmp_path):
    home = zicha_home({"ZICHA_HOME": str(tmp_path / "a" / "b")})
    assert home.is_dir() and stat.S_IMODE(home.stat().st_mode) == 0o700
