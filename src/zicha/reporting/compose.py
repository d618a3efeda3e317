"""ReportData → a list of blocks (headings, paragraphs, tables, charts).

The Word and HTML renderers both draw these blocks, so the two formats carry
the same structure and the same sentences. All text with a number in it is
made here (or in :mod:`zicha.reporting.sentences`) from computed counts.
Human paragraphs from the narrative file are marked ``human=True``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from zicha.reporting.labels import (
    AREA_NAMES,
    CHANGE_NAMES,
    FINDING_STATUS_NAMES,
    MISSING,
    SEVERITY_NAMES,
    SEVERITY_ORDER,
    TO_CONFIRM,
    ZONE_NAMES,
    area_name,
    cn_numeral,
)
from zicha.reporting.model import FindingRow, ReportData
from zicha.reporting.sentences import (
    area_sentences,
    checked_items,
    number_list,
    pct,
    status_summary,
    topic_of,
)
from zicha.reporting.stats import STATUSES, compliance, compute

__all__ = ["Block", "Chart", "Heading", "PageBreak", "Para", "Table", "compose",
           "fmt_date", "risk_groups"]

MAX_NAMES = 8


@dataclass
class Heading:
    level: int          # 1: 一、  2: （一）
    text: str


@dataclass
class Para:
    text: str
    human: bool = False
    style: str = "body"      # body | title | cover | caption | signature | item
    align: str | None = None  # None | center | right


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    widths: list[float] = field(default_factory=list)   # relative widths


@dataclass
class Chart:
    key: str
    caption: str


@dataclass
class PageBreak:
    pass


Block = Heading | Para | Table | Chart | PageBreak


def fmt_date(d) -> str:
    return MISSING if d is None else f"{d.year}年{d.month}月{d.day}日"


def _human(data: ReportData, section: str) -> list[Block]:
    if data.narrative is None:
        return []
    return [Para(t, human=True) for t in data.narrative.paras(section)]


def _names(names: list[str], limit: int = MAX_NAMES) -> str:
    uniq = list(dict.fromkeys(names))
    text = "、".join(uniq[:limit])
    return text + (f" 等 {len(uniq)} 项" if len(uniq) > limit else "")


def _set_or_missing(values) -> str:
    vals = sorted({v for v in values if v})
    return "、".join(vals) if vals else MISSING


def compose(data: ReportData, charts: set[str] | None = None) -> list[Block]:
    """The whole report. ``charts``: keys of the charts that exist (others are skipped)."""
    charts = charts if charts is not None else set()
    out: list[Block] = []
    out += _cover(data)
    out += _preface(data)
    out += _scope(data)
    out += _work(data, charts)
    out += _risks(data, charts)
    out += _comparison(data, charts)
    out += _plan(data)
    return out


def _unit(data: ReportData) -> str:
    n = data.narrative
    return (n.reporting_unit if n and n.reporting_unit else None) or data.organization


def _cover(data: ReportData) -> list[Block]:
    inspectors = "、".join(data.inspectors) if data.inspectors else MISSING
    return [
        Para(data.organization, style="title", align="center"),
        Para("网络安全自查报告", style="title", align="center"),
        Para(f"检查期间：{fmt_date(data.period_start)} 至 {fmt_date(data.period_end)}",
             style="cover", align="center"),
        Para(f"报告单位：{_unit(data)}", style="cover", align="center"),
        Para(f"检查人员：{inspectors}", style="cover", align="center"),
        Para(f"报告日期：{fmt_date(data.generated_at.date())}", style="cover", align="center"),
        PageBreak(),
    ]


def _preface(data: ReportData) -> list[Block]:
    out: list[Block] = [Para(
        f"为落实网络安全等级保护制度和卫生健康行业网络安全管理要求，{data.organization}于"
        f"{fmt_date(data.period_start)}至{fmt_date(data.period_end)}开展了网络安全自查"
        f"（{data.inspection_label}）。现将自查情况报告如下。")]
    return [*_human(data, "前言"), *_human(data, "领导重视"), *out]


def _scope(data: ReportData) -> list[Block]:
    out: list[Block] = [Heading(1, "一、基本情况（检查范围）")]
    zones = data.scope.zones
    tot = Counter()
    for z in zones:
        tot.update({"servers": z.servers, "pcs": z.pcs, "switches": z.switches, "other": z.other})
    n = sum(tot.values())
    zone_text = "、".join(ZONE_NAMES.get(z.zone, z.zone) for z in zones) or "（无资产数据）"
    out.append(Para(f"本次自查范围包括{zone_text}，共涉及资产 {n} 台，其中服务器 {tot['servers']} 台、"
                    f"工作站（PC）{tot['pcs']} 台、交换机 {tot['switches']} 台、"
                    f"其他设备 {tot['other']} 台（分区统计见表 1）。"))
    unregistered = [a for a in data.assets if not a.registered]
    if unregistered:
        out.append(Para(f"其中 {len(unregistered)} 台未在资产/IP 登记表中："
                        f"{_names([a.ip or a.name for a in unregistered])}。"))
    rows = [[ZONE_NAMES.get(z.zone, z.zone), str(z.servers), str(z.pcs), str(z.switches),
             str(z.other), str(z.total)] for z in zones]
    rows.append(["合计", str(tot["servers"]), str(tot["pcs"]), str(tot["switches"]),
                 str(tot["other"]), str(n)])
    out.append(Table(["区域", "服务器", "工作站（PC）", "交换机", "其他", "合计"], rows,
                     caption="表 1  检查范围（按网络区域）"))
    systems = data.scope.systems
    if systems:
        grades = Counter(s.grade for s in systems)
        grade_text = "、".join(f"{g} {c} 个" for g, c in sorted(grades.items()))
        out.append(Para(f"在用信息系统 {len(systems)} 个，等保定级情况：{grade_text}（见表 2）。"))
        out.append(Table(["序号", "信息系统", "等保等级", "备注"],
                         [[str(i), s.name, s.grade, s.note or ""] for i, s in enumerate(systems, 1)],
                         caption="表 2  信息系统及等保定级", widths=[1.3, 5, 2, 4]))
    else:
        out.append(Para(f"信息系统及等保定级情况：{TO_CONFIRM}（请在叙述文件“信息系统”中填写）。"))
    return out + _human(data, "基本情况")


def _work(data: ReportData, charts: set[str]) -> list[Block]:
    st = compute(data)
    out: list[Block] = [Heading(1, "二、工作开展检查情况"), *_human(data, "工作开展情况")]
    c = st.counts
    examined = [cs for cs in st.by_check.values() if cs.checked]
    kinds = Counter(cs.check.kind for cs in examined)
    assets = set().union(*(a.assets for a in st.areas.values())) if st.areas else set()
    out.append(Para(
        f"本次自查共开展检查项 {len(examined)} 项（自动 {kinds['auto']} 项、人工 {kinds['manual']} 项），"
        f"覆盖资产 {len(assets)} 台，形成检查结果 {sum(c.values())} 项次：通过 {c['passed']} 项次、"
        f"不通过 {c['failed']} 项次、无法判定 {c['error']} 项次、{TO_CONFIRM} {c['manual']} 项次、"
        f"不适用 {c['not_applicable']} 项次；总体符合率 {pct(st.compliance)}"
        f"（通过 ÷（通过 + 不通过 + 无法判定））。各领域情况见表 3。"))
    rows = []
    for area, a in st.areas.items():
        if area not in AREA_NAMES and not a.checks:
            continue
        k = a.counts
        rows.append([area_name(area), str(sum(1 for cs in a.checks if cs.checked)),
                     str(len(a.assets)), *(str(k[s]) for s in ("passed", "failed", "error", "manual",
                                                               "not_applicable")),
                     pct(a.compliance) if a.examined else "未检查"])
    out.append(Table(["检查领域", "检查项", "资产", "通过", "不通过", "无法判定", TO_CONFIRM, "不适用",
                      "符合率"], rows, caption="表 3  各领域检查结果", widths=[4, 2, 2, 2, 2, 2, 2, 2, 2]))
    if "compliance" in charts:
        out.append(Chart("compliance", "图 1  各领域符合率"))
    for i, area in enumerate(a for a in st.areas if a in AREA_NAMES or st.areas[a].checks):
        out.append(Heading(2, f"（{cn_numeral(i + 1)}）{area_name(area)}"))
        items = checked_items(st.areas[area])
        if items:
            out.append(Para(items))
        out += [Para(s) for s in area_sentences(data, area)]
        out += _human(data, area)
    return out


def risk_groups(data: ReportData) -> list[dict]:
    """Open findings grouped by area then check: one numbered risk per check."""
    cached = data.__dict__.get("_risk_groups")
    if cached is not None:
        return cached
    st = compute(data)
    by_check: dict[str, list[FindingRow]] = defaultdict(list)
    for f in st.open_findings:
        by_check[f.check_id].append(f)
    order = {a: i for i, a in enumerate(st.areas)}
    groups = []
    for cid, rows in by_check.items():
        check = data.check(cid)
        area = check.area if check else "other"
        sev = min((f.severity for f in rows), key=lambda s: SEVERITY_ORDER.index(s)
                  if s in SEVERITY_ORDER else 9)
        dues = [f.due for f in rows if f.due]
        groups.append({
            "check_id": cid, "area": area, "area_name": area_name(area),
            "title": rows[0].title, "problem": _problem(data, cid, rows[0].title),
            "severity": sev,
            "severity_name": SEVERITY_NAMES.get(sev, sev), "count": len(rows),
            "numbers": number_list(f.number for f in rows),
            "assets": _names([f.asset_name for f in rows]),
            "measure": rows[0].measure or (check.remediation_zh if check else "") or MISSING,
            "departments": _set_or_missing(f.department for f in rows),
            "owners": _set_or_missing(f.owner for f in rows),
            "due": fmt_date(min(dues)) if dues and len(dues) == len(rows) else
            (f"{fmt_date(min(dues))}（部分{MISSING}）" if dues else MISSING),
            "status": status_summary(f.status for f in rows),
            "findings": rows,
        })
    groups.sort(key=lambda g: (order.get(g["area"], 99),
                               SEVERITY_ORDER.index(g["severity"]) if g["severity"] in SEVERITY_ORDER
                               else 9, g["check_id"]))
    for i, g in enumerate(groups, 1):
        g["index"] = i
    object.__setattr__(data, "_risk_groups", groups)
    return groups


def _problem(data: ReportData, check_id: str, title: str) -> str:
    """What is wrong, in words: the topic's failure phrase, else 不符合“title”."""
    cs = compute(data).by_check.get(check_id)
    topic = topic_of(cs) if cs is not None else None
    return topic.failed if topic else f"不符合“{title}”"


def _risks(data: ReportData, charts: set[str]) -> list[Block]:
    st = compute(data)
    out: list[Block] = [Heading(1, "三、存在的风险和问题")]
    open_f = st.open_findings
    if not open_f:
        out.append(Para("本次自查未发现不符合项。"))
    else:
        sev = "、".join(f"{SEVERITY_NAMES[s]} {st.by_severity[s]} 项" for s in SEVERITY_ORDER
                        if st.by_severity.get(s))
        assets = {f.asset for f in open_f if f.asset}
        depts = {f.department for f in open_f if f.department}
        out.append(Para(f"本次自查发现待整改问题 {len(open_f)} 项（{sev}），涉及资产 {len(assets)} 台、"
                        f"科室 {len(depts)} 个。按检查领域归并为以下 {len(risk_groups(data))} 类风险，"
                        f"完整清单见《整改台账》："))
        current = None
        for g in risk_groups(data):
            if g["area"] != current:
                current = g["area"]
                out.append(Para(f"【{g['area_name']}】", style="item"))
            out.append(Para(
                f"{g['index']}. {g['problem']}（检查项“{g['title']}”，{g['severity_name']}风险，"
                f"{g['count']} 项）：涉及 "
                f"{g['assets']}，问题编号 {g['numbers']}。整改措施：{g['measure'].rstrip('。')}。"
                f"责任部门：{g['departments']}；责任人：{g['owners']}；整改期限：{g['due']}；"
                f"当前状态：{g['status']}。"))
        out.append(Table(["序号", "问题", "等级", "数量", "责任部门", "整改期限", "状态"],
                         [[str(g["index"]), g["problem"], g["severity_name"], str(g["count"]),
                           g["departments"], g["due"], g["status"]] for g in risk_groups(data)],
                         caption="表 4  风险和问题汇总", widths=[1.3, 5.2, 1.3, 1.3, 3.6, 2.2, 2.4]))
        for key, caption in (("severity", "图 2  待整改问题按风险等级"),
                             ("department", "图 3  待整改问题按科室")):
            if key in charts:
                out.append(Chart(key, caption))
    pending = [cid for cid, ans in data.manual_answers.items() if ans is None or not ans.answer]
    if pending:
        titles = [(data.check(c).title_zh if data.check(c) else c) for c in pending]
        out.append(Para(f"另有人工检查项 {len(pending)} 项{TO_CONFIRM}：{_names(titles, 20)}。"))
    return out + _human(data, "存在问题")


def _comparison(data: ReportData, charts: set[str]) -> list[Block]:
    st = compute(data)
    out: list[Block] = [Heading(1, "四、与上次自查对比")]
    ch = st.changes
    if not data.previous and not (ch["recurring"] or ch["fixed"]):
        out.append(Para("本次为首次自查（无上次自查数据），暂无对比；本次发现的问题均记为新增"
                        f"（{ch['new']} 项）。"))
        return out
    text = (f"与上次自查相比：新增问题 {ch['new']} 项，复发（上次已发现、本次仍存在）"
            f"{ch['recurring']} 项，已整改 {ch['fixed']} 项。")
    if data.previous:
        last = data.previous[-1]
        text += (f"总体符合率由上次（{last.label}）的 {pct(compliance(last.counts))} "
                 f"变为本次的 {pct(st.compliance)}。")
    out.append(Para(text))
    for change in ("new", "recurring", "fixed"):
        rows = [f for f in data.findings if f.change == change]
        if not rows:
            continue
        per: dict[str, list[FindingRow]] = defaultdict(list)
        for f in rows:
            per[f.title if change == "fixed" else _problem(data, f.check_id, f.title)].append(f)
        items = "；".join(f"{title} {len(fs)} 项（编号 {number_list(f.number for f in fs)}）"
                         for title, fs in sorted(per.items(), key=lambda kv: -len(kv[1]))[:12])
        more = "等" if len(per) > 12 else ""
        out.append(Para(f"{CHANGE_NAMES[change]}：{items}{more}。"))
    if data.previous:
        trend = [[p.label, p.date.isoformat(), *(str(p.counts.get(s, 0)) for s in
                                                ("passed", "failed", "error")),
                 pct(compliance(p.counts))] for p in data.previous]
        trend.append(["本次", data.period_end.isoformat(),
                     *(str(st.counts[s]) for s in ("passed", "failed", "error")),
                     pct(st.compliance)])
        out.append(Table(["检查", "日期", "通过", "不通过", "无法判定", "符合率"], trend,
                         caption="表 5  历次自查结果", widths=[4, 2.5, 1.5, 1.5, 1.5, 1.5]))
        if "trend" in charts:
            out.append(Chart("trend", "图 4  历次自查符合率趋势"))
    return out


def _plan(data: ReportData) -> list[Block]:
    st = compute(data)
    out: list[Block] = [Heading(1, "五、工作建议和今后计划")]
    groups = risk_groups(data)
    if not groups:
        out.append(Para("本次自查未发现需整改的问题，将按计划定期开展自查，持续做好网络安全防护。"))
    by_area: dict[str, list[dict]] = defaultdict(list)
    for g in groups:
        by_area[g["area"]].append(g)
    for i, (area, gs) in enumerate(by_area.items(), 1):
        n = sum(g["count"] for g in gs)
        sev = Counter()
        for g in gs:
            sev.update(f.severity for f in g["findings"])
        sev_text = "、".join(f"{SEVERITY_NAMES[s]} {sev[s]} 项" for s in SEVERITY_ORDER if sev.get(s))
        top = sorted(gs, key=lambda g: (SEVERITY_ORDER.index(g["severity"])
                                        if g["severity"] in SEVERITY_ORDER else 9, -g["count"]))[:3]
        steps = "；".join(f"{g['problem']}（{g['count']} 项）：{g['measure'].rstrip('。')}"
                         for g in top)
        out.append(Para(f"{i}. {area_name(area)}：尚有 {n} 项问题待整改（{sev_text}）。"
                        f"下一步重点：{steps}。"))
    pending = sum(1 for a in data.manual_answers.values() if a is None or not a.answer)
    errors = st.counts["error"]
    extra = []
    if errors:
        extra.append(f"对 {errors} 项次无法判定的检查补充采集信息后复查")
    if pending:
        extra.append(f"完成 {pending} 项人工检查项的确认并上传佐证材料")
    if extra:
        out.append(Para(f"{len(by_area) + 1}. 其他：{'；'.join(extra)}。"))
    out += _human(data, "今后计划")
    out += _human(data, "结语")
    out += _signature(data)
    return out


def _signature(data: ReportData) -> list[Block]:
    n = data.narrative
    lines = [f"报告单位：{_unit(data)}"]
    lines.append(f"负责人：{n.leader if n and n.leader else MISSING}")
    if n and n.leading_group:
        lines.append(f"领导小组：{'；'.join(n.leading_group)}")
    lines.append(f"联系人：{n.contact if n and n.contact else MISSING}")
    lines.append(fmt_date(data.generated_at.date()))
    return [Para(t, style="signature", align="right") for t in lines]


def finding_status(f: FindingRow) -> str:
    return FINDING_STATUS_NAMES.get(f.status, f.status)


def result_statuses() -> tuple[str, ...]:
    return STATUSES
