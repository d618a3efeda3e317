"""``tasklist /fo csv /nh``: ``"Image","PID","Session","Session#","Mem"`` rows.

Session names and the memory unit may be localized; image name and PID are not.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import numbered

__all__ = ["Process", "TaskList", "parse_tasklist"]


@dataclass(frozen=True, slots=True)
class Process:
    image: str
    pid: int
    session: str
    memory: str


@dataclass(frozen=True, slots=True)
class TaskList:
    processes: tuple[Process, ...]

    def images(self) -> list[str]:
        return sorted({p.image.lower() for p in self.processes})


def parse_tasklist(text: str) -> TaskList:
    processes = []
    for n, ln in numbered(text):
        if not ln.strip():
            continue
        if not ln.lstrip().startswith('"'):
            raise ParseError(f"not a CSV task row: {ln.strip()[:60]!r}", line=n)
        try:
            row = next(csv.reader([ln.strip()], strict=True))
        except (csv.Error, StopIteration) as exc:
            raise ParseError(f"bad CSV row: {exc}", line=n) from None
        if len(row) != 5:
            raise ParseError(f"expected 5 CSV fields, found {len(row)}", line=n)
        image, pid, session, _, memory = row
        if not (pid.isascii() and pid.isdigit()) or not image:
            raise ParseError(f"bad image/PID {image[:40]!r}/{pid[:20]!r}", line=n)
        processes.append(Process(image, int(pid), session, memory))
    if not processes:
        raise ParseError("tasklist output has no processes", line=1)
    return TaskList(tuple(processes))
