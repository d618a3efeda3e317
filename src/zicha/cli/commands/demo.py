"""zicha demo: a whole inspection of the simulated hospital plus this machine.

Starts the lab on 127.20.0.0/16 and 127.30.0.0/16, scans it (scope = the lab
only), collects this machine, imports the lab's endpoint bundles, evaluates,
stores the results, writes JSON and the report set, stops the lab and says
where everything is.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from rich.console import Console
from rich.panel import Panel

from zicha.cli.commands.inspect import execute, finish, load_rules
from zicha.cli.status import ExitStatus
from zicha.domain.inspection import InspectionOutcome
from zicha.engine.inspection import InspectionPlan

EXTRA_PORTS = (21, 22, 23, 80, 135, 139, 443, 445, 1433, 1521, 3306, 3389, 5432, 5900, 8080)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("zicha-demo"), help="输出目录")
    parser.add_argument("--no-store", action="store_true", help="不写入数据库")
    parser.add_argument("--no-local", action="store_true", help="不采集本机")
    parser.add_argument("--formats", default="docx,xlsx,html,pdf",
                        help="报告格式 (docx,xlsx,html,pdf)")
    parser.add_argument("--org-code", default="demo")
    parser.add_argument("--baseline", type=Path, action="append", default=[])
    parser.add_argument("--checks", type=Path, action="append", default=[])


async def _inspect(args: argparse.Namespace, console: Console, local: bytes | None) -> InspectionOutcome:
    from zicha.engine.register import load_register
    from zicha.lab import HOSPITAL, Lab, lab_bundle_paths
    from zicha.lab.register import write_register

    catalogue, baselines = load_rules(args)
    args.out.mkdir(parents=True, exist_ok=True)
    register = load_register(write_register(args.out))
    async with Lab() as lab:
        console.print(f"模拟医院已启动 lab started: {HOSPITAL.name}，"
                      f"{len(HOSPITAL.hosts)} 台主机，扫描范围 scope {lab.scope().describe()}")
        for skipped in lab.skipped:
            console.print(f"  [yellow]跳过 skipped[/] {skipped}", highlight=False)
        ports = sorted(set(lab.ports()) | set(EXTRA_PORTS))
        plan = InspectionPlan(
            organization=register.organization, register=register,
            scan_targets=lab.targets(),
            scan_ports=ports, scope=lab.scope(), vantage_zone="intranet",
            bundles=lab_bundle_paths(), local_bundle=local, local_zone="dmz",
            live_requires_open=True,   # loopback: every 127.x address answers RST
            meta={"demo": True, "lab": HOSPITAL.name_en},
        )
        outcome = await execute(plan, catalogue=catalogue, baselines=baselines, console=console)
    console.print("模拟医院已停止 lab stopped")
    return outcome


def run(args: argparse.Namespace, *, console: Console) -> int:
    console.print(Panel.fit("zicha 自查 — 演示：模拟医院 + 本机\n"
                            "demo: the simulated hospital plus this machine", style="bold"))
    local = None
    if not args.no_local:
        from zicha.collectors.local import collect_local

        with console.status("采集本机 collecting this machine (collect.sh)…"):
            local = collect_local()
    outcome = asyncio.run(_inspect(args, console, local))
    args.fail_on_findings = False
    inspection_id = finish(outcome, args, console)
    written = _reports(outcome, args, console, inspection_id)
    lines = [f"输出目录 output: {args.out.resolve()}"]
    lines += [f"  {kind}: {path}" for kind, path in written.items()]
    if inspection_id:
        home = os.environ.get("ZICHA_HOME", "~/.local/share/zicha")
        lines.append(f"数据库 database: 检查 #{inspection_id}，ZICHA_HOME={home}")
        lines.append("控制台 console: zicha serve  →  http://127.0.0.1:8000/")
    console.print(Panel("\n".join(lines), title="完成 done", expand=False), highlight=False)
    return ExitStatus.OK


def _reports(outcome: InspectionOutcome, args: argparse.Namespace, console: Console,
             inspection_id: int) -> dict[str, Path]:
    """The report set, computed from the stored inspection (from the run itself with --no-store)."""
    from zicha.reporting.narrative import load_narrative

    narrative = Path(__file__).resolve().parents[2] / "lab" / "narrative.yaml"
    if inspection_id:
        from zicha.cli.commands.report import write_reports

        return write_reports(inspection_id, out=args.out, formats=args.formats,
                             narrative=narrative, console=console)
    from zicha.domain.errors import ZichaError
    from zicha.reporting import write_report_set
    from zicha.reporting.model import from_outcome

    data = from_outcome(outcome, narrative=load_narrative(narrative))
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    try:
        return write_report_set(data, args.out, formats=formats)
    except ZichaError as exc:
        if exc.code != "pdf-unavailable":
            raise
        console.print(f"[yellow]PDF 未生成[/]: {exc.message}（{exc.hint}）")
        return write_report_set(data, args.out, formats=tuple(f for f in formats if f != "pdf"))
