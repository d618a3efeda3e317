"""Load and validate a directory of checks. Every problem names file, line and field.

The loader reports *all* problems of a directory at once (a check author fixes
them in one pass) and raises :class:`CheckDefinitionError`; it never returns a
partially valid catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zicha.domain.errors import CheckDefinitionError, Location
from zicha.domain.results import Severity
from zicha.rules.frameworks import FrameworkLibrary, load_frameworks
from zicha.rules.operators import (
    ITEM_OPERATORS,
    LIST_VALUE_OPERATORS,
    NO_VALUE_OPERATORS,
    OPERATORS,
)
from zicha.rules.schema import (
    AREAS,
    PLATFORMS,
    ROLES,
    SCOPES,
    ZONES,
    AppliesTo,
    Check,
    CheckKind,
    FactRef,
    Group,
    ParamRef,
    ParamSpec,
    Rule,
    RuleNode,
)
from zicha.rules.yamlsrc import Sourced, load_yaml

__all__ = ["CHECK_ID", "Catalogue", "default_catalogue_dir", "load_catalogue", "load_checks"]

CHECK_ID = re.compile(r"^[A-Z]{2,5}(-[A-Z0-9]{2,8})?-\d{4}$")
LANGS = ("zh-hans", "en")
CONDITIONS = ("all", "any", "none")
PARAM_TYPES: dict[str, type | tuple[type, ...]] = {
    "int": int, "float": (int, float), "str": str, "bool": bool, "list": list}
YamlPath = tuple[str | int, ...]
TOP_KEYS = {
    "id", "version", "kind", "area", "severity", "title", "rationale", "remediation",
    "applies_to", "applies_if", "params", "condition", "rules", "refs", "question", "tags",
    "scope",
}
RULE_KEYS = {"fact", "op", "value", "where", "default"}
MAX_RULE_DEPTH = 6
Problems = list[tuple[Location, str]]


def default_catalogue_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "catalogue"


@dataclass
class Catalogue:
    checks: dict[str, Check] = field(default_factory=dict)
    frameworks: FrameworkLibrary = field(default_factory=FrameworkLibrary)

    def __len__(self) -> int:
        return len(self.checks)

    def sorted(self) -> list[Check]:
        return [self.checks[k] for k in sorted(self.checks)]


def load_catalogue(root: Path | None = None, *, extra_check_dirs: Iterable[Path] = (),
                   extra_framework_dirs: Iterable[Path] = ()) -> Catalogue:
    """The shipped catalogue (plus a hospital's or district's own check directories)."""
    root = root or default_catalogue_dir()
    frameworks = load_frameworks([root / "frameworks", *extra_framework_dirs])
    checks = load_checks([root / "checks", *extra_check_dirs], frameworks=frameworks)
    return Catalogue(checks=checks, frameworks=frameworks)


def load_checks(dirs: Iterable[Path], *, frameworks: FrameworkLibrary) -> dict[str, Check]:
    problems: Problems = []
    checks: dict[str, Check] = {}
    for base in dirs:
        base = Path(base)
        if not base.exists():
            problems.append((Location(file=str(base)), "directory does not exist"))
            continue
        files = [base] if base.is_file() else sorted(base.rglob("*.yaml"))
        for file in files:
            try:
                src = load_yaml(file.read_text(encoding="utf-8"), file=str(file))
            except CheckDefinitionError as exc:
                problems.extend(exc.problems)
                continue
            except UnicodeDecodeError as exc:
                problems.append((Location(file=str(file)), f"not UTF-8: {exc.reason}"))
                continue
            check = _check(src, frameworks, problems)
            if check is None:
                continue
            if check.id in checks:
                problems.append((src.loc(("id",)),
                                 f"duplicate check id {check.id!r} "
                                 f"(also in {checks[check.id].source_file})"))
                continue
            if file.stem != check.id:
                problems.append((src.loc(("id",)),
                                 f"file name {file.name!r} does not match id {check.id!r}"))
            checks[check.id] = check
    if problems:
        raise CheckDefinitionError(problems)
    return checks


# --------------------------------------------------------------------------- helpers
def _texts(src: Sourced, key: str, problems: Problems, *, required: bool = True) -> dict[str, str]:
    value = src.data.get(key)
    if value is None:
        if required:
            problems.append((src.loc((key,)) if key in src.data else src.loc(()),
                             f"missing field '{key}' (needs zh-hans and en)"))
        return {}
    if not isinstance(value, dict):
        problems.append((src.loc((key,)), f"'{key}' must map zh-hans and en to text"))
        return {}
    for lang in LANGS:
        if not str(value.get(lang) or "").strip():
            problems.append((src.loc((key,)), f"'{key}' has no '{lang}' text"))
    return {str(k): str(v).strip() for k, v in value.items()}


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _check(src: Sourced, frameworks: FrameworkLibrary, problems: Problems) -> Check | None:
    data = src.data
    if not isinstance(data, dict):
        problems.append((src.loc(()), "a check file must be a mapping"))
        return None
    before = len(problems)
    for key in sorted(set(data) - TOP_KEYS):
        problems.append((src.loc((key,)), f"unknown field '{key}'"))
    for key in ("id", "version", "area", "severity", "refs"):
        if key not in data:
            problems.append((src.loc(()), f"missing field '{key}'"))
    cid = str(data.get("id", ""))
    if "id" in data and not CHECK_ID.match(cid):
        problems.append((src.loc(("id",)), f"id {cid!r} is not of the form AREA-NNNN / AREA-SUB-NNNN"))
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append((src.loc(("version",)), "version must be a positive integer"))
        version = 1
    kind_raw = data.get("kind", "auto")
    try:
        kind = CheckKind(kind_raw)
    except ValueError:
        problems.append((src.loc(("kind",)), f"kind must be 'auto' or 'manual', not {kind_raw!r}"))
        kind = CheckKind.AUTO
    area = data.get("area")
    if "area" in data and area not in AREAS:
        problems.append((src.loc(("area",)), f"unknown area {area!r}; one of {list(AREAS)}"))
    try:
        severity = Severity(data.get("severity", "medium"))
    except ValueError:
        problems.append((src.loc(("severity",)),
                         f"unknown severity {data.get('severity')!r}; one of {[s.value for s in Severity]}"))
        severity = Severity.MEDIUM
    scope = data.get("scope", "asset")
    if scope not in SCOPES:
        problems.append((src.loc(("scope",)), f"scope must be one of {list(SCOPES)}"))
    title = _texts(src, "title", problems)
    rationale = _texts(src, "rationale", problems)
    remediation = _texts(src, "remediation", problems)
    question = _texts(src, "question", problems, required=kind is CheckKind.MANUAL)
    applies_to = _applies_to(src, problems)
    params = _params(src, problems)

    refs = _str_list(data.get("refs"))
    if "refs" in data and not refs:
        problems.append((src.loc(("refs",)), "refs must be a non-empty list of framework refs"))
    for i, ref in enumerate(refs or []):
        if ref not in frameworks:
            problems.append((src.loc(("refs", i)), f"unknown requirement ref {ref!r}"))

    rules: Group | None = None
    if kind is CheckKind.AUTO:
        if "rules" not in data:
            problems.append((src.loc(()), "missing field 'rules' (an auto check needs rules)"))
        else:
            rules = _group(src, data.get("condition", "all"), data["rules"], ("rules",),
                           params, problems, 0, cond_path=("condition",))
    elif "rules" in data:
        problems.append((src.loc(("rules",)), "a manual check has no rules"))
    applies_if = None
    if "applies_if" in data:
        raw = data["applies_if"]
        raw = raw if isinstance(raw, list) else [raw]
        applies_if = _group(src, "all", raw, ("applies_if",), params, problems, 0)

    if len(problems) > before:
        return None
    tags = _str_list(data.get("tags")) or []
    return Check(
        id=cid, version=version, kind=kind, area=str(area), severity=severity, title=title,
        rationale=rationale, remediation=remediation, applies_to=applies_to, params=params,
        rules=rules, applies_if=applies_if, refs=tuple(refs or ()), source_file=src.file,
        question=question, tags=tuple(tags), scope=str(scope),
    )


def _applies_to(src: Sourced, problems: Problems) -> AppliesTo:
    raw = src.data.get("applies_to") or {}
    if not isinstance(raw, dict):
        problems.append((src.loc(("applies_to",)), "applies_to must be a mapping"))
        return AppliesTo()
    allowed = {"platform": PLATFORMS, "zone": ZONES, "role": ROLES}
    out: dict[str, tuple[str, ...]] = {}
    for key in raw:
        if key not in allowed:
            problems.append((src.loc(("applies_to", key)),
                             f"unknown applies_to key {key!r}; one of {sorted(allowed)}"))
    for key, choices in allowed.items():
        values = _str_list(raw.get(key, []))
        if values is None:
            problems.append((src.loc(("applies_to", key)), f"applies_to.{key} must be a list"))
            values = []
        for v in values:
            if v not in choices:
                problems.append((src.loc(("applies_to", key)),
                                 f"unknown {key} {v!r}; one of {list(choices)}"))
        out[key] = tuple(values)
    return AppliesTo(platforms=out["platform"], zones=out["zone"], roles=out["role"])


def _params(src: Sourced, problems: Problems) -> dict[str, ParamSpec]:
    raw = src.data.get("params") or {}
    if not isinstance(raw, dict):
        problems.append((src.loc(("params",)), "params must be a mapping"))
        return {}
    out = {}
    for name, spec in raw.items():
        path = ("params", name)
        if not isinstance(spec, dict) or "default" not in spec:
            problems.append((src.loc(path), f"param {name!r} needs a 'default'"))
            continue
        ptype = spec.get("type") or _infer_type(spec["default"])
        if ptype not in PARAM_TYPES:
            problems.append((src.loc((*path, "type")), f"unknown param type {ptype!r}"))
            continue
        if not _type_ok(spec["default"], ptype):
            problems.append((src.loc((*path, "default")),
                             f"default of {name!r} is not of type {ptype}"))
        desc = spec.get("description") or {}
        out[name] = ParamSpec(name=name, default=spec["default"], type=ptype,
                              description=desc if isinstance(desc, dict) else {"zh-hans": str(desc)})
    return out


def _infer_type(value: Any) -> str:
    for name in ("bool", "int", "float", "str", "list"):
        if _type_ok(value, name):
            return name
    return "?"


def _type_ok(value: Any, ptype: str) -> bool:
    if ptype in ("int", "float") and isinstance(value, bool):
        return False
    return isinstance(value, PARAM_TYPES[ptype])


def _group(src: Sourced, condition: Any, raw: Any, path: YamlPath, params: dict[str, ParamSpec],
           problems: Problems, depth: int, cond_path: YamlPath | None = None) -> Group | None:
    if condition not in CONDITIONS:
        problems.append((src.loc(cond_path or path), f"condition must be one of {list(CONDITIONS)}"))
    if not isinstance(raw, list) or not raw:
        problems.append((src.loc(path), "rules must be a non-empty list"))
        return None
    if depth > MAX_RULE_DEPTH:
        problems.append((src.loc(path), f"rules nested deeper than {MAX_RULE_DEPTH}"))
        return None
    nodes: list[RuleNode] = []
    for i, item in enumerate(raw):
        node = _node(src, item, (*path, i), params, problems, depth)
        if node is not None:
            nodes.append(node)
    return Group(condition=str(condition), rules=tuple(nodes), line=src.line(path))


def _node(src: Sourced, item: Any, path: YamlPath, params: dict[str, ParamSpec],
          problems: Problems, depth: int) -> RuleNode | None:
    if not isinstance(item, dict):
        problems.append((src.loc(path), "a rule must be a mapping"))
        return None
    groups = [k for k in CONDITIONS if k in item]
    if groups:
        if len(item) != 1:
            problems.append((src.loc(path), "a group holds exactly one of all/any/none"))
            return None
        key = groups[0]
        return _group(src, key, item[key], (*path, key), params, problems, depth + 1)
    for key in sorted(set(item) - RULE_KEYS):
        problems.append((src.loc((*path, key)), f"unknown rule field {key!r}"))
    if "fact" not in item or not isinstance(item.get("fact"), str) or not item["fact"]:
        problems.append((src.loc(path), "missing field 'fact'"))
        return None
    if "op" not in item:
        problems.append((src.loc(path), "missing field 'op'"))
        return None
    op = item["op"]
    known = set(OPERATORS) | ITEM_OPERATORS
    if op not in known:
        problems.append((src.loc((*path, "op")),
                         f"unknown operator {op!r}; one of {sorted(known)}"))
        return None
    value: Any = item.get("value")
    where: tuple[RuleNode, ...] = ()
    if op in ITEM_OPERATORS:
        if "where" not in item:
            problems.append((src.loc(path), f"operator {op!r} needs 'where' (rules on each item)"))
            return None
        group = _group(src, "all", item["where"], (*path, "where"), params, problems, depth + 1)
        where = group.rules if group else ()
    elif op in NO_VALUE_OPERATORS:
        if "value" in item:
            problems.append((src.loc((*path, "value")), f"operator {op!r} takes no value"))
    else:
        if "value" not in item:
            problems.append((src.loc(path), f"operator {op!r} needs a 'value'"))
            return None
        if isinstance(value, dict) and set(value) == {"fact"}:
            value = FactRef(str(value["fact"]))
        elif isinstance(value, dict):
            if set(value) != {"param"}:
                problems.append((src.loc((*path, "value")),
                                 "a mapping value must be {param: NAME} or {fact: PATH}"))
                return None
            pname = str(value["param"])
            if pname not in params:
                problems.append((src.loc((*path, "value")), f"unknown param {pname!r}"))
                return None
            ptype = params[pname].type
            if op in LIST_VALUE_OPERATORS and ptype != "list":
                problems.append((src.loc((*path, "value")),
                                 f"operator {op!r} needs a list param, {pname!r} is {ptype}"))
            value = ParamRef(pname)
        elif op in LIST_VALUE_OPERATORS and not isinstance(value, list):
            problems.append((src.loc((*path, "value")), f"operator {op!r} needs a list value"))
        elif op in ("matches", "not_matches"):
            try:
                re.compile(str(value))
            except re.error as exc:
                problems.append((src.loc((*path, "value")), f"bad regular expression: {exc}"))
    return Rule(fact=item["fact"], op=op, value=value, where=where,
                default=item.get("default"), has_default="default" in item,
                line=src.line(path))
