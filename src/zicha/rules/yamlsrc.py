"""YAML → plain Python values, remembering the line of every key and item.

Validation errors must name file and line, which plain ``yaml.safe_load``
forgets; composing the node graph keeps the marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from zicha.domain.errors import CheckDefinitionError, Location

__all__ = ["MAX_YAML_BYTES", "Sourced", "load_yaml"]

MAX_YAML_BYTES = 2 * 1024 * 1024
Path_ = tuple[str | int, ...]


@dataclass
class Sourced:
    """A loaded document plus the 1-based line of every path inside it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def loc(self, path: Path_) -> Location:
        return Location(file=self.file, line=self.line(path),
                        field=".".join(str(p) for p in path) or None)


def load_yaml(text: str, *, file: str) -> Sourced:
    """Parse one YAML document; syntax errors become CheckDefinitionError with a line."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise CheckDefinitionError([(Location(file=file, line=1),
                                     f"file is larger than {MAX_YAML_BYTES} bytes")])
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise CheckDefinitionError([(Location(file=file, line=line),
                                     f"YAML syntax error: {problem}")]) from None
    src = Sourced(file=file, data=None)
    if node is None:
        src.lines[()] = 1
        return src
    src.lines[()] = node.start_mark.line + 1
    constructor = yaml.SafeLoader("")
    try:
        src.data = _build(node, (), src, constructor)
    except _DuplicateKey as dup:
        raise CheckDefinitionError([(Location(file=file, line=dup.line, field=dup.key),
                                     f"duplicate key {dup.key!r}")]) from None
    return src


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key, self.line = key, line


def _build(node: yaml.Node, path: Path_, src: Sourced, ctor: yaml.SafeLoader) -> Any:
    src.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = ctor.construct_object(key_node, deep=True)
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            out[key] = _build(value_node, (*path, key), src, ctor)
            src.lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), src, ctor) for i, item in enumerate(node.value)]
    return ctor.construct_object(node, deep=True)
