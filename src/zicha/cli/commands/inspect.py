"""zicha inspect: scan + bundles + this machine → evaluate → store → results."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from zicha.cli.render import render_summary
from zicha.cli.status import ExitStatus
from zicha.domain.inspection import InspectionOutcome
from zicha.domain.results import CheckStatus
from zicha.engine.export import write_json
from zicha.engine.inspection import InspectionPlan, run_inspection
from zicha.engine.register import load_register
from zicha.rules.baselines import load_baselines
from zicha.rules.loader import default_catalogue_dir, load_catalogue

STAGES = {"scan": "端口扫描 scanning", "bundles": "导入采集包 bundles",
          "evaluate": "评估 evaluating"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--org", help="机构名称 (默认取台账中的 organization)")
    parser.add_argument("--org-code", default="default", help="机构代码 organization code")
    parser.add_argument("--register", type=Path, help="IP/资产台账 YAML (IP register)")
    parser.add_argument("--scope", action="append", default=[],
                        help="允许扫描的地址范围 CIDR，可多次给出；默认为空（拒绝一切扫描）")
    parser.add_argument("--exclude", action="append", default=[], help="排除的地址范围")
    parser.add_argument("--targets", action="append", default=[],
                        help="扫描目标（地址/CIDR/范围），必须在 --scope 之内")
    parser.add_argument("--ports", default="21-23,25,53,69,80,104,110,111,135,137,139,143,161,"
                        "443,445,512-515,873,1080,1433,1521,2049,2375,3306,3389,5236,5432,5900,"
                        "6000,6379,7001,8000,8080,8443,9100,11112,27017",
                        help="扫描端口 ports to scan")
    parser.add_argument("--vantage-zone", default="intranet", choices=["intranet", "extranet", "dmz"],
                        help="扫描机所在区域 (where the scan runs from)")
    parser.add_argument("--bundles", type=Path, action="append", default=[],
                        help="采集包文件、文件夹或 zip")
    parser.add_argument("--local", action="store_true", help="同时采集本机 (collect this machine)")
    parser.add_argument("--local-zone", default="dmz", choices=["intranet", "extranet", "dmz"])
    parser.add_argument("--baseline", type=Path, action="append", default=[],
                        help="医院或区里下发的基线目录，叠加在默认基线上")
    parser.add_argument("--checks", type=Path, action="append", default=[],
                        help="额外的检查项目录 (extra check directory)")
    parser.add_argument("--keep-going", action="store_true",
                        help="坏的采集包只报告不中止 (report bad bundles, continue)")
    parser.add_argument("--out", type=Path, default=Path("zicha-out"), help="输出目录")
    parser.add_argument("--no-store", action="store_true", help="不写入数据库")
    parser.add_argument("--fail-on-findings", action="store_true",
                        help="有不通过项时以状态 2 退出 (exit 2 on failures)")
    parser.add_argument("--timeout", type=float, default=1.0, help="每个连接的超时秒数")


def load_rules(args: argparse.Namespace):
    catalogue = load_catalogue(extra_check_dirs=args.checks)
    baselines = load_baselines([default_catalogue_dir() / "baselines", *args.baseline],
                               checks=catalogue.checks)
    return catalogue, baselines


def progress_bar(console: Console) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, transient=False)


async def execute(plan: InspectionPlan, *, catalogue, baselines, console: Console) -> InspectionOutcome:
    with progress_bar(console) as bar:
        tasks: dict[str, int] = {}

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return await run_inspection(plan, catalogue=catalogue, baselines=baselines,
                                    progress=on_progress)


def finish(outcome: InspectionOutcome, args: argparse.Namespace, console: Console) -> int:
    """Store, write results.json, print the summary. Returns the inspection id or 0."""
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = outcome.started_at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y%m%d-%H%M%S")
    json_path = write_json(outcome, args.out / f"results-{stamp}.json")
    render_summary(outcome, console)
    inspection_id = 0
    if not args.no_store:
        from zicha.cli.store import database_label, store_outcome

        inspection_id = store_outcome(outcome, org_code=args.org_code)
        console.print(f"已入库 stored: 检查 inspection #{inspection_id} → {database_label()}")
    console.print(f"结果 results: {json_path}")
    return inspection_id


def run(args: argparse.Namespace, *, console: Console) -> int:
    catalogue, baselines = load_rules(args)
    register = load_register(args.register) if args.register else None
    scope = None
    if args.targets:
        from zicha.collectors.scan import Scope, parse_ports

        scope = Scope.parse(args.scope, exclude=args.exclude)
        scope.expand(args.targets)   # refuse out-of-scope targets before anything is sent
        ports = list(parse_ports(args.ports))
    else:
        ports = []
    local = None
    if args.local:
        from zicha.collectors.local import collect_local

        with console.status("采集本机 collecting this machine…"):
            local = collect_local()
    org = args.org or (register.organization if register else "未命名机构")
    plan = InspectionPlan(organization=org, register=register, scan_targets=args.targets,
                          scan_ports=ports, scope=scope, vantage_zone=args.vantage_zone,
                          bundles=args.bundles, local_bundle=local, local_zone=args.local_zone,
                          strict_bundles=not args.keep_going, scan_timeout=args.timeout)
    outcome = asyncio.run(execute(plan, catalogue=catalogue, baselines=baselines, console=console))
    finish(outcome, args, console)
    failed = any(r.status is CheckStatus.FAILED for r in outcome.results)
    return ExitStatus.FINDINGS if (failed and args.fail_on_findings) else ExitStatus.OK
