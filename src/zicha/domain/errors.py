"""Errors with stable codes.

Engines raise these; only the CLI turns them into exit statuses and only the
adapters translate them. ``code`` is kebab-case and never changes once shipped.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BundleError",
    "CheckDefinitionError",
    "Location",
    "ParseError",
    "ScopeError",
    "ZichaError",
]


@dataclass(frozen=True, slots=True)
class Location:
    """Where in an input a problem is: file, 1-based line, and the field path."""

    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"[{self.field}]")
        return " ".join(parts)


class ZichaError(Exception):
    """Base error: a stable ``code``, a message, an optional hint and location."""

    code = "zicha-error"
    #: input errors (bad file, bad argument) map to a different exit status
    is_input_error = False

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        hint: str | None = None,
        location: Location | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.hint = hint
        self.location = location

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location and str(self.location) else ""
        return f"{where}{self.message}"


class ParseError(ZichaError):
    """A parser met input it does not understand. Always carries a line number."""

    code = "parse-error"
    is_input_error = True

    def __init__(self, message: str, *, line: int | None = None, file: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message, code=code, location=Location(file=file, line=line))
        self.line = line


class BundleError(ZichaError):
    """A collector bundle is malformed, truncated or too large."""

    code = "bundle-invalid"
    is_input_error = True


class CheckDefinitionError(ZichaError):
    """A check, baseline or framework file is invalid. ``errors`` lists every problem."""

    code = "check-definition-invalid"
    is_input_error = True

    def __init__(self, problems: list[tuple[Location, str]]) -> None:
        self.problems = problems
        lines = [f"{loc}: {msg}" for loc, msg in problems]
        super().__init__(
            f"{len(problems)} problem(s) in check definitions:\n" + "\n".join(lines),
            location=problems[0][0] if problems else None,
        )

    def __str__(self) -> str:
        return self.message


class ScopeError(ZichaError):
    """A network target lies outside the scope the user configured."""

    code = "target-out-of-scope"
    is_input_error = True
