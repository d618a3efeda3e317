"""FactSet: what is known about one asset, addressed by dotted paths.

Facts live in *namespaces* (``asset``, ``linux.login_defs``, ``scan`` …). Each
namespace holds plain JSON-like data (dict / list / str / int / float / bool /
None). A namespace can instead hold an *error* (the section failed to parse or
the command failed): every rule that reads below it is then undecidable, and a
check that needs it reports ``error`` — never ``passed``.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["FactLookup", "FactSet", "LookupState", "to_plain"]


class LookupState(enum.Enum):
    FOUND = "found"
    ABSENT = "absent"      # namespace collected, key not there (e.g. option unset)
    MISSING = "missing"    # no namespace covers this path: never collected
    ERROR = "error"        # namespace collected but unusable


@dataclass(frozen=True, slots=True)
class FactLookup:
    state: LookupState
    value: Any = None
    namespace: str | None = None
    error: str | None = None


def to_plain(obj: Any) -> Any:
    """Turn dataclasses, enums, tuples and sets into JSON-like values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, Mapping):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(to_plain(v) for v in obj)
    return obj


class FactSet:
    """Facts about one asset. Namespaces are dotted names; lookups use the longest match."""

    __slots__ = ("_errors", "_facts")

    def __init__(self, facts: Mapping[str, Any] | None = None,
                 errors: Mapping[str, str] | None = None) -> None:
        self._facts: dict[str, Any] = {}
        self._errors: dict[str, str] = {}
        for ns, value in (facts or {}).items():
            self.set(ns, value)
        for ns, message in (errors or {}).items():
            self.set_error(ns, message)

    # -- writing -----------------------------------------------------------
    def set(self, namespace: str, value: Any) -> None:
        self._facts[namespace] = to_plain(value)
        self._errors.pop(namespace, None)

    def set_error(self, namespace: str, message: str) -> None:
        self._errors[namespace] = message
        self._facts.pop(namespace, None)

    def merge(self, other: FactSet) -> None:
        for ns, value in other._facts.items():
            self.set(ns, value)
        for ns, message in other._errors.items():
            self.set_error(ns, message)

    # -- reading -----------------------------------------------------------
    def namespaces(self) -> Iterator[str]:
        yield from sorted({*self._facts, *self._errors})

    @property
    def errors(self) -> dict[str, str]:
        return dict(self._errors)

    def get(self, namespace: str, default: Any = None) -> Any:
        return self._facts.get(namespace, default)

    def has(self, namespace: str) -> bool:
        return namespace in self._facts

    def lookup(self, path: str) -> FactLookup:
        parts = path.split(".")
        for cut in range(len(parts), 0, -1):
            ns = ".".join(parts[:cut])
            if ns in self._errors:
                return FactLookup(LookupState.ERROR, namespace=ns, error=self._errors[ns])
            if ns in self._facts:
                value = self._facts[ns]
                for key in parts[cut:]:
                    if isinstance(value, Mapping) and key in value:
                        value = value[key]
                    else:
                        return FactLookup(LookupState.ABSENT, namespace=ns)
                return FactLookup(LookupState.FOUND, value=value, namespace=ns)
        return FactLookup(LookupState.MISSING)

    def as_dict(self) -> dict[str, Any]:
        return {"facts": dict(self._facts), "errors": dict(self._errors)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FactSet:
        return cls(data.get("facts") or {}, data.get("errors") or {})
