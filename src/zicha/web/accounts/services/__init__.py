"""Account writes (HackSoft services): keyword-only arguments, one audit event per change.

``login``     sign-in attempts, lockout, the TOTP step, logout
``passwords`` changing, resetting and ageing passwords; the reuse history
``users``     creating and changing accounts (administrators)
``twofactor`` enrolling and removing TOTP
"""

from __future__ import annotations

from zicha.web.accounts.services.login import (
    ANONYMOUS,
    LoginResult,
    LoginStatus,
    account_login_attempt,
    account_login_totp,
    account_logout,
)
from zicha.web.accounts.services.passwords import (
    account_password_change,
    account_password_reset,
    account_password_set,
    generate_one_time_password,
    password_is_expired,
)
from zicha.web.accounts.services.twofactor import account_totp_disable, account_totp_enable
from zicha.web.accounts.services.users import (
    account_create,
    account_create_superuser,
    account_set_active,
    account_unlock,
    account_update,
    user_snapshot,
)

__all__ = [
    "ANONYMOUS",
    "LoginResult",
    "LoginStatus",
    "account_create",
    "account_create_superuser",
    "account_login_attempt",
    "account_login_totp",
    "account_logout",
    "account_password_change",
    "account_password_reset",
    "account_password_set",
    "account_set_active",
    "account_totp_disable",
    "account_totp_enable",
    "account_unlock",
    "account_update",
    "generate_one_time_password",
    "password_is_expired",
    "user_snapshot",
]
