"""Importing the asset register from Excel: validate every row, then store all or nothing.

Rules (also shown on the import page):

* the first row holds the headers (资产名称 required; IP地址, MAC地址, 区域, 角色,
  平台, 科室, 责任人, 厂商, 备注 optional, in any order; other columns are ignored);
* a row is matched to a stored asset by IP address, else by name (an asset without
  an address adopts the row's address) — importing the same file twice changes nothing;
* an empty cell leaves the stored value as it is (new assets get the defaults);
* 区域 is a zone's name or a zone kind (内网 / 外网 / DMZ); 科室 names a department,
  created if missing; 角色 and 平台 take the values or labels shown in the console;
* every imported asset is entered in the IP register (``registered``);
* any error in any row → nothing is stored, and every error is reported with its
  row number and column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicha.web.audit.services import audit_record
from zicha.web.core.batching import WRITE_BATCH
from zicha.web.inventory.choices import AssetPlatform, AssetRole, ZoneKind
from zicha.web.inventory.excel import SheetData, read_asset_sheet
from zicha.web.inventory.models import Asset, Department, Organization, Zone
from zicha.web.inventory.normalize import normalize_ip, normalize_mac
from zicha.web.inventory.services import zone_get_or_create

__all__ = ["AssetImportError", "ImportResult", "RowError", "assets_import", "assets_import_file"]

_LIMITS = {"name": 200, "owner": 100, "vendor": 200, "mac": 32, "zone": 200, "department": 200}
_UPDATABLE = ("name", "ip", "mac", "platform", "role", "zone", "department", "owner", "vendor",
              "notes", "registered")


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (None for the file), the column header, a message
    (translated when shown, in the language then active)."""

    row: int | None
    column: str | None
    message: Any
    params: dict[str, Any] | None = None

    @property
    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)

    def __str__(self) -> str:
        if self.row is None:
            return self.text
        return _("Row %(row)s %(column)s: %(message)s") % {
            "row": self.row, "column": self.column or "", "message": self.text}


class AssetImportError(Exception):
    """The import was refused; ``errors`` lists every problem found. Nothing was stored."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    departments_created: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Row:
    number: int
    values: dict[str, Any]


def _choice_lookup(choices: Any) -> dict[str, str]:
    """value, Chinese label and English label (case-folded) → stable value."""
    out: dict[str, str] = {}
    for value, label in choices.choices:
        out[value.casefold()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                out[str(label).casefold()] = value
    return out


class _Validator:
    def __init__(self, organization: Organization, headers: dict[str, str]) -> None:
        self.organization = organization
        self.headers = headers
        self.errors: list[RowError] = []
        self.roles = _choice_lookup(AssetRole)
        self.platforms = _choice_lookup(AssetPlatform)
        self.zone_kinds = _choice_lookup(ZoneKind)
        self.zones = {z.name.casefold(): z for z in Zone.objects.filter(organization=organization)}
        self.departments = {d.name: d for d in
                            Department.objects.filter(organization=organization)}
        self.seen_ips: dict[str, int] = {}
        self.seen_names: dict[str, int] = {}

    def error(self, number: int, key: str, message: Any, **params: Any) -> None:
        self.errors.append(RowError(number, self.headers.get(key, key), message,
                                    params or None))

    def row(self, number: int, record: dict[str, str]) -> _Row:
        values: dict[str, Any] = {}
        for key, text in record.items():
            limit = _LIMITS.get(key)
            if limit and len(text) > limit:
                self.error(number, key, gettext_lazy("Longer than %(limit)s characters."),
                           limit=limit)
                continue
            if text:
                values[key] = text
        if not record.get("name"):
            self.error(number, "name", gettext_lazy("The asset name is required."))
        if "ip" in values:
            values["ip"] = self._ip(number, values["ip"])
        if "mac" in values:
            values["mac"] = self._mac(number, values["mac"])
        for key, lookup, message in (
                ("role", self.roles,
                 gettext_lazy("Unknown role %(value)s; use one of: %(choices)s.")),
                ("platform", self.platforms,
                 gettext_lazy("Unknown platform %(value)s; use one of: %(choices)s."))):
            if key in values:
                found = lookup.get(values[key].casefold())
                if found is None:
                    choices = AssetRole if key == "role" else AssetPlatform
                    self.error(number, key, message, value=values[key],
                               choices=", ".join(str(c.label) for c in choices))
                values[key] = found
        if "zone" in values:
            values["zone"] = self._zone(number, values["zone"])
        self._duplicates(number, values)
        return _Row(number, values)

    def _ip(self, number: int, text: str) -> str | None:
        ip = normalize_ip(text)
        if ip is None:
            self.error(number, "ip", gettext_lazy("Not a valid IP address."))
        return ip

    def _mac(self, number: int, text: str) -> str | None:
        mac = normalize_mac(text)
        if mac is None:
            self.error(number, "mac", gettext_lazy("Not a valid MAC address."))
        return mac

    def _zone(self, number: int, text: str) -> Any:
        zone = self.zones.get(text.casefold())
        if zone is not None:
            return zone
        kind = self.zone_kinds.get(text.casefold())
        if kind is not None:
            return ("kind", kind)            # resolved when storing
        self.error(number, "zone", gettext_lazy("Unknown zone %(value)s: use a zone's name or "
                                                "Intranet / Extranet / DMZ."), value=text)
        return None

    def _duplicates(self, number: int, values: dict[str, Any]) -> None:
        ip = values.get("ip")
        if ip:
            first = self.seen_ips.setdefault(ip, number)
            if first != number:
                self.error(number, "ip", gettext_lazy("The same address is on row %(row)s."),
                           row=first)
        elif values.get("name") and "ip" not in values:
            first = self.seen_names.setdefault(values["name"], number)
            if first != number:
                self.error(number, "name", gettext_lazy(
                    "The same name without an address is on row %(row)s."), row=first)


def assets_import_file(*, actor: Any, organization: Organization, data: bytes,
                       filename: str = "") -> ImportResult:
    """Read, validate and store a workbook. Raises :class:`AssetImportError` (nothing stored)."""
    from zicha.web.inventory.excel import WorkbookError

    try:
        sheet = read_asset_sheet(data)
    except WorkbookError as exc:
        raise AssetImportError([RowError(None, None, exc.message)]) from None
    return assets_import(actor=actor, organization=organization, sheet=sheet,
                         filename=filename, sha256=hashlib.sha256(data).hexdigest())


def assets_import(*, actor: Any, organization: Organization, sheet: SheetData,
                  filename: str = "", sha256: str = "") -> ImportResult:
    """Validate every row of ``sheet``, then upsert all of them in one audited transaction."""
    validator = _Validator(organization, sheet.headers)
    rows = [validator.row(number, record) for number, record in sheet.rows]
    if not rows and not validator.errors:
        validator.errors.append(RowError(None, None,
                                         gettext_lazy("The worksheet has no data rows.")))
    with transaction.atomic():
        existing = list(Asset.objects.filter(organization=organization).select_related(
            "zone", "department"))
        plan = _match(rows, existing, validator) if not validator.errors else []
        if validator.errors:
            raise AssetImportError(validator.errors)
        result = _store(organization, plan, validator)
        result.rows = len(rows)
        audit_record(actor=actor, action="inventory.asset_import", organization=organization,
                     detail={"file": filename, "sha256": sha256, "rows": result.rows,
                             "created": result.created, "updated": result.updated,
                             "unchanged": result.unchanged,
                             "departments_created": result.departments_created,
                             "changes": result.changes})
    return result


def _match(rows: list[_Row], existing: list[Asset],
           validator: _Validator) -> list[tuple[_Row, Asset | None]]:
    by_ip = {a.ip: a for a in existing if a.ip}
    by_name: dict[str, Asset] = {}
    for asset in sorted(existing, key=lambda a: (a.ip is not None, a.pk)):
        by_name.setdefault(asset.name, asset)        # an address-less one first
    plan: list[tuple[_Row, Asset | None]] = []
    claimed: dict[int, int] = {}
    for row in rows:
        ip, name = row.values.get("ip"), row.values.get("name")
        asset = by_ip.get(ip) if ip else by_name.get(name or "")
        if asset is None and ip:
            candidate = by_name.get(name or "")
            if candidate is not None and candidate.ip is None:
                asset = candidate
        if asset is not None:
            first = claimed.setdefault(asset.pk, row.number)
            if first != row.number:
                validator.error(row.number, "name" if not ip else "ip",
                                gettext_lazy("Matches the same asset as row %(row)s."),
                                row=first)
        plan.append((row, asset))
    return plan


def _resolve(values: dict[str, Any], organization: Organization,
             departments: dict[str, Department], zones: dict[str, Zone]) -> dict[str, Any]:
    out = dict(values)
    zone = out.get("zone")
    if isinstance(zone, tuple):
        kind = zone[1]
        if kind not in zones:
            zones[kind] = zone_get_or_create(organization=organization, kind=kind)
        out["zone"] = zones[kind]
    if "department" in out:
        out["department"] = departments[out["department"]]
    out["registered"] = True
    return out


def _audited(asset: Asset, names: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(asset, name)
        out[name] = str(value) if name in ("zone", "department") and value else value
    return out


def _store(organization: Organization, plan: list[tuple[_Row, Asset | None]],
           validator: _Validator) -> ImportResult:
    result = ImportResult()
    departments = dict(validator.departments)
    wanted = sorted({r.values["department"] for r, _a in plan if r.values.get("department")}
                    - set(departments))
    if wanted:
        Department.objects.bulk_create([Department(organization=organization, name=n)
                                        for n in wanted], batch_size=WRITE_BATCH)
        departments = {d.name: d for d in Department.objects.filter(organization=organization)}
        result.departments_created = len(wanted)
    now = timezone.now()
    zones: dict[str, Zone] = {}
    new: list[Asset] = []
    changed: list[Asset] = []
    for row, asset in plan:
        values = _resolve(row.values, organization, departments, zones)
        if asset is None:
            asset = Asset(organization=organization, **values)
            new.append(asset)
            continue
        before = _audited(asset, _UPDATABLE)
        for name, value in values.items():
            setattr(asset, name, value)
        after = _audited(asset, _UPDATABLE)
        diff = [k for k in _UPDATABLE if before[k] != after[k]]
        if diff:
            asset.updated_at = now
            changed.append(asset)
            result.changes.append({"id": asset.pk, "row": row.number,
                                   "before": {k: before[k] for k in diff},
                                   "after": {k: after[k] for k in diff}})
        else:
            result.unchanged += 1
    Asset.objects.bulk_create(new, batch_size=WRITE_BATCH)
    Asset.objects.bulk_update(changed, [*_UPDATABLE, "updated_at"], batch_size=WRITE_BATCH)
    for asset, (row, _a) in zip(new, [p for p in plan if p[1] is None], strict=True):
        result.changes.append({"id": asset.pk, "row": row.number, "before": None,
                               "after": _audited(asset, _UPDATABLE)})
    result.created, result.updated = len(new), len(changed)
    return result
