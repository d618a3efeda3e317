"""zicha checks list | show ID | validate DIR"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from zicha.cli.status import ExitStatus
from zicha.rules.baselines import load_baselines
from zicha.rules.loader import default_catalogue_dir, load_catalogue, load_checks

STATUS_LABELS = {"auto": "自动", "manual": "人工"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help="列出检查项 / list checks")
    lst.add_argument("--area", help="只列出某一领域 (machine_room, workstation, …)")
    lst.add_argument("--platform", help="linux | windows | …")
    lst.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
    show = sub.add_parser("show", help="显示一个检查项 / show one check")
    show.add_argument("check_id")
    show.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
    val = sub.add_parser("validate", help="校验检查项目录 / validate a directory of checks")
    val.add_argument("directory", type=Path, nargs="+")
    val.add_argument("--frameworks", type=Path, action="append", default=[],
                     help="额外的框架目录 (extra framework directory)")
    val.add_argument("--baseline", type=Path, action="append", default=[],
                     help="同时校验的基线目录 (baseline directory to validate too)")


def run(args: argparse.Namespace, *, console: Console) -> int:
    if args.action == "validate":
        catalogue = load_catalogue(extra_framework_dirs=args.frameworks)
        checks = load_checks(args.directory, frameworks=catalogue.frameworks)
        if args.baseline:
            load_baselines(args.baseline, checks={**catalogue.checks, **checks})
        console.print(f"[green]✓[/] {len(checks)} 个检查项有效 ({len(checks)} checks valid)")
        return ExitStatus.OK
    catalogue = load_catalogue()
    if args.action == "list":
        table = Table(title=f"检查项目录 catalogue ({len(catalogue)})")
        for col in ("ID", "领域 area", "方式", "级别", "标题 title", "条款 refs"):
            table.add_column(col)
        for check in catalogue.sorted():
            if args.area and check.area != args.area:
                continue
            if args.platform and check.applies_to.platforms and \
                    args.platform not in check.applies_to.platforms:
                continue
            refs = ", ".join(r.split(":", 1)[1] for r in check.refs[:3])
            table.add_row(check.id, check.area, STATUS_LABELS[check.kind.value],
                          check.severity.value, check.text("title", args.lang), refs)
        console.print(table)
        return ExitStatus.OK
    check = catalogue.checks.get(args.check_id)
    if check is None:
        console.print(f"[red]没有检查项 {args.check_id}[/] (no such check)")
        return ExitStatus.INVALID_INPUT
    lang = args.lang
    console.print(f"[bold]{check.id}[/] v{check.version} · {check.severity.value} · "
                  f"{check.area} · {STATUS_LABELS[check.kind.value]}")
    console.print(f"[bold]{check.text('title', lang)}[/]")
    console.print(check.text("rationale", lang))
    if check.question:
        console.print(f"[cyan]问题 question:[/] {check.text('question', lang)}")
    console.print(f"[cyan]整改 remediation:[/] {check.text('remediation', lang)}")
    for name, spec in check.params.items():
        console.print(f"  参数 {name} = {spec.default!r} ({spec.type})")
    for ref in check.refs:
        node = catalogue.frameworks.resolve(ref)
        text = (node.text.get(lang) or node.text.get("zh-hans") or node.title.get(lang)
                or node.title.get("zh-hans") or "") if node else ""
        flag = " [yellow](条款编号待核 uncertain)[/]" if node and node.uncertain else ""
        console.print(f"  · {ref}{flag} {text}", highlight=False)
    console.print(f"[dim]{Path(check.source_file).relative_to(default_catalogue_dir().parent)}[/]")
    return ExitStatus.OK
