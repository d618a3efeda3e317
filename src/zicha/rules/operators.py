"""The closed set of rule operators.

Each operator takes the observed value and (for most) an expected value and
returns True / False. Undecidable inputs (missing or errored facts) never reach
an operator: the evaluator handles them first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["ITEM_OPERATORS", "LIST_VALUE_OPERATORS", "NO_VALUE_OPERATORS", "OPERATORS", "apply"]


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return v
    try:
        return float(str(v).strip())
    except ValueError:
        return None


def _cmp(fn: Callable[[float, float], bool]) -> Callable[[Any, Any], bool]:
    def op(actual: Any, expected: Any) -> bool:
        a, e = _num(actual), _num(expected)
        return a is not None and e is not None and fn(a, e)
    return op


def _eq(actual: Any, expected: Any) -> bool:
    if isinstance(actual, str) and isinstance(expected, str):
        return actual.strip().lower() == expected.strip().lower()
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        a = _num(actual)
        return a is not None and a == expected
    return bool(actual == expected)


def _in(actual: Any, expected: Any) -> bool:
    return any(_eq(actual, e) for e in expected)


def _contains(actual: Any, expected: Any) -> bool:
    if isinstance(actual, str):
        return str(expected).lower() in actual.lower()
    if isinstance(actual, (list, tuple, set)):
        return any(_eq(a, expected) for a in actual)
    if isinstance(actual, dict):
        return expected in actual
    return False


def _matches(actual: Any, expected: Any) -> bool:
    return actual is not None and re.search(expected, str(actual)) is not None


def _items(actual: Any) -> list[Any]:
    if actual is None:
        return []
    if isinstance(actual, (list, tuple, set)):
        return list(actual)
    return [actual]


def _subset_of(actual: Any, expected: Any) -> bool:
    return all(_in(a, expected) for a in _items(actual))


def _disjoint(actual: Any, expected: Any) -> bool:
    return not any(_in(a, expected) for a in _items(actual))


def _in_cidrs(actual: Any, expected: Any) -> bool:
    """True when any address in ``actual`` lies in any network of ``expected``."""
    import ipaddress

    nets = []
    for cidr in expected:
        try:
            nets.append(ipaddress.ip_network(str(cidr), strict=False))
        except ValueError:
            continue
    for item in _items(actual):
        try:
            addr = ipaddress.ip_address(str(item).split("/")[0])
        except ValueError:
            continue
        if any(addr in net for net in nets):
            return True
    return False


def _empty(actual: Any, _: Any = None) -> bool:
    return actual is None or (hasattr(actual, "__len__") and len(actual) == 0)


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": _eq,
    "ne": lambda a, e: not _eq(a, e),
    "lt": _cmp(lambda a, e: a < e),
    "lte": _cmp(lambda a, e: a <= e),
    "gt": _cmp(lambda a, e: a > e),
    "gte": _cmp(lambda a, e: a >= e),
    "in": _in,
    "not_in": lambda a, e: not _in(a, e),
    "contains": _contains,
    "not_contains": lambda a, e: not _contains(a, e),
    "matches": _matches,
    "not_matches": lambda a, e: not _matches(a, e),
    "subset_of": _subset_of,
    "disjoint": _disjoint,
    "in_cidrs": _in_cidrs,
    "not_in_cidrs": lambda a, e: not _in_cidrs(a, e),
    "exists": lambda a, _: a is not None,
    "absent": lambda a, _: a is None,
    "empty": _empty,
    "not_empty": lambda a, _: not _empty(a),
}

#: operators that take no ``value``
NO_VALUE_OPERATORS = frozenset({"exists", "absent", "empty", "not_empty"})
#: operators whose ``value`` must be a list
LIST_VALUE_OPERATORS = frozenset({"in", "not_in", "subset_of", "disjoint", "in_cidrs",
                                  "not_in_cidrs"})
#: quantifiers over a list of mappings; they take ``where`` (rules on each item)
ITEM_OPERATORS = frozenset({"no_items", "all_items", "any_items"})


def apply(op: str, actual: Any, expected: Any) -> bool:
    return OPERATORS[op](actual, expected)
