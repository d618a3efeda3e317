"""Inventory services are idempotent get-or-create helpers."""

from __future__ import annotations

import pytest

from zicha.web.inspections import services as inspection_services
from zicha.web.inventory.models import Organization, Zone
from zicha.web.inventory.services import (
    department_get_or_create,
    organization_get_or_create,
    zone_get_or_create,
)


def test_organization_by_code_keeps_its_name(db):
    first = organization_get_or_create(name="示例医院", code="demo")
    again = organization_get_or_create(name="改名", code="demo")
    assert again.pk == first.pk and again.name == "示例医院"
    assert Organization.objects.count() == 1


def test_zone_by_kind_reuses_the_first_of_that_kind(organization):
    named = zone_get_or_create(organization=organization, kind="intranet", name="临床内网")
    assert zone_get_or_create(organization=organization, kind="intranet") == named
    dmz = zone_get_or_create(organization=organization, kind="dmz")
    assert dmz.name == "dmz" and Zone.objects.count() == 2
    with pytest.raises(ValueError):
        zone_get_or_create(organization=organization, kind="guest")


def test_department_get_or_create(organization):
    a = department_get_or_create(organization=organization, name="信息科")
    assert department_get_or_create(organization=organization, name="信息科") == a


def test_store_module_offers_the_helpers_too():
    assert inspection_services.organization_get_or_create is organization_get_or_create
    assert inspection_services.zone_get_or_create is zone_get_or_create
