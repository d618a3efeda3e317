"""Human labels for the stable action codes (codes stay English; labels are translated).

Unknown codes are shown as they are, so an app that writes a new action needs no
change here — adding a label only makes the viewer friendlier.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

__all__ = ["ACTION_LABELS", "action_label"]

ACTION_LABELS = {
    "account.login": _("Logged in"),
    "account.login_failed": _("Login failed"),
    "account.locked": _("Account locked"),
    "account.unlocked": _("Account unlocked"),
    "account.logout": _("Logged out"),
    "account.password_changed": _("Password changed"),
    "account.password_reset": _("Password reset"),
    "account.totp_enabled": _("Two-factor authentication turned on"),
    "account.totp_disabled": _("Two-factor authentication turned off"),
    "account.created": _("Account created"),
    "account.updated": _("Account changed"),
    "account.deactivated": _("Account deactivated"),
    "account.activated": _("Account reactivated"),
    "audit.exported": _("Audit log exported"),
    "finding.auto_transition": _("Finding verified or reopened by an inspection"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
