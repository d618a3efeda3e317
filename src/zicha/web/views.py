"""Project-level views. Thin: read through selectors, render a template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zicha.web.accounts.selectors import organizations_visible_to
from zicha.web.inspections.selectors import inspection_list

__all__ = ["home"]

HOME_LIMIT = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The most recent inspections of the organisations this person may see."""
    visible = organizations_visible_to(user=request.user)
    inspections = inspection_list().filter(organization__in=visible)[:HOME_LIMIT]
    return render(request, "zicha/home.html", {"inspections": inspections})
