"""Framework libraries: versioned requirement trees (等保 2.0, 卫健委办法, 网络安全法, seed items).

File format: docs/frameworks.md. One YAML file per framework under
``catalogue/frameworks/``. A check refers to a node as ``<framework-id>:<node-id>``,
e.g. ``gbt22239-2019:8.1.4.1.a`` or ``seed:S5``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zicha.domain.errors import CheckDefinitionError, Location
from zicha.rules.yamlsrc import Sourced, load_yaml

__all__ = ["Framework", "FrameworkLibrary", "Node", "load_frameworks"]

NODE_KINDS = {"chapter", "category", "control", "item", "article", "obligation"}


@dataclass(frozen=True, slots=True)
class Node:
    framework: str
    id: str
    parent: str | None
    kind: str
    title: dict[str, str]
    text: dict[str, str]
    level: str | None = None
    uncertain: bool = False
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"{self.framework}:{self.id}"


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    version: int
    name: dict[str, str]
    nodes: dict[str, Node]
    source_file: str
    #: any further keys of the ``framework:`` mapping (published, effective, scope, …)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class FrameworkLibrary:
    frameworks: dict[str, Framework] = field(default_factory=dict)

    def resolve(self, ref: str) -> Node | None:
        fw, _, node = ref.partition(":")
        framework = self.frameworks.get(fw)
        return framework.nodes.get(node) if framework else None

    def __contains__(self, ref: str) -> bool:
        return self.resolve(ref) is not None


def load_frameworks(paths: Iterable[Path]) -> FrameworkLibrary:
    """Load every ``*.yaml`` under the given directories; report all problems at once."""
    problems: list[tuple[Location, str]] = []
    lib = FrameworkLibrary()
    for base in paths:
        for file in sorted(Path(base).glob("*.yaml")):
            try:
                src = load_yaml(file.read_text(encoding="utf-8"), file=str(file))
            except CheckDefinitionError as exc:
                problems.extend(exc.problems)
                continue
            fw = _framework(src, problems)
            if fw is None:
                continue
            if fw.id in lib.frameworks:
                problems.append((src.loc(("framework", "id")),
                                 f"framework {fw.id!r} already defined in "
                                 f"{lib.frameworks[fw.id].source_file}"))
                continue
            lib.frameworks[fw.id] = fw
    if problems:
        raise CheckDefinitionError(problems)
    return lib


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {} if value is None else {"zh-hans": str(value)}


def _framework(src: Sourced, problems: list[tuple[Location, str]]) -> Framework | None:
    data = src.data
    if not isinstance(data, dict) or not isinstance(data.get("framework"), dict):
        problems.append((src.loc(()), "a framework file needs a 'framework' mapping"))
        return None
    head = data["framework"]
    ok = True
    for key in ("id", "version", "name"):
        if key not in head:
            problems.append((src.loc(("framework",)), f"missing field 'framework.{key}'"))
            ok = False
    if "id" in head and (not str(head["id"]).strip() or ":" in str(head["id"])):
        problems.append((src.loc(("framework", "id")),
                         f"framework id {head['id']!r} must be non-empty and contain no ':'"))
        ok = False
    if "version" in head and (isinstance(head["version"], bool)
                              or not isinstance(head["version"], int)):
        problems.append((src.loc(("framework", "version")),
                         f"framework.version must be an integer, not {head['version']!r}"))
        ok = False
    raw_nodes = data.get("nodes")
    if not isinstance(raw_nodes, list) or not raw_nodes:
        problems.append((src.loc(("nodes",)), "'nodes' must be a non-empty list"))
        ok = False
    if not ok or not isinstance(raw_nodes, list):
        return None
    fid = str(head["id"])
    nodes: dict[str, Node] = {}
    for i, raw in enumerate(raw_nodes):
        path = ("nodes", i)
        if not isinstance(raw, dict) or "id" not in raw:
            problems.append((src.loc(path), "each node needs an 'id'"))
            continue
        nid = str(raw["id"])
        kind = str(raw.get("kind", "item"))
        if kind not in NODE_KINDS:
            problems.append((src.loc((*path, "kind")),
                             f"unknown node kind {kind!r}; one of {sorted(NODE_KINDS)}"))
        if nid in nodes:
            problems.append((src.loc((*path, "id")), f"duplicate node id {nid!r}"))
            continue
        parent = raw.get("parent")
        if parent is not None and str(parent) not in nodes:
            problems.append((src.loc((*path, "parent")),
                             f"parent {parent!r} is not defined before node {nid!r}"))
        known = {"id", "parent", "kind", "title", "text", "level", "uncertain", "note"}
        nodes[nid] = Node(
            framework=fid, id=nid, parent=None if parent is None else str(parent), kind=kind,
            title=_texts(raw.get("title")), text=_texts(raw.get("text")),
            level=None if raw.get("level") is None else str(raw["level"]),
            uncertain=bool(raw.get("uncertain", False)),
            note=None if raw.get("note") is None else str(raw["note"]),
            extra={k: v for k, v in raw.items() if k not in known},
        )
    return Framework(id=fid, version=int(head["version"]), name=_texts(head["name"]),
                     nodes=nodes, source_file=src.file,
                     extra={k: v for k, v in head.items() if k not in ("id", "version", "name")})
