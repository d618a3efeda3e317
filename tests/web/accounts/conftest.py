from __future__ import annotations

from typing import Any

import pytest

from zicha.web.accounts.choices import Role

from .support import apply_target_settings, make_user


@pytest.fixture(autouse=True)
def target_settings(settings: Any) -> None:
    apply_target_settings(settings)


@pytest.fixture
def other_organization(db: Any) -> Any:
    from zicha.web.inventory.services import organization_get_or_create

    return organization_get_or_create(name="另一医院", code="other-hospital")


@pytest.fixture
def department(organization: Any) -> Any:
    from zicha.web.inventory.services import department_get_or_create

    return department_get_or_create(organization=organization, name="信息科")


@pytest.fixture
def admin(organization: Any) -> Any:
    return make_user("wang.admin", role=Role.ADMIN, organization=organization)


@pytest.fixture
def inspector(organization: Any) -> Any:
    return make_user("li.inspector", role=Role.INSPECTOR, organization=organization)


@pytest.fixture
def superuser(db: Any) -> Any:
    return make_user("root", role=Role.ADMIN, superuser=True)
