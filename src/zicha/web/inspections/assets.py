"""Matching an outcome's assets to the inventory, in bulk.

An :class:`AssetRecord` with an address is matched by ``(organization, ip)``;
failing that, an address-less asset of the same name adopts the address. A
record without an address is matched by name. What is not matched is created,
with ``registered`` as the engines saw it (``False`` for devices a scan found
outside the IP register). Matched assets get platform, role, zone and
``last_seen`` updated; an uninformative ``other`` never overwrites a known
platform or role.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections import Counter
from collections.abc import Iterable, Mapping

from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from zicha.domain.inspection import AssetRecord
from zicha.web.core.batching import WRITE_BATCH, chunks
from zicha.web.inspections.errors import InspectionStoreError
from zicha.web.inventory.choices import AssetPlatform, AssetRole, ZoneKind
from zicha.web.inventory.models import Asset, Department, Organization, Zone
from zicha.web.inventory.services import zone_get_or_create

__all__ = ["ORG_KEY", "AssetIndex", "assets_upsert"]

#: the asset key engines use for organization-wide results and facts
ORG_KEY = "org"
_UPDATED_FIELDS = ("name", "ip", "mac", "platform", "role", "zone", "department", "registered",
                   "first_seen", "last_seen", "updated_at")


class AssetIndex:
    """The stored asset of each record key of one outcome (names work as keys when unique)."""

    def __init__(self, by_key: Mapping[str, Asset], names: Mapping[str, str]) -> None:
        self._by_key = dict(by_key)
        self._by_name = {name: self._by_key[key] for name, key in names.items()}
        distinct = {a.pk: a for a in self._by_key.values()}
        self.count = len(distinct)
        self.unregistered = sum(1 for a in distinct.values() if not a.registered)

    def resolve(self, key: str) -> Asset:
        asset = self._by_key.get(key) or self._by_name.get(key)
        if asset is None:
            raise InspectionStoreError(f"the outcome does not describe asset {key!r}",
                                       code="outcome-asset-unknown")
        return asset

    def __len__(self) -> int:
        return len(self._by_key)


def assets_upsert(*, organization: Organization, records: Iterable[AssetRecord],
                  seen_at: dt.datetime) -> AssetIndex:
    """Create or update the assets of ``records``; run inside the caller's transaction."""
    records = [r for r in records if r.key != ORG_KEY]
    duplicates = [key for key, n in Counter(r.key for r in records).items() if n > 1]
    if duplicates:
        raise InspectionStoreError(f"asset keys described twice: {sorted(duplicates)}",
                                   code="outcome-asset-duplicate")
    ips = {r.key: _normalize_ip(r.ip, r.key) for r in records if r.ip}
    zones = _zones(organization, {r.zone for r in records if r.zone})
    departments = _departments(organization, {r.department for r in records if r.department})
    by_ip, by_name = _existing(organization, set(ips.values()), {r.name for r in records})

    out: dict[str, Asset] = {}
    new: list[Asset] = []
    changed: dict[int, Asset] = {}
    for r in records:
        ip = ips.get(r.key)
        asset = by_ip.get(ip) if ip else by_name.get(r.name)
        if asset is None and ip:
            candidate = by_name.get(r.name)
            if candidate is not None and candidate.ip is None:   # known by name only: adopt
                asset = candidate
                asset.ip = ip
                by_ip[ip] = asset
        if asset is None:
            asset = Asset(organization=organization, name=r.name, ip=ip, mac=r.mac or "",
                          platform=_choice(r.platform, AssetPlatform),
                          role=_choice(r.role, AssetRole), registered=r.registered,
                          zone=zones.get(r.zone), department=departments.get(r.department or ""),
                          first_seen=seen_at, last_seen=seen_at)
            new.append(asset)
            if ip:
                by_ip[ip] = asset
            by_name.setdefault(r.name, asset)
        else:
            _update(asset, r, zone=zones.get(r.zone),
                    department=departments.get(r.department or ""), seen_at=seen_at)
            if asset.pk is not None:
                changed[asset.pk] = asset
        out[r.key] = asset

    Asset.objects.bulk_create(new, batch_size=WRITE_BATCH)
    if any(a.pk is None for a in new):    # backends that cannot return ids from bulk inserts
        _reload_ids(organization, new)
    Asset.objects.bulk_update(changed.values(), _UPDATED_FIELDS, batch_size=WRITE_BATCH)
    names = Counter(r.name for r in records)
    return AssetIndex(out, {r.name: r.key for r in records if names[r.name] == 1})


def _update(asset: Asset, r: AssetRecord, *, zone: Zone | None, department: Department | None,
            seen_at: dt.datetime) -> None:
    if r.platform in AssetPlatform.values and r.platform != AssetPlatform.OTHER:
        asset.platform = r.platform
    if r.role in AssetRole.values and r.role != AssetRole.OTHER:
        asset.role = r.role
    if zone is not None:
        asset.zone = zone
    if department is not None:
        asset.department = department
    if r.mac:
        asset.mac = r.mac
    if asset.ip and asset.name == asset.ip and r.name != asset.ip:   # a scan's placeholder name
        asset.name = r.name
    asset.registered = asset.registered or r.registered
    asset.first_seen = asset.first_seen or seen_at
    asset.last_seen = seen_at
    asset.updated_at = timezone.now()   # bulk_update does not apply auto_now


def _existing(organization: Organization, ips: set[str],
              names: set[str]) -> tuple[dict[str, Asset], dict[str, Asset]]:
    loaded: dict[int, Asset] = {}      # one instance per row, whichever way it was found
    by_ip: dict[str, Asset] = {}
    for batch in chunks(sorted(ips)):
        for asset in Asset.objects.filter(organization=organization, ip__in=batch):
            loaded[asset.pk] = asset
            by_ip[_normalize_ip(asset.ip, str(asset.pk))] = asset
    by_name: dict[str, Asset] = {}
    for batch in chunks(sorted(names)):
        for row in Asset.objects.filter(organization=organization, name__in=batch).order_by("pk"):
            asset = loaded.setdefault(row.pk, row)
            current = by_name.get(asset.name)
            if current is None or (current.ip is not None and asset.ip is None):
                by_name[asset.name] = asset
    return by_ip, by_name


def _zones(organization: Organization, kinds: set[str]) -> dict[str, Zone]:
    unknown = sorted(kinds - set(ZoneKind.values))
    if unknown:
        raise InspectionStoreError(f"unknown zone kinds {unknown}; one of {ZoneKind.values}",
                                   code="outcome-zone-unknown")
    return {kind: zone_get_or_create(organization=organization, kind=kind) for kind in sorted(kinds)}


def _departments(organization: Organization, names: set[str]) -> dict[str, Department]:
    if not names:
        return {}

    def load() -> dict[str, Department]:
        found: dict[str, Department] = {}
        for batch in chunks(sorted(names)):
            found.update((d.name, d) for d in
                         Department.objects.filter(organization=organization, name__in=batch))
        return found

    found = load()
    missing = [Department(organization=organization, name=n) for n in sorted(names - set(found))]
    if missing:
        Department.objects.bulk_create(missing, batch_size=WRITE_BATCH, ignore_conflicts=True)
        found = load()
    return found


def _reload_ids(organization: Organization, new: list[Asset]) -> None:
    stored = {(a.ip, a.name): a.pk for a in Asset.objects.filter(
        organization=organization, created_at__gte=min(a.created_at for a in new))}
    for asset in new:
        asset.pk = stored[(asset.ip, asset.name)]


def _choice(value: str, choices: type[AssetPlatform] | type[AssetRole]) -> str:
    return value if value in choices.values else "other"


def _normalize_ip(value: str | None, key: str) -> str:
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        raise InspectionStoreError(f"asset {key!r} has an invalid IP address {value!r}",
                                   code="outcome-ip-invalid") from None
    return clean_ipv6_address(str(address)) if address.version == 6 else str(address)
