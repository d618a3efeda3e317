"""zicha report [INSPECTION]: the report set written from a stored inspection."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from zicha.cli.status import ExitStatus
from zicha.domain.errors import ZichaError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inspection", nargs="?", type=int,
                        help="检查编号（默认最近一次完成的检查）inspection id")
    parser.add_argument("--format", default="docx,xlsx,html,pdf",
                        help="docx,xlsx,html,pdf（逗号分隔）")
    parser.add_argument("--template", type=Path, help="医院自己的 Word 模板 (docxtpl)")
    parser.add_argument("--narrative", type=Path,
                        help="医院自写段落 YAML（单位、领导小组、工作开展情况……）")
    parser.add_argument("--out", type=Path, default=Path("zicha-reports"), help="输出目录")


def run(args: argparse.Namespace, *, console: Console) -> int:
    files = write_reports(args.inspection, out=args.out, formats=args.format,
                          template=args.template, narrative=args.narrative, console=console)
    for kind, path in files.items():
        console.print(f"  {kind}: {path}", highlight=False)
    return ExitStatus.OK


def write_reports(inspection_id: int | None, *, out: Path, formats: str,
                  template: Path | None = None, narrative: Path | None = None,
                  console: Console) -> dict[str, Path]:
    from zicha.cli.store import django_ready

    django_ready()
    from zicha.reporting import write_report_set
    from zicha.reporting.narrative import load_narrative
    from zicha.web.inspections.models import Inspection
    from zicha.web.reports.selectors import report_data_for

    query = Inspection.objects.select_related("organization")
    inspection = (query.filter(pk=inspection_id).first() if inspection_id else
                  query.filter(status="finished").order_by("-pk").first())
    if inspection is None:
        raise ZichaError(f"no inspection {inspection_id or ''} in the database".replace("  ", " "),
                         code="inspection-not-found", hint="zicha inspect / zicha demo first")
    story = load_narrative(narrative) if narrative else None
    data = report_data_for(inspection, narrative=story)
    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    try:
        return write_report_set(data, out, formats=wanted, template=template)
    except ZichaError as exc:
        if exc.code != "pdf-unavailable":
            raise
        console.print(f"[yellow]PDF 未生成[/]: {exc.message}（{exc.hint}）")
        return write_report_set(data, out, formats=tuple(f for f in wanted if f != "pdf"),
                                template=template)
