"""Response shapes of the API (OpenAPI components)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

__all__ = ["AssetOut", "BundleError", "BundleOut", "FindingOut", "InspectionOut", "ResultOut"]


class AssetOut(Schema):
    id: int
    name: str
    ip: str | None
    mac: str
    platform: str
    role: str
    zone: str | None
    zone_kind: str | None
    department: str | None
    registered: bool
    owner: str
    vendor: str
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None

    @staticmethod
    def resolve_zone(obj: Any) -> str | None:
        return obj.zone.name if obj.zone_id else None

    @staticmethod
    def resolve_zone_kind(obj: Any) -> str | None:
        return obj.zone.kind if obj.zone_id else None

    @staticmethod
    def resolve_department(obj: Any) -> str | None:
        return obj.department.name if obj.department_id else None


class InspectionOut(Schema):
    id: int
    status: str
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    summary: dict[str, Any]


class ResultOut(Schema):
    id: int
    asset_id: int | None
    asset_name: str | None
    asset_ip: str | None
    check_id: str
    check_version: int
    area: str
    status: str
    severity: str
    reason: str
    evidence: list[Any]

    @staticmethod
    def resolve_asset_name(obj: Any) -> str | None:
        return obj.asset.name if obj.asset_id else None

    @staticmethod
    def resolve_asset_ip(obj: Any) -> str | None:
        return obj.asset.ip if obj.asset_id else None

    @staticmethod
    def resolve_check_id(obj: Any) -> str:
        return obj.check_definition.check_id

    @staticmethod
    def resolve_check_version(obj: Any) -> int:
        return obj.check_definition.version

    @staticmethod
    def resolve_area(obj: Any) -> str:
        return obj.check_definition.area


class FindingOut(Schema):
    id: int
    asset_id: int | None
    asset_name: str | None
    asset_ip: str | None
    check_id: str
    status: str
    severity: str
    department: str | None
    owner: str
    due_date: dt.date | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    first_seen_inspection_id: int
    last_seen_inspection_id: int

    @staticmethod
    def resolve_asset_name(obj: Any) -> str | None:
        return obj.asset.name if obj.asset_id else None

    @staticmethod
    def resolve_asset_ip(obj: Any) -> str | None:
        return obj.asset.ip if obj.asset_id else None

    @staticmethod
    def resolve_department(obj: Any) -> str | None:
        return obj.department.name if obj.department_id else None


class BundleOut(Schema):
    status: str                     # "received" | "already received"
    sha256: str
    size: int
    hostname: str
    platform: str
    upload_id: int | None


class BundleError(Schema):
    code: str
    line: int | None
    message: str
