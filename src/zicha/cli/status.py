"""Exit statuses (only the CLI turns errors into these)."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1            # tool failure
    FINDINGS = 2         # checks ran and some failed (only with --fail-on-findings)
    INVALID_INPUT = 3    # bad file, bundle, check or argument
    USAGE = 64
    INTERRUPTED = 130
