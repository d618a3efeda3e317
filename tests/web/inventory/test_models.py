"""Inventory invariants held by the database and by clean()."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zicha.web.inventory.models import Asset, InformationSystem, Subnet, Zone


def test_address_unique_per_organization_but_many_assets_without_one(organization):
    Asset.objects.create(organization=organization, name="a", ip="127.20.1.1")
    Asset.objects.create(organization=organization, name="no-ip-1")
    Asset.objects.create(organization=organization, name="no-ip-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.create(organization=organization, name="b", ip="127.20.1.1")


def test_same_address_in_another_organization(organization):
    from zicha.web.inventory.services import organization_get_or_create

    other = organization_get_or_create(name="另一家医院", code="other")
    Asset.objects.create(organization=organization, name="a", ip="127.20.1.1")
    Asset.objects.create(organization=other, name="a", ip="127.20.1.1")


def test_grade_is_one_to_four(organization):
    with pytest.raises(IntegrityError), transaction.atomic():
        InformationSystem.objects.create(organization=organization, name="X", grade=5)


def test_subnet_clean_normalises_cidr(organization):
    zone = Zone.objects.create(organization=organization, kind="intranet", name="内网")
    subnet = Subnet(zone=zone, cidr="127.20.1.7/16")
    subnet.full_clean()
    assert subnet.cidr == "127.20.0.0/16"
    with pytest.raises(ValidationError):
        Subnet(zone=zone, cidr="not-a-net").full_clean()


def test_choices_store_english_values_and_show_chinese_labels(organization):
    asset = Asset.objects.create(organization=organization, name="s", platform="network_device",
                                 role="switch")
    assert asset.platform == "network_device"
    assert str(asset.get_platform_display()) == "网络设备"
    assert str(asset.get_role_display()) == "交换机"
