"""The ``manage.py`` of the project, as a function: ``main(["migrate"])``.

``argv`` holds the arguments without the program name. Django's management
commands call ``sys.exit`` on errors; this turns that into a return value so the
caller (``zicha.cli``) decides the exit status.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from zicha.web.bootstrap import SETTINGS_MODULE

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run a Django management command; return its exit status."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        execute_from_command_line(["zicha-manage", *args])
    except SystemExit as exc:
        if exc.code is None:
            return 0
        return exc.code if isinstance(exc.code, int) else 1
    return 0


if __name__ == "__main__":  # python -m zicha.web.manage …
    raise SystemExit(main())
