"""Rich rendering of an inspection outcome for the terminal."""

from __future__ import annotations

from collections import Counter, defaultdict

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from zicha.domain.inspection import InspectionOutcome
from zicha.domain.results import CheckStatus

STATUS_ZH = {
    CheckStatus.PASSED: "[green]通过[/]",
    CheckStatus.FAILED: "[red]不通过[/]",
    CheckStatus.NOT_APPLICABLE: "[dim]不适用[/]",
    CheckStatus.MANUAL: "[cyan]待确认[/]",
    CheckStatus.ERROR: "[yellow]无法判定[/]",
}
MAX_FAILURE_ROWS = 40
ZONE_ZH = {"intranet": "内网", "extranet": "外网", "dmz": "服务器区"}
ROLE_ZH = {"server": "服务器", "workstation": "工作站", "switch": "交换机", "router": "路由器",
           "firewall": "防火墙", "printer": "打印机", "ups": "UPS", "other": "其他"}
ORDER = [CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.ERROR, CheckStatus.MANUAL,
         CheckStatus.NOT_APPLICABLE]


def render_summary(outcome: InspectionOutcome, console: Console, *, lang: str = "zh-hans") -> None:
    by_asset: dict[str, Counter[CheckStatus]] = defaultdict(Counter)
    for r in outcome.results:
        by_asset[r.asset][r.status] += 1
    assets = {a.key: a for a in outcome.assets}
    table = Table(title=f"{outcome.organization} — 各资产检查结果 results per asset")
    table.add_column("资产", no_wrap=True, max_width=14 if console.width < 100 else 24,
                     overflow="ellipsis")
    show_ip = console.width >= 100
    if show_ip:
        table.add_column("地址", no_wrap=True)
    table.add_column("区域/角色", no_wrap=True, min_width=11)
    for status in ORDER:
        table.add_column(STATUS_ZH[status], justify="right", no_wrap=True,
                         min_width=cell_len(Text.from_markup(STATUS_ZH[status]).plain))
    for key, counts in sorted(by_asset.items(), key=lambda kv: (kv[0] == "org", kv[0])):
        a = assets.get(key)
        name = a.name if a else key
        flag = "" if (a is None or a.registered) else " [red](未登记)[/]"
        where = [(a.ip or "本机") if a and key != "org" else "—"] if show_ip else []
        table.add_row(f"{escape(name)}{flag}", *where,
                      f"{ZONE_ZH.get(a.zone, a.zone)}/{ROLE_ZH.get(a.role, a.role)}" if a else "",
                      *[str(counts.get(s, 0) or "") for s in ORDER])
    console.print(table)

    failures = [r for r in outcome.results if r.status is CheckStatus.FAILED]
    if failures:
        wide = console.width >= 120
        ft = Table(title=f"不通过项 failures ({len(failures)})")
        for col in ("资产", "检查项", "级别", "标题", *(["观察到 observed"] if wide else [])):
            ft.add_column(col, overflow="fold")
        ordered = sorted(failures, key=lambda r: (-r.severity.rank, r.asset, r.check_id))
        for r in ordered[:MAX_FAILURE_ROWS]:
            info = outcome.checks[r.check_id]
            seen = next((o for o in r.observations if o.ok is False), None)
            shown = "" if seen is None else f"{seen.fact} = {seen.actual!r}"
            name = assets[r.asset].name if r.asset in assets else r.asset
            ft.add_row(escape(name), r.check_id, r.severity.value,
                       info.title.get(lang) or info.title["zh-hans"],
                       *([escape(shown[:80])] if wide else []))
        console.print(ft)
        if len(failures) > MAX_FAILURE_ROWS:
            console.print(f"…另有 {len(failures) - MAX_FAILURE_ROWS} 项不通过，见报告与 results JSON "
                          "(more in the report and the results JSON)")
    counts = outcome.counts()
    total = sum(counts.values())
    parts = [f"{STATUS_ZH[s]} {counts.get(s.value, 0)}" for s in ORDER]
    console.print(f"共 {total} 项结果，{len(by_asset)} 个对象 (results over assets)：" + "，".join(parts))
    for p in outcome.problems:
        where = f"{p.source}:{p.line}" if p.line else p.source
        console.print(f"[yellow]问题 problem[/] {escape(where)} {escape(f'[{p.code}]')} {escape(p.message)}",
                      highlight=False)
