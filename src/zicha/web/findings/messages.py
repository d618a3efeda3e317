"""Error codes of finding services → messages a person can act on (translated)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicha.domain.errors import ZichaError

__all__ = ["workflow_error_message"]

MESSAGES = {
    "finding-transition": gettext_lazy("This change is not possible in the finding's current "
                                       "status."),
    "risk-reason-missing": gettext_lazy("Give the reason the risk is accepted."),
    "risk-expiry-missing": gettext_lazy("Give the date until which the risk is accepted."),
    "risk-expiry-past": gettext_lazy("The acceptance must end in the future."),
    "risk-expiry-too-far": gettext_lazy("A risk is accepted for one year at most."),
    "risk-approver-missing": gettext_lazy("Choose who approves the acceptance."),
    "risk-approver-not-allowed": gettext_lazy("The approver may not accept risks."),
    "risk-approver-self": gettext_lazy("The approver must be another person than the "
                                       "requester."),
    "assign-department-foreign": gettext_lazy("The department belongs to another "
                                              "organization."),
    "assign-owner-foreign": gettext_lazy("The owner belongs to another organization."),
    "assign-due-past": gettext_lazy("The due date lies in the past."),
    "comment-empty": gettext_lazy("Write a comment or attach a file."),
}


def workflow_error_message(exc: ZichaError) -> str:
    text = MESSAGES.get(exc.code)
    if text is None:
        return _("The change was refused (%(code)s).") % {"code": exc.code}
    return str(text)
