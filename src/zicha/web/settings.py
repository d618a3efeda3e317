"""Django settings for zicha, driven by the environment only (no production.py).

``ZICHA_HOME``           instance directory (default ``~/.local/share/zicha``): SQLite
                         database, media, and the secret key file
``ZICHA_SECRET_KEY``     overrides the key generated once into ``$ZICHA_HOME/secret_key``
``ZICHA_DATABASE_URL``   ``postgresql://user:pass@host:port/db`` switches to PostgreSQL
``ZICHA_DEBUG``          1/0
``ZICHA_ALLOWED_HOSTS``  comma-separated (default ``localhost,127.0.0.1``)
``ZICHA_CSRF_TRUSTED_ORIGINS`` comma-separated origins, e.g. ``https://zicha.example``
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from zicha.web.env import (
    SQLITE_FILE,
    database_from_url,
    env_bool,
    env_list,
    load_or_create_secret_key,
    sqlite_database,
    zicha_home,
)

WEB_DIR = Path(__file__).resolve().parent
ZICHA_HOME = zicha_home(os.environ)

SECRET_KEY = os.environ.get("ZICHA_SECRET_KEY") or load_or_create_secret_key(ZICHA_HOME)
DEBUG = env_bool(os.environ, "ZICHA_DEBUG", default=False)
ALLOWED_HOSTS = env_list(os.environ, "ZICHA_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list(os.environ, "ZICHA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "zicha.web.accounts",
    "zicha.web.inventory",
    "zicha.web.inspections",
    "zicha.web.findings",
    "zicha.web.audit",
    "zicha.web.dashboard",
    "zicha.web.reports",
    "zicha.web.api",
    "django_tasks",
    "django_tasks_db",
]
# Background inspections: django-tasks with its database backend; the worker is
# started by `zicha serve` (manage.py db_worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zicha.web.accounts.middleware.IdleTimeoutMiddleware",
    "zicha.web.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zicha.web.urls"
WSGI_APPLICATION = "zicha.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zicha.web.navigation.navigation",
            ],
        },
    },
]

if db_url := os.environ.get("ZICHA_DATABASE_URL", "").strip():
    DATABASES = {"default": database_from_url(db_url)}
else:
    DATABASES = {"default": sqlite_database(ZICHA_HOME / SQLITE_FILE)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = ["zicha.web.accounts.backends.PolicyBackend"]
# Password policy (S27 applies to us too): length, 3 of 4 character classes, not the
# user name, not common, not numeric, not one of the last 5.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "zicha.web.accounts.validators.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "zicha.web.accounts.validators.CharacterClassesValidator",
     "OPTIONS": {"min_classes": 3}},
    {"NAME": "zicha.web.accounts.validators.UsernameNotContainedValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zicha.web.accounts.validators.PasswordHistoryValidator"},
]
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = ZICHA_HOME / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = ZICHA_HOME / "media"
MEDIA_ROOT.mkdir(mode=0o700, exist_ok=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
