"""Views of the rectification ledger."""

from zicha.web.findings.views.detail import (
    attachment_download,
    finding_accept_risk,
    finding_assign,
    finding_comment,
    finding_detail,
    finding_transition,
)
from zicha.web.findings.views.ledger import finding_export, finding_list, finding_overdue

__all__ = [
    "attachment_download",
    "finding_accept_risk",
    "finding_assign",
    "finding_comment",
    "finding_detail",
    "finding_export",
    "finding_list",
    "finding_overdue",
    "finding_transition",
]
