"""One finding: history, comments and files, and the changes people make."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicha.domain.errors import ZichaError
from zicha.web.accounts.policy import capability_required, has_capability
from zicha.web.audit.models import AuditEvent
from zicha.web.core.uploads import UploadsRejected
from zicha.web.findings import selectors
from zicha.web.findings.evidence_services import finding_comment_add
from zicha.web.findings.forms import AssignForm, CommentForm, RiskAcceptForm
from zicha.web.findings.messages import workflow_error_message
from zicha.web.findings.workflow_services import (
    finding_accept_risk as accept_service,
)
from zicha.web.findings.workflow_services import (
    finding_assign as assign_service,
)
from zicha.web.findings.workflow_services import (
    finding_rectify,
    finding_start,
)
from zicha.web.inspections.views.manual import attachment_response

HISTORY_LIMIT = 50


def _detail(request: HttpRequest, finding, *, assign=None, risk=None, comment=None,
            status=200, upload_codes=()) -> HttpResponse:
    user = request.user
    context = {
        "finding": finding,
        "title": selectors.finding_check_titles(check_ids={finding.check_id}).get(
            finding.check_id, {}),
        "history": selectors.finding_history(finding=finding)[:HISTORY_LIMIT],
        "comments": selectors.finding_comments(finding=finding),
        "events": AuditEvent.objects.filter(target_type="findings.finding",
                                            target_id=str(finding.pk)).order_by("-seq")[:50],
        "can_update": has_capability(user, "findings.update"),
        "can_assign": has_capability(user, "findings.assign"),
        "can_accept": has_capability(user, "findings.accept_risk"),
        "upload_codes": ",".join(upload_codes),
    }
    if context["can_assign"]:
        context["assign_form"] = assign or AssignForm(finding=finding)
    if context["can_accept"]:
        context["risk_form"] = risk or RiskAcceptForm(finding=finding, requester=user)
    if context["can_update"]:
        context["comment_form"] = comment or CommentForm()
    return render(request, "findings/finding_detail.html", context, status=status)


@capability_required("findings.view")
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.finding_get(user=request.user, pk=pk))


@require_POST
@capability_required("findings.update")
def finding_transition(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get(user=request.user, pk=pk)
    action = request.POST.get("action")
    services = {"start": finding_start, "rectify": finding_rectify}
    if action not in services:
        messages.error(request, _("Unknown action."))
    else:
        try:
            services[action](finding=finding, actor=request.user)
        except ZichaError as exc:
            messages.error(request, workflow_error_message(exc))
        else:
            messages.success(request, _("Status changed."))
    return redirect("findings:finding_detail", pk=finding.pk)


@require_POST
@capability_required("findings.assign")
def finding_assign(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get(user=request.user, pk=pk)
    form = AssignForm(request.POST, finding=finding)
    if form.is_valid():
        data = form.cleaned_data
        try:
            assign_service(finding=finding, actor=request.user, department=data["department"],
                           owner=data["owner"], owner_user=data["owner_user"],
                           due_date=data["due_date"])
        except ZichaError as exc:
            form.add_error(None, workflow_error_message(exc))
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("findings:finding_detail", pk=finding.pk)
    return _detail(request, finding, assign=form, status=400)


@require_POST
@capability_required("findings.accept_risk")
def finding_accept_risk(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get(user=request.user, pk=pk)
    form = RiskAcceptForm(request.POST, finding=finding, requester=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            accept_service(finding=finding, actor=request.user, reason=data["reason"],
                           expires_on=data["expires_on"], approver=data["approver"])
        except ZichaError as exc:
            form.add_error(None, workflow_error_message(exc))
        else:
            messages.success(request, _("The risk was accepted."))
            return redirect("findings:finding_detail", pk=finding.pk)
    return _detail(request, finding, risk=form, status=400)


@require_POST
@capability_required("findings.update")
def finding_comment(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get(user=request.user, pk=pk)
    form = CommentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            finding_comment_add(finding=finding, actor=request.user,
                                body=form.cleaned_data["body"], files=form.all_files())
        except UploadsRejected as exc:
            for problem in exc.problems:
                form.add_error(None, problem.message)
            return _detail(request, finding, comment=form, status=400,
                           upload_codes=exc.codes)
        except ZichaError as exc:
            form.add_error(None, workflow_error_message(exc))
        else:
            messages.success(request, _("Comment saved."))
            return redirect("findings:finding_detail", pk=finding.pk)
    return _detail(request, finding, comment=form, status=400)


@capability_required("findings.view")
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.finding_attachment_get(user=request.user, pk=pk)
    return attachment_response(attachment.file.name, attachment.name, attachment.content_type)
