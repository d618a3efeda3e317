"""zicha import PATH…: bundle files, folders and zips → matched to assets → evaluated → stored.

Idempotent: a bundle already imported (same SHA-256) is skipped, so importing
the same folder twice changes nothing. A bad bundle is reported with its
reason and line while the rest of the batch imports.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from zicha.cli.commands.inspect import execute, finish, load_rules
from zicha.cli.status import ExitStatus
from zicha.domain.errors import BundleError, ZichaError
from zicha.engine.bundles import iter_bundle_files
from zicha.engine.inspection import InspectionPlan
from zicha.parsers.bundle import read_bundle


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", type=Path, nargs="+", help="采集包文件、文件夹或 zip")
    parser.add_argument("--org-code", default="default", help="机构代码 (organization code)")
    parser.add_argument("--org", help="机构名称（首次导入时创建机构）")
    parser.add_argument("--baseline", type=Path, action="append", default=[])
    parser.add_argument("--checks", type=Path, action="append", default=[])
    parser.add_argument("--out", type=Path, default=Path("zicha-out"))


def run(args: argparse.Namespace, *, console: Console) -> int:
    from zicha.cli.store import already_imported, organization_register

    catalogue, baselines = load_rules(args)
    fresh: list[tuple[str, bytes]] = []
    bad = 0
    skipped = 0
    for path in args.paths:
        try:
            items = list(iter_bundle_files([path]))
        except ZichaError as exc:
            bad += 1
            console.print(f"[red]✗[/] {escape(str(exc))} {escape(f'[{exc.code}]')}",
                          highlight=False)
            continue
        for source, data in items:
            try:
                bundle = read_bundle(data, source=source)
            except BundleError as exc:
                bad += 1
                console.print(f"[red]✗[/] {escape(str(exc))} {escape(f'[{exc.code}]')}",
                              highlight=False)
                continue
            if already_imported(org_code=args.org_code, sha256=bundle.sha256) or \
                    any(d == data for _, d in fresh):
                skipped += 1
                console.print(f"[dim]= {escape(source)} 已导入过 already imported[/]")
                continue
            fresh.append((source, data))
    if not fresh:
        console.print(f"没有新的采集包 nothing new to import（跳过 {skipped}，错误 {bad}）")
        return ExitStatus.INVALID_INPUT if bad and not skipped else ExitStatus.OK
    register = organization_register(org_code=args.org_code, name=args.org)
    plan = InspectionPlan(organization=register.organization, register=register,
                          raw_bundles=fresh, strict_bundles=False,
                          meta={"kind": "import", "bundles": len(fresh)})
    outcome = asyncio.run(execute(plan, catalogue=catalogue, baselines=baselines, console=console))
    args.no_store = False
    finish(outcome, args, console)
    unregistered = [a.name for a in outcome.assets if not a.registered]
    console.print(f"导入 imported {len(fresh)}，跳过 skipped {skipped}，错误 bad {bad}；"
                  f"未登记资产 unregistered: {', '.join(unregistered) or '无'}")
    return ExitStatus.OK
