"""The ``zicha`` command line: a thin adapter over the engines.

``main(argv, console=...)`` returns an exit status and never calls sys.exit;
commands are imported lazily so ``zicha --help`` stays fast and pre-Django
commands never import Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from zicha import __version__
from zicha.cli.status import ExitStatus
from zicha.domain.errors import CheckDefinitionError, ZichaError

__all__ = ["main"]

COMMANDS = {
    "demo": ("zicha.cli.commands.demo", "完整演示：启动模拟医院，扫描、采集本机、评估、入库并生成报告"),
    "inspect": ("zicha.cli.commands.inspect", "检查一个网络/一批采集包：扫描 + 导入 + 评估 + 入库"),
    "import": ("zicha.cli.commands.import_", "导入采集包（文件、文件夹、zip）：匹配资产、评估、入库；可重复导入"),
    "collect": ("zicha.cli.commands.collect", "在本机运行 Linux 采集脚本，输出采集包"),
    "report": ("zicha.cli.commands.report", "从已入库的检查生成自查报告、自查表、整改台账（Word/Excel/HTML/PDF）"),
    "checks": ("zicha.cli.commands.checks", "检查项目录：list / show ID / validate DIR"),
    "lab": ("zicha.cli.commands.lab", "在前台运行模拟医院（127.20.0.0/16、127.30.0.0/16），Ctrl-C 停止"),
    "serve": ("zicha.cli.commands.serve", "启动 Web 控制台"),
    "manage": ("zicha.cli.commands.manage", "Django 管理命令（如 createsuperuser）"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zicha",
        description="zicha（自查）— 医院网络与信息安全自查系统 / hospital security self-inspection",
    )
    parser.add_argument("--version", action="version", version=f"zicha {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        # each command module adds its own arguments; imported lazily only when needed
        sp.set_defaults(_module=module)
        _add_arguments(sp, module)
    return parser


def _add_arguments(parser: argparse.ArgumentParser, module: str) -> None:
    importlib.import_module(module).add_arguments(parser)


def main(argv: Sequence[str] | None = None, *, console: Console | None = None) -> int:
    console = console or Console()
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "command", None):
        parser.print_help()
        return ExitStatus.USAGE
    module = importlib.import_module(args._module)
    try:
        return int(module.run(args, console=console))
    except CheckDefinitionError as exc:
        console.print(f"[bold red]错误 error[/] {escape(f'[{exc.code}]')}", highlight=False)
        for loc, msg in exc.problems:
            console.print(f"  {loc}: {msg}", highlight=False, markup=False)
        return ExitStatus.INVALID_INPUT
    except ZichaError as exc:
        console.print(f"[bold red]错误 error[/] {escape(f'[{exc.code}]')} ", end="", highlight=False)
        console.print(str(exc), highlight=False, markup=False)
        if exc.hint:
            console.print(f"  提示 hint: {exc.hint}", highlight=False, markup=False)
        return ExitStatus.INVALID_INPUT if exc.is_input_error else ExitStatus.ERROR
    except KeyboardInterrupt:
        console.print("已中断 interrupted")
        return ExitStatus.INTERRUPTED
