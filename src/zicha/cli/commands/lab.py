"""zicha lab: run the simulated hospital in the foreground (for trying scans by hand)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from rich.console import Console
from rich.table import Table

from zicha.cli.status import ExitStatus


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--register", type=Path, help="把模拟医院的资产台账写到此文件")
    parser.add_argument("--seconds", type=float, default=0,
                        help="运行多少秒后自动停止（0 = 直到 Ctrl-C）")


def run(args: argparse.Namespace, *, console: Console) -> int:
    from zicha.lab import HOSPITAL, Lab
    from zicha.lab.register import write_register

    async def main() -> None:
        async with Lab() as lab:
            table = Table(title=f"{HOSPITAL.name}（模拟）")
            for col in ("主机", "地址", "区域", "角色", "监听端口"):
                table.add_column(col)
            for h in HOSPITAL.hosts:
                table.add_row(h.name, h.ip, h.zone, h.role, ",".join(map(str, h.open_tcp)))
            console.print(table)
            for skipped in lab.skipped:
                console.print(f"[yellow]跳过 skipped[/] {skipped}", highlight=False)
            console.print(f"扫描范围 scope: {lab.scope().describe()}")
            if args.register:
                console.print(f"资产台账 register: {write_register(args.register)}")
            if args.seconds:
                await asyncio.sleep(args.seconds)
            else:
                await asyncio.Event().wait()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    console.print("模拟医院已停止 lab stopped")
    return ExitStatus.OK
