"""Typed model of a check. The loader builds these from YAML (docs/checks.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zicha.domain.results import Severity

__all__ = [
    "AREAS",
    "PLATFORMS",
    "ROLES",
    "SCOPES",
    "ZONES",
    "AppliesTo",
    "Check",
    "CheckKind",
    "FactRef",
    "Group",
    "ParamRef",
    "ParamSpec",
    "Rule",
    "RuleNode",
]

#: report areas, in the order the 自查报告 presents them
AREAS = (
    "machine_room",     # 机房与服务器
    "network",          # 网络与安全设备
    "workstation",      # 临床内网工作站
    "extranet",         # 外网终端
    "database_account", # 数据库与账号
    "logging",          # 日志
    "emergency",        # 应急响应
    "people",           # 人员与培训
)
ZONES = ("intranet", "extranet", "dmz")
#: "asset": evaluated per asset; "organization": once per inspection (manual items, policies)
SCOPES = ("asset", "organization")
PLATFORMS = ("linux", "windows", "network_device", "printer", "other")
ROLES = ("server", "workstation", "switch", "router", "firewall", "printer", "ups", "other")


class CheckKind(StrEnum):
    AUTO = "auto"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class ParamRef:
    """``value: {param: name}`` — resolved against check defaults and baseline overrides."""

    name: str


@dataclass(frozen=True, slots=True)
class FactRef:
    """``value: {fact: path}`` — compare with another fact of the same asset."""

    path: str


@dataclass(frozen=True, slots=True)
class Rule:
    fact: str
    op: str
    value: Any = None                      # literal, ParamRef or FactRef
    where: tuple[RuleNode, ...] = ()       # for item quantifiers
    default: Any = None                    # substitute for an absent (unset) value
    has_default: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Group:
    condition: str                         # all | any | none
    rules: tuple[RuleNode, ...]
    line: int | None = None


RuleNode = Rule | Group


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    default: Any
    type: str                              # int | float | str | bool | list
    description: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AppliesTo:
    platforms: tuple[str, ...] = ()        # empty: any
    zones: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    version: int
    kind: CheckKind
    area: str
    severity: Severity
    title: dict[str, str]
    rationale: dict[str, str]
    remediation: dict[str, str]
    applies_to: AppliesTo
    params: dict[str, ParamSpec]
    rules: Group | None                    # None for manual checks
    applies_if: Group | None
    refs: tuple[str, ...]
    source_file: str
    question: dict[str, str] = field(default_factory=dict)  # manual: what a person answers
    scope: str = "asset"
    tags: tuple[str, ...] = ()

    def text(self, attr: str, lang: str = "zh-hans") -> str:
        values: dict[str, str] = getattr(self, attr)
        return values.get(lang) or values.get("zh-hans") or values.get("en") or ""

    def param_defaults(self) -> dict[str, Any]:
        return {name: spec.default for name, spec in self.params.items()}
