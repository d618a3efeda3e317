"""Chinese labels for the stable English codes the engines emit.

The report is written for a Chinese health authority, so the labels live here
(the engines only emit codes). Unknown codes are shown as they are, never
dropped.
"""

from __future__ import annotations

from zicha.rules.schema import AREAS

__all__ = [
    "AREA_NAMES",
    "CHANGE_NAMES",
    "FINDING_STATUS_NAMES",
    "KIND_NAMES",
    "MISSING",
    "NUMERALS",
    "REASON_NAMES",
    "ROLE_NAMES",
    "SEVERITY_NAMES",
    "SEVERITY_ORDER",
    "STATUS_NAMES",
    "TO_CONFIRM",
    "ZONE_NAMES",
    "area_name",
    "cn_numeral",
    "label",
    "ref_label",
]

#: shown where an owner, department or deadline is not known yet
MISSING = "待定"
#: shown where a manual item has no answer yet
TO_CONFIRM = "待确认"

AREA_NAMES: dict[str, str] = {
    "machine_room": "机房与服务器",
    "network": "网络与安全设备",
    "workstation": "临床内网工作站",
    "extranet": "外网终端",
    "database_account": "数据库与账号",
    "logging": "日志",
    "emergency": "应急响应",
    "people": "人员与培训",
}
assert tuple(AREA_NAMES) == AREAS

STATUS_NAMES = {
    "passed": "通过",
    "failed": "不通过",
    "not_applicable": "不适用",
    "manual": TO_CONFIRM,
    "error": "无法判定",
}
SEVERITY_NAMES = {
    "critical": "严重",
    "high": "高",
    "medium": "中",
    "low": "低",
    "info": "提示",
}
SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")
KIND_NAMES = {"auto": "自动", "manual": "人工"}
ZONE_NAMES = {"intranet": "内网", "extranet": "外网", "dmz": "DMZ 区"}
ROLE_NAMES = {
    "server": "服务器",
    "workstation": "工作站",
    "switch": "交换机",
    "router": "路由器",
    "firewall": "防火墙",
    "printer": "打印机",
    "ups": "UPS",
    "other": "其他",
}
FINDING_STATUS_NAMES = {
    "open": "待整改",
    "in_progress": "整改中",
    "fixed": "已整改",
    "verified": "已验证",
    "accepted": "已接受风险",
    "closed": "已关闭",
}
CHANGE_NAMES = {"new": "新增", "recurring": "复发", "fixed": "已整改"}
REASON_NAMES = {
    "awaiting-answer": "待人工确认",
    "answered": "人工确认",
    "fact-undecidable": "所需信息缺失或采集失败",
    "applicability-undecided": "无法判断是否适用",
    "condition-not-met": "不满足适用条件",
    "platform-excluded": "平台不适用",
    "zone-excluded": "区域不适用",
    "role-excluded": "角色不适用",
}

NUMERALS = "一二三四五六七八九十"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1…99)."""
    if n <= 0:
        return str(n)
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    if n < 100:
        tens, ones = divmod(n, 10)
        return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")
    return str(n)


#: short names of the framework libraries (catalogue/frameworks/*.yaml) for the 等保条款 column
FRAMEWORK_NAMES = {
    "gbt22239-2019": "GB/T 22239-2019",
    "nhc-2022-29": "《医疗卫生机构网络安全管理办法》",
    "csl": "《网络安全法》",
    "seed": "自查项",
}


def ref_label(ref: str) -> str:
    """``gbt22239-2019:8.1.4.1.a`` → ``GB/T 22239-2019 8.1.4.1.a``; unknown prefixes as given."""
    framework, _, node = ref.partition(":")
    name = FRAMEWORK_NAMES.get(framework)
    return f"{name} {node}" if name and node else ref


def label(table: dict[str, str], code: str | None, default: str = MISSING) -> str:
    if code is None or code == "":
        return default
    return table.get(code, code)


def area_name(area: str) -> str:
    return AREA_NAMES.get(area, area)
