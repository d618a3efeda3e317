"""Every model of the zicha apps has a working admin: changelist, search, filters, change page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from zicha.web.inventory.models import InformationSystem, Subnet

from .outcomes import full_outcome

APP_LABELS = ("inventory", "inspections", "findings")
MODELS = [m for label in APP_LABELS for m in apps.get_app_config(label).get_models()]


def model_id(model) -> str:
    return model._meta.label_lower


@pytest.fixture
def populated(store, organization):
    """One of everything: a stored inspection plus the inventory rows it does not create."""
    store(full_outcome())
    from zicha.web.inventory.models import Zone
    zone = Zone.objects.get(organization=organization, kind="intranet")
    Subnet.objects.create(zone=zone, cidr="127.20.0.0/16", name="临床内网")
    InformationSystem.objects.create(organization=organization, name="HIS", grade=3,
                                     filing_number="11010000000-00001",
                                     last_assessed=dt.date(2024, 11, 1))
    _console_rows(organization)


def _console_rows(organization):
    """The rows people make in the console: a manual answer, an uploaded bundle, a schedule,
    a comment with an attachment."""
    from zicha.web.findings.models import Finding, FindingAttachment, FindingComment
    from zicha.web.inspections.models import (
        BundleUpload,
        CheckResult,
        InspectionSchedule,
        ManualAnswer,
    )

    result = CheckResult.objects.filter(status="manual").order_by("pk").first()
    ManualAnswer.objects.create(result=result, answer="passed", note="127.20 机房巡检")
    BundleUpload.objects.create(organization=organization, name="127.20.1.10.bundle",
                                file="bundles/1/x.bundle", sha256="0" * 64, size=1)
    InspectionSchedule.objects.create(organization=organization, name="每周 127.20",
                                      weekday=0, time=dt.time(2, 0))
    finding = Finding.objects.order_by("pk").first()
    comment = FindingComment.objects.create(finding=finding, body="已整改 127.20.1.10")
    FindingAttachment.objects.create(finding=finding, comment=comment, name="photo.jpg",
                                     file="evidence/1/x", content_type="image/jpeg", size=1,
                                     sha256="0" * 64)


def test_every_model_is_registered():
    assert {model_id(m) for m in MODELS} - {model_id(m) for m in admin.site._registry} == set()
    assert len(MODELS) == 16


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_changelist_renders(admin_client, populated, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() > 0
    assert admin_client.get(url, {"q": "127.20"}).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_change_page_renders(admin_client, populated, model):
    obj = model.objects.order_by("pk").first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_every_list_filter_works(admin_client, populated, model):
    model_admin = admin.site._registry[model]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client.get(url)
    for spec in response.context["cl"].filter_specs:
        for choice in list(spec.choices(response.context["cl"]))[1:2]:   # first real choice
            assert admin_client.get(url + choice["query_string"]).status_code == 200, \
                (model_admin, choice)


def test_admin_speaks_chinese(admin_client, populated):
    response = admin_client.get(reverse("admin:inventory_asset_changelist"))
    assert "资产" in response.content.decode()
