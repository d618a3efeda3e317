"""zicha collect: run the Linux collector on this machine and write the bundle."""

from __future__ import annotations

import argparse
import datetime as dt
import socket
from pathlib import Path

from rich.console import Console

from zicha.cli.status import ExitStatus


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path,
                        help="输出文件或目录（默认当前目录下 <主机名>_<时间>.zbundle）")
    parser.add_argument("--show", action="store_true", help="同时显示解析出的事实 (print facts)")


def run(args: argparse.Namespace, *, console: Console) -> int:
    from zicha.collectors.local import collect_local
    from zicha.parsers.bundle import read_bundle
    from zicha.parsers.facts import bundle_facts

    with console.status("运行 collect.sh running the collector…"):
        data = collect_local()
    name = f"{socket.gethostname()}_{dt.datetime.now():%Y%m%d%H%M%S}.zbundle"
    out = args.output or Path(name)
    if out.is_dir():
        out = out / name
    out.write_bytes(data)
    bundle = read_bundle(data, source=str(out))
    facts = bundle_facts(bundle, today=dt.date.today())
    failed = {n: s.exit_code for n, s in bundle.sections.items() if not s.ok}
    console.print(f"采集包 bundle: {out} ({len(data)} 字节, {len(bundle.sections)} 段 sections)")
    if failed:
        console.print(f"[yellow]未成功的段 sections not collected[/]: {failed}"
                      " （非 root 运行时部分需要特权的段会失败 / some need root）")
    for ns, msg in facts.errors.items():
        console.print(f"[yellow]{ns}[/]: {msg}", highlight=False)
    if args.show:
        for ns in facts.namespaces():
            console.print(f"[bold]{ns}[/] {facts.get(ns)!r}", highlight=False)
    return ExitStatus.OK
