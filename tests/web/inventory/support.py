"""Helpers for the inventory, dashboard and API tests: people of every role, workbooks."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from zicha.web.accounts.choices import Role

HEADERS = ("资产名称", "IP地址", "MAC地址", "区域", "角色", "平台", "科室", "责任人", "厂商", "备注")


def make_user(username: str, *, role: str = Role.INSPECTOR, organization: Any = None,
              department: Any = None, superuser: bool = False,
              supervised: Iterable[Any] = ()) -> Any:
    """A person who has changed the first password (so no middleware sends them away)."""
    from zicha.web.accounts.models import User

    user = User(username=username, role=role, organization=organization, department=department,
                must_change_password=False, is_superuser=superuser, is_staff=superuser,
                password_changed_at=timezone.now() - dt.timedelta(days=1))
    user.set_unusable_password()
    user.save()
    if supervised:
        user.supervised_organizations.set(list(supervised))
    return user


def workbook(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS) -> bytes:
    """An .xlsx with ``headers`` on row 1 and ``rows`` below."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_workbook(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
