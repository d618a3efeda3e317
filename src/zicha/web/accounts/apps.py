from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zicha.web.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # PasswordHistory lives outside models.py; registering it here (idempotent: a
        # module is imported once) makes it part of the app for queries and migrations.
        from zicha.web.accounts import history  # noqa: F401
