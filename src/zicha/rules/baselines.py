"""Baselines per zone: which checks apply and with which parameters.

Default baselines ship in ``catalogue/baselines/<zone>.yaml``. A hospital or a
district ships its own directory of baseline files; each is layered on the
default for its zone: ``params`` override per check and key, ``disable`` adds
checks switched off for the zone, ``enable`` switches shipped ones back on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zicha.domain.errors import CheckDefinitionError, Location
from zicha.rules.schema import ZONES, Check
from zicha.rules.yamlsrc import load_yaml

__all__ = ["Baseline", "BaselineSet", "load_baselines"]

TOP_KEYS = {"baseline", "disable", "enable", "params"}


@dataclass
class Baseline:
    zone: str
    name: dict[str, str] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def params_for(self, check_id: str) -> dict[str, Any]:
        return dict(self.params.get(check_id, {}))

    def disabled_reason(self, check_id: str) -> str | None:
        return "baseline-disabled" if check_id in self.disabled else None


@dataclass
class BaselineSet:
    zones: dict[str, Baseline]

    def for_zone(self, zone: str) -> Baseline:
        return self.zones.get(zone) or Baseline(zone=zone)


def load_baselines(dirs: Iterable[Path], *, checks: Mapping[str, Check]) -> BaselineSet:
    """Load baseline files in order (defaults first, overrides after)."""
    problems: list[tuple[Location, str]] = []
    zones: dict[str, Baseline] = {z: Baseline(zone=z) for z in ZONES}
    for base in dirs:
        base = Path(base)
        files = [base] if base.is_file() else sorted(base.glob("*.yaml"))
        if not base.exists():
            problems.append((Location(file=str(base)), "baseline path does not exist"))
        for file in files:
            try:
                src = load_yaml(file.read_text(encoding="utf-8"), file=str(file))
            except CheckDefinitionError as exc:
                problems.extend(exc.problems)
                continue
            data = src.data
            if not isinstance(data, dict) or not isinstance(data.get("baseline"), dict):
                problems.append((src.loc(()), "a baseline file needs a 'baseline' mapping"))
                continue
            for key in sorted(set(data) - TOP_KEYS):
                problems.append((src.loc((key,)), f"unknown field '{key}'"))
            zone = data["baseline"].get("zone")
            if zone not in ZONES:
                problems.append((src.loc(("baseline", "zone")),
                                 f"zone must be one of {list(ZONES)}, not {zone!r}"))
                continue
            target = zones[zone]
            if isinstance(data["baseline"].get("name"), dict):
                target.name = dict(data["baseline"]["name"])
            target.sources.append(str(file))
            for key, adder in (("disable", target.disabled.add),
                               ("enable", target.disabled.discard)):
                for i, cid in enumerate(data.get(key) or []):
                    if cid not in checks:
                        problems.append((src.loc((key, i)), f"unknown check id {cid!r}"))
                    else:
                        adder(cid)
            for cid, overrides in (data.get("params") or {}).items():
                if cid not in checks:
                    problems.append((src.loc(("params", cid)), f"unknown check id {cid!r}"))
                    continue
                if not isinstance(overrides, dict):
                    problems.append((src.loc(("params", cid)), "overrides must be a mapping"))
                    continue
                specs = checks[cid].params
                for pname, value in overrides.items():
                    if pname not in specs:
                        problems.append((src.loc(("params", cid, pname)),
                                         f"check {cid} has no param {pname!r}"))
                        continue
                    if not _compatible(value, specs[pname].type):
                        problems.append((src.loc(("params", cid, pname)),
                                         f"{pname!r} must be of type {specs[pname].type}"))
                        continue
                    target.params.setdefault(cid, {})[pname] = value
    if problems:
        raise CheckDefinitionError(problems)
    return BaselineSet(zones=zones)


def _compatible(value: Any, ptype: str) -> bool:
    if isinstance(value, bool):
        return ptype == "bool"
    return {"int": isinstance(value, int), "float": isinstance(value, (int, float)),
            "str": isinstance(value, str), "list": isinstance(value, list)}.get(ptype, False)
