"""AssetBook: which assets an inspection saw, and the facts gathered for each.

Assets come from the register, from the scan (live hosts, registered or not)
and from bundles (matched by MAC, then IP, then host name; unmatched bundles
create an unregistered asset).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zicha.domain.errors import ZichaError
from zicha.domain.facts import FactSet
from zicha.domain.inspection import AssetRecord, SourceProblem
from zicha.engine.bundles import BundleInput
from zicha.engine.register import Register
from zicha.parsers.facts import bundle_facts, bundle_identity

__all__ = ["AssetBook"]


class AssetBook:
    def __init__(self, register: Register | None) -> None:
        self.register = register
        self._records: dict[str, dict[str, Any]] = {}
        self.facts: dict[str, FactSet] = {}
        self.problems: list[SourceProblem] = []
        self._by_ip: dict[str, str] = {}
        self._by_mac: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        for asset in register.assets if register else ():
            key = self._new(name=asset.name, ip=asset.ip, mac=asset.mac, zone=asset.zone,
                            role=asset.role, platform=asset.platform,
                            department=asset.department, registered=True, source="register")
            info: dict[str, Any] = {"name": asset.name, "registered": True, "zone": asset.zone,
                                    "role": asset.role, "department": asset.department,
                                    "os": asset.os}
            if asset.allowed_tcp is not None:
                info["allowed_tcp"] = list(asset.allowed_tcp)
            self.facts[key].set("asset", info)

    # ------------------------------------------------------------------ records
    def _new(self, *, name: str, ip: str | None, mac: str | None, zone: str, role: str,
             platform: str, department: str | None, registered: bool, source: str) -> str:
        key = f"ip:{ip}" if ip else f"host:{name.lower()}"
        self._records[key] = {"key": key, "name": name, "ip": ip, "mac": mac, "zone": zone,
                              "role": role, "platform": platform, "department": department,
                              "registered": registered, "sources": [source]}
        self.facts[key] = FactSet()
        if ip:
            self._by_ip[ip] = key
        if mac:
            self._by_mac[mac.lower()] = key
        self._by_name[name.lower()] = key
        return key

    def records(self) -> list[AssetRecord]:
        return [AssetRecord(**{**r, "sources": tuple(r["sources"])})
                for r in self._records.values()]

    def _zone_for(self, ip: str | None, default: str = "intranet") -> str:
        if ip and self.register:
            return self.register.zone_of(ip) or default
        return default

    # ------------------------------------------------------------------ scan
    def add_scan(self, report: Any, *, targets: list[Any], vantage: str,
                 live_requires_open: bool = False) -> None:
        """Record what the scan saw: every target host gets a ``scan`` namespace."""
        answered = set(report.hosts_up)
        # a host not in the register counts as discovered only when a port is open if
        # ``live_requires_open`` (loopback answers RST for every address)
        discovered = set(report.open_by_host) if live_requires_open else answered
        open_by_host = report.open_by_host
        for addr in targets:
            ip = str(addr)
            key = self._by_ip.get(ip)
            if ip not in (answered if key else discovered):
                if key:   # registered but silent: powered off or filtered; nothing to judge
                    self.facts[key].set("scan", {"scanned": False, "reason": "no-answer",
                                                 "vantage": vantage})
                continue
            if key is None:
                key = self._new(name=ip, ip=ip, mac=None, zone=self._zone_for(ip), role="other",
                                platform="other", department=None, registered=False,
                                source="scan")
                self.facts[key].set("asset", {"name": ip, "registered": False})
            else:
                self._records[key]["sources"].append("scan")
            self.facts[key].set("scan", {"scanned": True, "vantage": vantage,
                                         "open_tcp": sorted(open_by_host.get(ip, []))})

    # ------------------------------------------------------------------ bundles
    def add_bundle(self, item: BundleInput, *, today: dt.date,
                   default_zone: str | None = None) -> None:
        bundle = item.bundle
        try:
            facts = bundle_facts(bundle, today=today)
            ident = bundle_identity(bundle)
        except ZichaError as exc:
            self.problems.append(SourceProblem(source=item.source, code=exc.code,
                                               message=exc.message,
                                               line=exc.location.line if exc.location else None))
            return
        key = self._match(ident)
        if key is None:
            ips = ident.get("ipv4") or []
            ip = next((a for a in ips if self._zone_for(a, "") != ""), ips[0] if ips else None)
            name = ident.get("hostname") or bundle.hostname or item.source
            key = self._new(name=name, ip=None if item.source == "local" else ip,
                            mac=(ident.get("macs") or [None])[0],
                            zone=default_zone or self._zone_for(ip), role=_role(bundle, facts),
                            platform=bundle.platform, department=None,
                            registered=item.source == "local", source=f"bundle:{bundle.sha256}")
            self.facts[key].set("asset", {"name": name,
                                          "registered": self._records[key]["registered"]})
            if item.source == "local":
                self._records[key]["sources"] = ["local"]
        else:
            record = self._records[key]
            record["sources"].append(f"bundle:{bundle.sha256}")
            if record["platform"] == "other":
                record["platform"] = bundle.platform
        self.facts[key].merge(facts)

    def _match(self, ident: dict[str, Any]) -> str | None:
        for mac in ident.get("macs") or []:
            if mac and mac.lower() in self._by_mac:
                return self._by_mac[mac.lower()]
        for ip in ident.get("ipv4") or []:
            if ip in self._by_ip:
                return self._by_ip[ip]
        name = (ident.get("hostname") or "").lower()
        return self._by_name.get(name) if name else None


def _role(bundle: Any, facts: FactSet) -> str:
    role = bundle.header.get("role", "")
    if role in ("server", "workstation"):
        return role
    os_facts = facts.get("os") or {}
    if bundle.platform == "linux" or os_facts.get("server"):
        return "server"
    return "workstation"
