"""Comments and evidence files on findings (the same upload rules as manual items)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from zicha.domain.errors import ZichaError
from zicha.web.audit.services import audit_record
from zicha.web.core import uploads
from zicha.web.findings.models import Finding, FindingAttachment, FindingComment

__all__ = ["FindingCommentError", "finding_comment_add"]


class FindingCommentError(ZichaError):
    """Code ``comment-empty``: neither text nor files."""

    code = "comment-empty"
    is_input_error = True


def finding_comment_add(*, finding: Finding, actor: Any, body: str = "",
                        files: Sequence[Any] = ()) -> FindingComment:
    """A comment with up to ``uploads.MAX_FILES`` evidence files; all checked first.

    A refused file (``uploads.UploadsRejected``) refuses the whole comment: no row and
    no file is left behind.
    """
    body = (body or "").strip()
    if not body and not files:
        raise FindingCommentError("write a comment or attach a file")
    accepted = uploads.validate_uploads(files) if files else []
    stored = uploads.write_uploads(accepted, organization_id=finding.organization_id)
    user = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            comment = FindingComment.objects.create(finding=finding, author=user, body=body)
            rows = FindingAttachment.objects.bulk_create([
                FindingAttachment(finding=finding, comment=comment, name=u.name, file=name,
                                  content_type=u.content_type, size=u.size, sha256=u.sha256,
                                  uploaded_by=user)
                for u, name in zip(accepted, stored, strict=True)])
            audit_record(actor=actor, action="finding.comment", target=finding,
                         after={"comment": body},
                         detail={"comment_id": comment.pk,
                                 "files": [{"name": r.name, "sha256": r.sha256} for r in rows]})
    except BaseException:
        uploads.remove_uploads(stored)
        raise
    return comment
