"""zicha manage ARGS…: Django management commands (createsuperuser, migrate, …)."""

from __future__ import annotations

import argparse

from rich.console import Console

from zicha.cli.status import ExitStatus


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("args", nargs=argparse.REMAINDER, help="e.g. createsuperuser")


def run(args: argparse.Namespace, *, console: Console) -> int:
    from zicha.web.manage import main

    return int(main(list(args.args)) or ExitStatus.OK)
