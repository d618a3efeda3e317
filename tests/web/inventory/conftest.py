"""Fixtures for the inventory views: one person per role, a second organization."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zicha.web.accounts.choices import Role

from .support import make_user


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def other_organization(db: Any) -> Any:
    from zicha.web.inventory.services import organization_get_or_create

    return organization_get_or_create(name="另一医院", code="other-hospital")


@pytest.fixture
def department(organization: Any) -> Any:
    from zicha.web.inventory.services import department_get_or_create

    return department_get_or_create(organization=organization, name="检验科")


@pytest.fixture
def people(organization: Any, other_organization: Any, department: Any) -> dict[str, Any]:
    """Every role of the test organization, plus an inspector of the other one."""
    return {
        "admin": make_user("admin", role=Role.ADMIN, organization=organization),
        "inspector": make_user("inspector", role=Role.INSPECTOR, organization=organization),
        "department_head": make_user("head", role=Role.DEPARTMENT_HEAD,
                                     organization=organization, department=department),
        "leadership": make_user("leader", role=Role.LEADERSHIP, organization=organization),
        "district_auditor": make_user("auditor", role=Role.DISTRICT_AUDITOR,
                                      supervised=[organization, other_organization]),
        "other_inspector": make_user("other", role=Role.INSPECTOR,
                                     organization=other_organization),
    }


@pytest.fixture
def login(people: dict[str, Any]) -> Any:
    """``login("inspector")`` → a test client logged in as that person."""

    def _login(who: str) -> Client:
        client = Client()
        client.force_login(people[who])
        return client

    return _login
