"""zicha serve: the web console (Django) on this machine."""

from __future__ import annotations

import argparse

from rich.console import Console

from zicha.cli.status import ExitStatus


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="监听地址 (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000)


def run(args: argparse.Namespace, *, console: Console) -> int:
    from zicha.web.bootstrap import ensure_database, setup_django

    setup_django()
    ensure_database()
    from django.core.management import call_command

    console.print(f"控制台 console: http://{args.host}:{args.port}/  (Ctrl-C 停止)")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    return ExitStatus.OK
