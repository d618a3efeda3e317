"""The organisation's IP/asset register (资产台账 / IP 地址登记表) as a YAML file.

Format::

    organization: 演示人民医院
    zones:
      - {key: intranet, name: 内网, cidr: 127.20.0.0/16}
    subnets: [...]                      # optional, informational
    assets:
      - name: HIS-APP-01
        ip: 127.20.1.10
        mac: 02:00:7f:14:01:0a
        zone: intranet                  # intranet | extranet | dmz
        role: server
        platform: linux
        department: 信息科
        allowed_tcp: [22, 8080]         # optional: ports this asset may expose
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zicha.domain.errors import CheckDefinitionError, Location, ZichaError
from zicha.rules.schema import PLATFORMS, ROLES, ZONES
from zicha.rules.yamlsrc import load_yaml

__all__ = ["Register", "RegisterAsset", "load_register", "parse_register"]

ASSET_KEYS = {"name", "ip", "mac", "zone", "role", "platform", "department", "allowed_tcp",
              "subnet", "os", "description", "owner"}
MAX_ASSETS = 100_000


@dataclass(frozen=True, slots=True)
class RegisterAsset:
    name: str
    ip: str | None
    mac: str | None
    zone: str
    role: str
    platform: str
    department: str | None = None
    allowed_tcp: tuple[int, ...] | None = None
    os: str | None = None


@dataclass
class Register:
    organization: str
    zones: dict[str, list[ipaddress.IPv4Network]] = field(default_factory=dict)
    assets: list[RegisterAsset] = field(default_factory=list)
    source: str = ""

    def by_ip(self) -> dict[str, RegisterAsset]:
        return {a.ip: a for a in self.assets if a.ip}

    def zone_of(self, ip: str) -> str | None:
        addr = ipaddress.ip_address(ip)
        for zone, nets in self.zones.items():
            if any(addr in net for net in nets):
                return zone
        return None


def load_register(path: Path) -> Register:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ZichaError(f"cannot read register {path}: {exc}", code="register-unreadable",
                         location=Location(file=str(path))) from exc
    return parse_register(text, file=str(path))


def parse_register(text: str, *, file: str) -> Register:
    src = load_yaml(text, file=file)
    data = src.data
    problems: list[tuple[Location, str]] = []
    if not isinstance(data, dict) or not data.get("organization"):
        raise CheckDefinitionError([(src.loc(()), "a register needs 'organization' and 'assets'")])
    reg = Register(organization=str(data["organization"]), source=file)
    for i, zone in enumerate(data.get("zones") or []):
        if not isinstance(zone, dict) or zone.get("key") not in ZONES:
            problems.append((src.loc(("zones", i)), f"zone key must be one of {list(ZONES)}"))
            continue
        try:
            net = ipaddress.ip_network(str(zone.get("cidr")), strict=False)
        except ValueError:
            problems.append((src.loc(("zones", i, "cidr")), f"bad CIDR {zone.get('cidr')!r}"))
            continue
        reg.zones.setdefault(zone["key"], []).append(net)  # type: ignore[arg-type]
    assets = data.get("assets") or []
    if not isinstance(assets, list):
        problems.append((src.loc(("assets",)), "'assets' must be a list"))
        assets = []
    if len(assets) > MAX_ASSETS:
        problems.append((src.loc(("assets",)), f"more than {MAX_ASSETS} assets"))
        assets = []
    seen_ip: dict[str, int] = {}
    for i, row in enumerate(assets):
        asset = _asset(row, ("assets", i), src, problems)
        if asset is None:
            continue
        if asset.ip and asset.ip in seen_ip:
            problems.append((src.loc(("assets", i, "ip")),
                             f"IP {asset.ip} already registered at line {seen_ip[asset.ip]}"))
            continue
        if asset.ip:
            seen_ip[asset.ip] = src.line(("assets", i)) or 0
        reg.assets.append(asset)
    if problems:
        raise CheckDefinitionError(problems)
    return reg


def _asset(row: Any, path: tuple, src: Any, problems: list) -> RegisterAsset | None:
    if not isinstance(row, dict) or not row.get("name"):
        problems.append((src.loc(path), "each asset needs a 'name'"))
        return None
    for key in sorted(set(row) - ASSET_KEYS):
        problems.append((src.loc((*path, key)), f"unknown field '{key}'"))
    ip = row.get("ip")
    if ip is not None:
        try:
            ip = str(ipaddress.ip_address(str(ip)))
        except ValueError:
            problems.append((src.loc((*path, "ip")), f"bad IP address {ip!r}"))
            return None
    checks = (("zone", ZONES, "intranet"), ("role", ROLES, "other"), ("platform", PLATFORMS, "other"))
    values = {}
    for key, allowed, default in checks:
        value = row.get(key, default)
        if value not in allowed:
            problems.append((src.loc((*path, key)), f"{key} must be one of {list(allowed)}"))
            return None
        values[key] = value
    allowed_tcp = row.get("allowed_tcp")
    if allowed_tcp is not None:
        if not isinstance(allowed_tcp, list) or not all(
                isinstance(p, int) and 0 < p < 65536 for p in allowed_tcp):
            problems.append((src.loc((*path, "allowed_tcp")), "allowed_tcp must list port numbers"))
            return None
        allowed_tcp = tuple(allowed_tcp)
    mac = row.get("mac")
    return RegisterAsset(name=str(row["name"]), ip=ip, mac=str(mac).lower() if mac else None,
                         department=row.get("department"), allowed_tcp=allowed_tcp,
                         os=row.get("os"), **values)
