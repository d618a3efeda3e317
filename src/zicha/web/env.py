"""Reading the environment for the settings module (HackSoft ``config/env.py``).

Pure helpers, importable without Django being configured: ``settings.py`` calls
them with ``os.environ``; tests call them with their own mappings and paths.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "DEFAULT_HOME",
    "SECRET_KEY_FILE",
    "SQLITE_FILE",
    "database_from_url",
    "env_bool",
    "env_list",
    "load_or_create_secret_key",
    "sqlite_database",
    "zicha_home",
]

DEFAULT_HOME = "~/.local/share/zicha"
SECRET_KEY_FILE = "secret_key"
SQLITE_FILE = "zicha.sqlite3"
_POSTGRES_SCHEMES = {"postgresql", "postgres", "pgsql"}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    """``1/true/yes/on`` → True, ``0/false/no/off/''`` → False; anything else is an error."""
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false)")


def env_list(environ: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks are dropped. Unset means ``default``."""
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def zicha_home(environ: Mapping[str, str]) -> Path:
    """The instance directory (``ZICHA_HOME``), created 0700 if missing."""
    home = Path(environ.get("ZICHA_HOME") or DEFAULT_HOME).expanduser().resolve()
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    return home


def load_or_create_secret_key(home: Path) -> str:
    """Return the key stored in ``home/secret_key``, generating it once (mode 0600).

    Creation is race-free: the key is written to a private temporary file that is
    then hard-linked into place, so two processes starting together agree on one
    key and nobody ever reads a half-written file.
    """
    path = home / SECRET_KEY_FILE
    if not path.exists():
        tmp = home / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_urlsafe(50) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process won the race; use its key
        finally:
            tmp.unlink(missing_ok=True)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise ImproperlyConfigured(f"{path} holds no usable secret key; delete it to regenerate")
    return key


def sqlite_database(path: Path) -> dict[str, Any]:
    """SQLite in WAL mode with immediate transactions (CISO Assistant's options)."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def database_from_url(url: str) -> dict[str, Any]:
    """``postgresql://user:pass@host:port/db?sslmode=require`` → a Django DATABASES entry.

    User, password, host and database name are percent-decoded, so a password
    may contain ``@`` or ``/`` as ``%40``/``%2F`` and a Unix socket directory may
    be given as the host (``%2Fvar%2Frun%2Fpostgresql``) or as ``?host=/path``.
    Query parameters become libpq connection options.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in _POSTGRES_SCHEMES:
        raise ImproperlyConfigured(
            f"ZICHA_DATABASE_URL: unsupported scheme {parts.scheme!r} (use postgresql://)")
    name = unquote(parts.path.lstrip("/"))
    if not name or "/" in name:
        raise ImproperlyConfigured("ZICHA_DATABASE_URL must name one database: postgresql://…/dbname")
    try:
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"ZICHA_DATABASE_URL: bad port ({exc})") from None
    hostinfo = parts.netloc.rpartition("@")[2]
    if hostinfo.startswith("["):                       # IPv6 literal: [::1]:5432
        host = parts.hostname or ""
    else:
        host = unquote(hostinfo.partition(":")[0])
    options = dict(parse_qsl(parts.query, keep_blank_values=False))
    host = options.pop("host", host)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(port) if port is not None else "",
        "OPTIONS": options,
    }
