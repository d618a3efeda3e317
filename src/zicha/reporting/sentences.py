"""Per-area sentences with numbers computed from the results.

A check joins a *topic* by the seed items it refers to (``refs: [seed:S20]``;
REQUIREMENTS.md S1…S33), or failing that by a token in its id (``-USB-``).
Within a topic every asset counts once: it fails if any of the topic's checks
failed on it, is undecidable if none failed but one could not be decided, and
passes otherwise — so "其中 10 台已关闭 3389、445 等高危端口" counts machines, not
check results. Checks that join no topic get the generic sentence
"{title}：检查 N 台，通过 P 台，不通过 F 台，无法判定 E 台".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zicha.reporting.labels import (
    FINDING_STATUS_NAMES,
    KIND_NAMES,
    ROLE_NAMES,
    TO_CONFIRM,
    ZONE_NAMES,
)
from zicha.reporting.model import ReportData
from zicha.reporting.stats import AreaStats, CheckStats, compute

__all__ = ["TOPICS", "Topic", "area_sentences", "checked_items", "number_list", "pct"]

NOT_CHECKED = "本次未检查此项。"
MAX_LISTED = 10


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    seeds: frozenset[str]
    tokens: tuple[str, ...]
    passed: str          # said of the assets that pass: "已禁用 USB 存储设备"
    failed: str          # said of the assets that fail: "未禁用 USB 存储设备"


def _t(key: str, seeds: str, tokens: str, passed: str, failed: str) -> Topic:
    return Topic(key, frozenset(seeds.split()), tuple(tokens.split()), passed, failed)


#: order matters: a check joins the first topic it matches
TOPICS: tuple[Topic, ...] = (
    _t("eol", "S19 S32", "-EOL-", "操作系统仍在厂商支持期内", "仍在使用已停止支持的操作系统"),
    _t("ports", "S20", "-RDP- -SMB-", "已关闭 3389、445 等高危端口", "仍开放 3389、445 等高危端口"),
    _t("server_ports", "S3", "-PORT-", "已关闭高危及不用的端口", "仍开放高危或不用的端口"),
    _t("usb", "S21", "-USB-", "已禁用 USB 存储设备", "未禁用 USB 存储设备"),
    _t("patch", "S8 S22", "-MS17- -PATCH-", "已安装 MS17-010 等高危漏洞补丁", "缺少高危漏洞补丁"),
    _t("antivirus", "S2 S23", "-AV-", "防病毒软件特征库已按期更新", "防病毒软件缺失或特征库过期"),
    _t("login", "S24", "-LOGON- -LOCK-", "已设置开机登录密码并启用锁屏",
       "存在空口令、自动登录或未设置锁屏"),
    _t("password", "S5", "-PASS- -AUTH-", "口令策略（定期更换、复杂度）符合要求", "口令策略不符合要求"),
    _t("host_firewall", "S4", "-FW-", "已启用主机防火墙", "未启用主机防火墙或入站规则过宽"),
    _t("isolation", "S1 S15", "-ISO- -EGRESS-", "内外网隔离有效，无法访问外网",
       "可访问外网或存在跨网连接"),
    _t("hotspot", "S16", "-WIFI-", "未发现私接无线热点", "发现私接无线热点或无线共享软件"),
    _t("ip_register", "S18", "-IPREG-", "已在 IP 地址台账中登记", "未在 IP 地址台账中登记"),
    _t("switch", "S13", "-SW-", "配置与日志检查未见异常", "配置或日志存在异常"),
    _t("perimeter", "S14", "-PERIM-", "边界已部署硬件防火墙", "边界未部署硬件防火墙"),
    _t("log_forwarding", "S17", "-LOG-", "日志已发送到集中日志服务器",
       "日志未发送到集中日志服务器（设备掉电会丢失本地日志）"),
    _t("ups", "S11", "-UPS-", "UPS 供电及续航满足要求", "UPS 状态或续航不满足要求"),
    _t("backup", "S9", "-BACKUP-", "已按期完成全量备份", "未按期完成全量备份"),
    _t("db_password", "S6 S28", "-DB-", "数据库口令按期更换", "数据库口令超期未更换"),
    _t("accounts", "S27", "-ACCT-", "账号专人专用、无闲置或离职人员账号", "存在共用、闲置或离职人员账号"),
    _t("extranet", "S26", "-EXT-", "已设置登录密码并安装防病毒软件", "基本防护措施未落实"),
)

ANSWER_PHRASES = {
    "passed": "已落实（符合）",
    "failed": "未落实（不符合）",
    "not_applicable": "不适用",
    "error": "无法判定",
}

AUTO_PHRASES = {"passed": "符合", "failed": "不符合", "not_applicable": "不适用",
                "error": "无法判定（信息缺失）"}


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def number_list(numbers: Iterable[int], limit: int = MAX_LISTED) -> str:
    """[1,2,3,7] → "1–3、7"; long lists end with "等 N 项"."""
    nums = sorted(set(numbers))
    runs: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        runs.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    text = "、".join(runs[:limit])
    return text + (f" 等共 {len(nums)} 项" if len(runs) > limit else "")


#: which shipped checks a topic sentence speaks for. A check joins a topic only when it is
#: listed here or tagged ``report:<topic>`` in its YAML: a sentence like "已禁用 USB 存储设备"
#: must be exactly what the check measured, so nothing is guessed from refs or ids. Every
#: other check gets the generic sentence built from its own title.
TOPIC_CHECKS: dict[str, str] = {
    "LNX-OS-0001": "eol", "WIN-OS-0001": "eol",
    "NET-PORT-0001": "ports", "NET-PORT-0002": "ports", "WIN-RDP-0001": "ports",
    "WIN-PORT-0001": "ports",
    "LNX-PORT-0001": "server_ports", "NET-PORT-0003": "server_ports",
    "NET-PORT-0004": "server_ports",
    "LNX-USB-0001": "usb", "WIN-USB-0001": "usb",
    "WIN-PATCH-0001": "patch",
    "WIN-AV-0001": "antivirus", "WIN-AV-0002": "antivirus",
    "WIN-ACCT-0002": "login", "WIN-ACCT-0003": "login", "WIN-LOCK-0001": "login",
    "LNX-AUTH-0001": "password", "LNX-AUTH-0002": "password", "LNX-AUTH-0003": "password",
    "WIN-AUTH-0001": "password", "WIN-AUTH-0002": "password", "WIN-AUTH-0003": "password",
    "LNX-FW-0001": "host_firewall", "WIN-FW-0001": "host_firewall",
    "WIN-WIFI-0001": "hotspot",
    "INV-REG-0001": "ip_register",
    "LNX-LOG-0001": "log_forwarding",
}
_BY_KEY = {t.key: t for t in TOPICS}


def topic_of(cs: CheckStats) -> Topic | None:
    for tag in cs.check.tags:
        if tag.startswith("report:") and tag[7:] in _BY_KEY:
            return _BY_KEY[tag[7:]]
        if tag in _BY_KEY:
            return _BY_KEY[tag]
    key = TOPIC_CHECKS.get(cs.check.id)
    return _BY_KEY.get(key) if key else None


def checked_items(area: AreaStats) -> str:
    """"检查内容：…" from the titles of the checks in the area."""
    titles = [cs.check.title_zh for cs in area.checks if cs.checked]
    if not titles:
        return ""
    shown = "；".join(titles[:12])
    more = f"等 {len(titles)} 项" if len(titles) > 12 else f"共 {len(titles)} 项"
    return f"检查内容：{shown}（{more}）。"


def _asset_noun(data: ReportData, area: str, keys: Iterable[str]) -> str:
    counts: Counter[str] = Counter()
    for key in keys:
        a = data.asset(key)
        if a is None:
            counts["资产"] += 1
            continue
        role = ROLE_NAMES.get(a.role, a.role)
        if area in ("workstation", "extranet") or a.role == "workstation":
            role = ZONE_NAMES.get(a.zone, a.zone) + role
        counts[role] += 1
    return "、".join(f"{name} {n} 台" for name, n in counts.most_common())


def _opening(data: ReportData, st: AreaStats) -> str:
    c = st.counts
    kinds = Counter(cs.check.kind for cs in st.checks if cs.checked)
    items = sum(kinds.values())
    kind_text = "、".join(f"{KIND_NAMES.get(k, k)} {n} 项" for k, n in sorted(kinds.items()))
    parts = []
    if st.assets:
        parts.append(f"共检查{_asset_noun(data, st.area, st.assets)}")
    parts.append(f"开展检查项 {items} 项（{kind_text}）")
    done = c["passed"] + c["failed"] + c["error"] + c["manual"]
    tail = [f"通过 {c['passed']} 项次", f"不通过 {c['failed']} 项次"]
    if c["error"]:
        tail.append(f"无法判定 {c['error']} 项次")
    if c["manual"]:
        tail.append(f"待确认 {c['manual']} 项次")
    return (f"{'，'.join(parts)}，共 {done} 项次：{'、'.join(tail)}；"
            f"符合率 {pct(st.compliance)}。")


def _per_asset(group: Sequence[CheckStats]) -> dict[str, str]:
    """asset key → failed | error | manual | passed across the topic's checks."""
    rank = {"failed": 4, "error": 3, "manual": 2, "passed": 1}
    state: dict[str, str] = {}
    for cs in group:
        for status, keys in cs.assets.items():
            if status not in rank:
                continue
            for key in keys:
                if key is None:
                    continue
                if rank[status] > rank.get(state.get(key, ""), 0):
                    state[key] = status
    return state


def _findings_for(data: ReportData, keys: set[str], check_ids: set[str]) -> list[int]:
    return [f.number for f in data.findings
            if f.is_open and f.asset in keys and f.check_id in check_ids]


def _topic_sentence(data: ReportData, topic: Topic, group: list[CheckStats],
                    area_total: int) -> str | None:
    state = _per_asset(group)
    if not state:
        return None
    n = len(state)
    by: Counter[str] = Counter(state.values())
    p, f, e, m = by["passed"], by["failed"], by["error"], by["manual"]
    whole = n == area_total
    if f == e == m == 0:
        return f"{n} 台均{topic.passed}。" if whole else f"检查其中 {n} 台，均{topic.passed}。"
    head = "" if whole else f"检查其中 {n} 台："
    parts = [f"{head}{'其中 ' if whole else ''}{p} 台{topic.passed}"] if p else [head]
    if f:
        failing = {k for k, s in state.items() if s == "failed"}
        text = f"{f} 台{topic.failed}"
        if topic.key == "eol":
            oses = Counter((data.asset(k).os_name if data.asset(k) else None) or "版本未知"
                           for k in failing)
            text = f"发现 {f} 台{topic.failed}（{'、'.join(f'{o} {c} 台' for o, c in oses.most_common())}）"
        nums = _findings_for(data, failing, {cs.check.id for cs in group})
        if nums:
            text += f"（问题编号 {number_list(nums)}）"
        parts.append(text)
    if e:
        parts.append(f"{e} 台因信息缺失无法判定")
    if m:
        parts.append(f"{m} 台{TO_CONFIRM}")
    first, rest = parts[0], [x for x in parts[1:] if x]
    if first.endswith("：") or not first:
        return first + "；".join(rest) + "。"
    return "；".join([first, *rest]) + "。"


def _generic_sentence(data: ReportData, cs: CheckStats) -> str | None:
    c = cs.counts
    if not cs.checked:
        return None
    if cs.org_wide:
        return _org_sentence(data, cs)
    text = (f"{cs.check.title_zh}：检查 {cs.checked} 台，通过 {c['passed']} 台，"
            f"不通过 {c['failed']} 台，无法判定 {c['error']} 台")
    if c["manual"]:
        text += f"，{TO_CONFIRM} {c['manual']} 台"
    nums = [f.number for f in data.findings if f.is_open and f.check_id == cs.check.id]
    if nums:
        text += f"（问题编号 {number_list(nums)}）"
    return text + "。"


def _org_sentence(data: ReportData, cs: CheckStats) -> str:
    """Organisation-wide items (plans, drills, training): the answer and its note."""
    answer = data.manual_answers.get(cs.check.id) if cs.check.kind == "manual" else None
    status = next((s for s in ("failed", "error", "passed", "not_applicable", "manual")
                   if cs.counts.get(s)), "manual")
    if status == "manual" and answer is not None and answer.answer:
        status = answer.answer
    phrases = ANSWER_PHRASES if cs.check.kind == "manual" else AUTO_PHRASES
    phrase = phrases.get(status, TO_CONFIRM)
    text = f"{cs.check.title_zh}：{phrase}"
    if answer and answer.note:
        text += f"，{answer.note.rstrip('。')}"
    nums = [f.number for f in data.findings if f.is_open and f.check_id == cs.check.id]
    if nums:
        text += f"（问题编号 {number_list(nums)}）"
    return text + "。"


def area_sentences(data: ReportData, area: str) -> list[str]:
    """The measured result of one area, as sentences; "本次未检查此项。" when nothing was."""
    st = compute(data).areas.get(area)
    if st is None or not st.examined:
        return [NOT_CHECKED]
    out = [_opening(data, st)]
    groups: dict[str, list[CheckStats]] = {}
    topics: dict[str, Topic] = {}
    generic: list[CheckStats] = []
    for cs in st.checks:
        topic = topic_of(cs) if not cs.org_wide else None
        if topic is None:
            generic.append(cs)
        else:
            groups.setdefault(topic.key, []).append(cs)
            topics[topic.key] = topic
    area_total = len(st.assets)
    for key, group in groups.items():
        sentence = _topic_sentence(data, topics[key], group, area_total)
        if sentence:
            out.append(sentence)
    for cs in generic:
        sentence = _generic_sentence(data, cs)
        if sentence:
            out.append(sentence)
    return out


def status_summary(statuses: Iterable[str]) -> str:
    counts = Counter(statuses)
    return "、".join(f"{FINDING_STATUS_NAMES.get(s, s)} {n} 项" for s, n in counts.most_common())
