"""The lab hospital's IP/asset register: what the hospital says it has.

The unregistered PC (127.20.10.99) is deliberately missing, so an inspection
that compares the scan with the register has something to find.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from zicha.lab.hospital import HOSPITAL, Hospital

__all__ = ["REGISTER_FILE_NAME", "register_document", "register_rows", "write_register"]

REGISTER_FILE_NAME = "lab-register.yaml"


def register_rows(hospital: Hospital = HOSPITAL) -> list[dict[str, Any]]:
    """One dict per registered asset, in register order."""
    rows: list[dict[str, Any]] = []
    for h in hospital.hosts:
        if not h.registered:
            continue
        subnet = hospital.subnet_of(h.ip)
        rows.append({
            "name": h.name,
            "ip": h.ip,
            "mac": h.mac,
            "zone": h.zone,
            "subnet": subnet.cidr if subnet else None,
            "role": h.role,
            "platform": h.platform,
            "department": h.department,
            "os": h.os,
            "description": h.description,
            "allowed_tcp": list(h.allowed_tcp),
        })
    return rows


def register_document(hospital: Hospital = HOSPITAL) -> dict[str, Any]:
    return {
        "organization": hospital.name,
        "organization_en": hospital.name_en,
        "zones": [{"key": z.key, "name": z.name, "cidr": z.cidr} for z in hospital.zones],
        "subnets": [{"cidr": s.cidr, "name": s.name, "zone": s.zone, "purpose": s.purpose}
                    for s in hospital.subnets],
        "assets": register_rows(hospital),
    }


def write_register(path: str | Path, hospital: Hospital = HOSPITAL) -> Path:
    """Write the register as YAML (``lab-register.yaml`` when ``path`` is a directory)."""
    target = Path(path)
    if target.is_dir():
        target = target / REGISTER_FILE_NAME
    text = ("# IP/资产登记表 — simulated lab hospital (fictional data)\n"
            + yaml.safe_dump(register_document(hospital), allow_unicode=True,
                             sort_keys=False, width=100))
    target.write_text(text, encoding="utf-8")
    return target
