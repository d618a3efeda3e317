"""Splitting long parameter lists so every backend accepts the query."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

__all__ = ["IN_BATCH", "WRITE_BATCH", "chunks"]

T = TypeVar("T")

#: ``pk__in`` / ``ip__in`` lists per query (below SQLite's historic 999-variable limit)
IN_BATCH = 900
#: rows per bulk INSERT
WRITE_BATCH = 500


def chunks(items: Iterable[T], size: int = IN_BATCH) -> Iterator[Sequence[T]]:
    """Consecutive lists of at most ``size`` items."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
