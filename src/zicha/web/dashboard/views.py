"""The dashboard: one organization's compliance, trend, overdue rectification and duties;
for people who see several organizations, an overview table of all of them first."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zicha.web.accounts.policy import capability_required
from zicha.web.accounts.selectors import department_scope, organizations_visible_to
from zicha.web.dashboard import selectors
from zicha.web.dashboard.charts import trend_chart
from zicha.web.dashboard.duties import periodic_duties
from zicha.web.inventory.models import Asset, Organization

__all__ = ["index"]

OVERDUE_ROWS = 20


def _current(request: HttpRequest, organizations: Any) -> Organization | None:
    wanted = request.GET.get("organization", "")
    if wanted.isdigit():
        found = organizations.filter(pk=int(wanted)).first()
        if found is not None:
            return found
    own = getattr(request.user, "organization_id", None)
    if own is not None:
        found = organizations.filter(pk=own).first()
        if found is not None:
            return found
    return organizations.order_by("name").first()


@capability_required("dashboard.view")
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    organizations = organizations_visible_to(user=request.user)
    organization = _current(request, organizations)
    department_id = department_scope(user=request.user)
    context: dict[str, Any] = {"organization": organization, "today": today,
                               "department_scope": department_id is not None,
                               "department": getattr(request.user, "department", None)}
    if organizations.count() > 1:
        context["overview"] = selectors.organizations_overview(organizations=organizations,
                                                               today=today)
    if organization is None:
        return render(request, "dashboard/index.html", context)

    latest = selectors.latest_inspection(organization=organization)
    context["latest"] = latest
    if latest is not None:
        groups = selectors.compliance_groups(inspection=latest, department_id=department_id)
        passed = sum(r.passed for r in groups["area"])
        failed = sum(r.failed for r in groups["area"])
        context.update(groups=groups, percent=selectors.percent(passed, failed),
                       passed=passed, failed=failed,
                       undecided=sum(r.error for r in groups["area"]))
    trend = selectors.compliance_trend(organization=organization, department_id=department_id)
    context["trend"] = trend
    context["chart"] = trend_chart(trend)
    counts = selectors.findings_counts(organizations=[organization.pk], today=today,
                                       department_id=department_id).get(
        organization.pk, {"active": 0, "overdue": 0})
    context.update(counts=counts, overdue=selectors.overdue_findings_page(
        organization=organization, today=today, department_id=department_id,
        limit=OVERDUE_ROWS))
    if department_id is None:
        duties = periodic_duties(organization=organization, latest=latest, today=today)
        context.update(duties=duties, duties_attention=sum(1 for d in duties if d.attention),
                       unregistered=Asset.objects.filter(
                           organization=organization, registered=False,
                           last_seen__isnull=False).count())
    return render(request, "dashboard/index.html", context)
