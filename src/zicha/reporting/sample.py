"""A synthetic, anonymised inspection (演示人民医院) for samples, docs and benchmarks.

Deterministic for a given seed. Not used by real inspections: the lab
(``zicha.lab``) simulates the hospital's network; this only fabricates an
InspectionOutcome so the reporting engine can be shown and timed on its own.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from zicha.domain.facts import FactSet
from zicha.domain.inspection import AssetRecord, CheckInfo, InspectionOutcome
from zicha.domain.results import CheckResult, CheckStatus, Observation, Severity
from zicha.reporting.model import Narrative
from zicha.reporting.narrative import parse_narrative

__all__ = ["SAMPLE_CHECKS", "SAMPLE_NARRATIVE", "sample_narrative", "sample_outcome"]

ORG = "演示人民医院"
DEPARTMENTS = ("门诊部", "急诊科", "放射科", "检验科", "药剂科", "内科", "外科", "儿科", "妇产科",
               "收费处", "信息科", "医务科", "护理部", "财务科")


@dataclass(frozen=True)
class _Spec:
    id: str
    area: str
    severity: str
    title: str
    remediation: str
    refs: tuple[str, ...]
    roles: tuple[str, ...] = ()          # () → organisation-wide
    zones: tuple[str, ...] = ("intranet",)
    kind: str = "auto"
    fact: str = ""
    op: str = "eq"
    expected: object = True
    bad: object = False
    fail_rate: float = 0.12
    platforms: tuple[str, ...] = ()


SAMPLE_CHECKS: tuple[_Spec, ...] = (
    _Spec("WIN-PATCH-0001", "machine_room", "critical", "服务器已安装 MS17-010 等高危漏洞补丁",
          "安装 MS17-010 补丁（KB4012212 等）并重启；无法安装时关闭 445 端口。",
          ("seed:S8", "gbt22239-2019:8.1.4.4.c"), ("server",), fact="windows.ms17_010.patched", platforms=("windows",)),
    _Spec("LNX-AUTH-0001", "machine_room", "medium", "系统口令最长使用期限不超过 90 天",
          "在 /etc/login.defs 中设置 PASS_MAX_DAYS 90。", ("seed:S5", "gbt22239-2019:8.1.4.1.a"),
          ("server",), fact="linux.login_defs.pass_max_days", op="lte", expected=90, bad=99999,
          platforms=("linux",)),
    _Spec("SRV-PORT-0001", "machine_room", "high", "服务器仅开放业务所需端口",
          "按端口白名单关闭不用的服务和端口，修改远程管理默认端口。", ("seed:S3",),
          ("server",), ("intranet", "dmz"), fact="scan.unexpected_ports", op="empty",
          expected=None, bad=[135, 139, 3389]),
    _Spec("MAN-BACKUP-0001", "machine_room", "high", "核心业务系统已按期完成全量备份",
          "按备份策略完成全量备份并做恢复演练，记录备份日期与责任人。", ("seed:S9",), kind="manual"),
    _Spec("MAN-ROOM-0001", "machine_room", "medium", "机房消防、供电、门禁及每日巡查记录完整",
          "补全机房巡查记录，检查灭火器有效期与门禁。", ("seed:S10",), kind="manual"),
    _Spec("NET-SW-0001", "network", "medium", "交换机已配置日志服务器且无异常登录",
          "在交换机上配置 info-center loghost，并核查登录失败记录。", ("seed:S13",),
          ("switch",), ("intranet", "extranet"), fact="netdev.loghost_configured"),
    _Spec("NET-ISO-0001", "network", "critical", "内网主机无法访问外网（物理隔离有效）",
          "排查跨网连接与双网卡主机，拆除内外网混插跳线。", ("seed:S1", "seed:S15"),
          ("workstation", "server"), fact="egress.reachable", op="eq", expected=False, bad=True,
          fail_rate=0.02),
    _Spec("NET-IPREG-0001", "network", "low", "在线设备已在 IP 地址登记表中登记",
          "将设备登记入 IP 地址登记表，并在接入交换机上做 IP-MAC 绑定。", ("seed:S18",),
          ("workstation", "printer"), fact="register.matched", fail_rate=0.05),
    _Spec("WIN-EOL-0001", "workstation", "high", "操作系统在厂商支持期内",
          "将 Windows 7 工作站升级到受支持的操作系统版本。", ("seed:S19",), ("workstation",),
          fact="os.supported", fail_rate=0.15),
    _Spec("WIN-RDP-0001", "workstation", "high", "工作站已关闭 3389、445 高危端口",
          "在主机防火墙中阻断 3389、445 入站，关闭远程桌面。", ("seed:S20",), ("workstation",),
          fact="scan.high_risk_open", op="empty", expected=None, bad=[3389, 445]),
    _Spec("WIN-USB-0001", "workstation", "medium", "工作站已禁用 USB 存储设备",
          "将 HKLM\\SYSTEM\\CurrentControlSet\\Services\\USBSTOR 的 Start 设为 4。",
          ("seed:S21",), ("workstation",), fact="windows.usbstor.start", op="eq", expected=4,
          bad=3),
    _Spec("WIN-MS17-0001", "workstation", "critical", "工作站已安装勒索病毒（MS17-010）补丁",
          "安装 MS17-010 补丁。", ("seed:S22",), ("workstation",), fact="windows.ms17_010.patched",
          fail_rate=0.06),
    _Spec("WIN-AV-0001", "workstation", "high", "防病毒特征库 7 天内已更新",
          "检查杀毒软件服务器的升级任务，确保客户端每周更新病毒库。", ("seed:S23",),
          ("workstation",), fact="av.signature_age_days", op="lte", expected=7, bad=23),
    _Spec("WIN-LOGON-0001", "workstation", "medium", "已设置开机密码，10 分钟内自动锁屏",
          "关闭自动登录，设置屏保锁屏时间不超过 600 秒。", ("seed:S24",), ("workstation",),
          fact="windows.screensaver.timeout", op="lte", expected=600, bad=0),
    _Spec("EXT-BASE-0001", "extranet", "low", "外网终端已设置登录密码并安装防病毒软件",
          "为外网终端设置登录密码并安装防病毒软件。", ("seed:S26",), ("workstation",),
          ("extranet",), fact="av.installed", fail_rate=0.1),
    _Spec("ACC-HIS-0001", "database_account", "high", "HIS 账号专人专用，无闲置超过 90 天的账号",
          "停用闲置及离职人员账号，取消共用账号。", ("seed:S27",), fact="accounts.dormant",
          op="empty", expected=None, bad=["his_test", "nurse01"], fail_rate=1.0),
    _Spec("MAN-DB-0001", "database_account", "high", "数据库口令专人管理、每 6 个月更换",
          "指定数据库口令管理人，每 6 个月更换并登记。", ("seed:S6", "seed:S28"), kind="manual"),
    _Spec("LOG-RET-0001", "logging", "high", "网络设备日志集中留存不少于 6 个月",
          "部署日志服务器并保证留存 180 天以上。", ("seed:S17",), fact="syslog.retention_days",
          op="gte", expected=180, bad=35, fail_rate=1.0),
    _Spec("MAN-EMERG-0001", "emergency", "medium", "已制定应急预案并在本年度开展演练",
          "修订应急预案，组织收费、护理人员开展手工流程演练并记录。", ("seed:S30",), kind="manual"),
    _Spec("MAN-TRAIN-0001", "people", "low", "本年度已开展全员网络安全培训",
          "组织全院网络安全意识培训并保存签到记录。", ("seed:S31",), kind="manual"),
)

SAMPLE_NARRATIVE = """\
单位名称: 演示人民医院
报告单位: 演示人民医院信息科
负责人: 王某某（分管副院长）
领导小组: [组长：王某某, 副组长：信息科科长, 成员：医务科、护理部、总务科负责人]
联系人: 李某某 0000-1234567
检查人员: [张某某, 赵某某]
段落:
  领导重视: |
    医院领导高度重视网络安全自查工作，成立了由分管副院长任组长的网络安全工作领导小组，召开专题会议部署自查工作，明确信息科牵头、各临床科室配合。
  今后计划: |
    下一阶段，医院将加强信息技术人员的网络安全培训，加大对网络安全设备的投入，逐步淘汰老旧工作站。
"""


def sample_narrative() -> Narrative:
    return parse_narrative(SAMPLE_NARRATIVE, file="sample-narrative.yaml")


def _assets(n: int, rng: random.Random) -> list[AssetRecord]:
    out = []
    servers = max(2, n // 25)
    switches = max(1, n // 40)
    printers = max(1, n // 50)
    extranet = max(1, n // 10)
    pcs = max(1, n - servers - switches - printers - extranet)
    plan = ([("server", "intranet")] * servers + [("switch", "intranet")] * switches
            + [("printer", "intranet")] * printers + [("workstation", "extranet")] * extranet
            + [("workstation", "intranet")] * pcs)
    for i, (role, zone) in enumerate(plan[:n], 1):
        net = 30 if zone == "extranet" else {"server": 10, "switch": 1}.get(role, 20 + i // 250)
        ip = f"127.{net}.{(i // 250) % 250}.{i % 250 + 1}"
        prefix = {"server": "SRV", "switch": "SW", "printer": "PRN"}.get(role, "PC")
        platform = {"server": "windows" if i % 3 else "linux", "switch": "network_device",
                    "printer": "printer"}.get(role, "windows")
        dept = "信息科" if role in ("server", "switch") else DEPARTMENTS[i % len(DEPARTMENTS)]
        out.append(AssetRecord(key=f"ip:{ip}", name=f"{prefix}-{i:04d}", platform=platform,
                               zone=zone, role=role, ip=ip, department=dept,
                               registered=rng.random() > 0.01, sources=("scan",)))
    return out


def _info(s: _Spec) -> CheckInfo:
    return CheckInfo(id=s.id, version=1, kind=s.kind, area=s.area, severity=s.severity,
                     scope="asset" if s.roles else "organization",
                     title={"zh-hans": s.title, "en": s.id}, remediation={"zh-hans": s.remediation,
                                                                          "en": s.remediation},
                     refs=s.refs)


def _os(a: AssetRecord, rng: random.Random) -> str | None:
    if a.platform == "linux":
        return "CentOS Linux 7"
    if a.platform != "windows":
        return None
    if a.role == "server":
        return rng.choice(["Windows Server 2012 R2", "Windows Server 2016", "Windows Server 2019"])
    return "Windows 7 专业版" if rng.random() < 0.15 else "Windows 10 专业版"


def sample_outcome(n_assets: int = 60, *, seed: int = 1, max_results: int | None = None,
                   finished: dt.date = dt.date(2025, 6, 30),
                   answered: bool = True) -> InspectionOutcome:
    """An inspection of ``n_assets`` synthetic assets with the SAMPLE_CHECKS."""
    rng = random.Random(seed)
    assets = _assets(n_assets, rng)
    facts = {}
    for a in assets:
        os_name = _os(a, rng)
        if os_name:
            facts[a.key] = FactSet({"os": {"name": os_name}})
    results: list[CheckResult] = []
    answers = {}
    for spec in SAMPLE_CHECKS:
        sev = Severity(spec.severity)
        if not spec.roles:                            # organisation-wide
            if spec.kind == "manual":
                ans = rng.choice(["passed", "passed", "failed", None]) if answered else None
                answers[spec.id] = ({"answer": ans, "note": "已查阅相关记录" if ans else None})
                status = CheckStatus(ans) if ans else CheckStatus.MANUAL
                reason = "answered" if ans else "awaiting-answer"
                results.append(CheckResult(spec.id, 1, "org", status, sev, reason=reason))
            else:
                ok = rng.random() >= spec.fail_rate
                results.append(CheckResult(spec.id, 1, "org", CheckStatus.PASSED if ok else
                                           CheckStatus.FAILED, sev, (Observation(
                                               spec.fact, spec.op, spec.expected,
                                               spec.expected if ok and spec.op == "eq" else
                                               (None if ok else spec.bad), ok),)))
            continue
        for a in assets:
            if a.role not in spec.roles or a.zone not in spec.zones:
                continue
            if spec.platforms and a.platform not in spec.platforms:
                results.append(CheckResult(spec.id, 1, a.key, CheckStatus.NOT_APPLICABLE, sev,
                                           reason="platform-excluded"))
                continue
            if spec.id == "WIN-EOL-0001":
                os_name = (facts.get(a.key).get("os") or {}).get("name", "") if a.key in facts \
                    else ""
                ok: bool | None = "Windows 7" not in os_name
            else:
                roll = rng.random()
                ok = None if roll < 0.02 else roll >= spec.fail_rate
            if ok is None:
                obs = (Observation(spec.fact, spec.op, spec.expected, None, None,
                                   note="section failed: exit 1"),)
                status = CheckStatus.ERROR
            else:
                obs = (Observation(spec.fact, spec.op, spec.expected,
                                   spec.expected if ok else spec.bad, ok),)
                status = CheckStatus.PASSED if ok else CheckStatus.FAILED
            results.append(CheckResult(spec.id, 1, a.key, status, sev, obs,
                                       reason="fact-undecidable" if ok is None else None))
    if max_results is not None and len(results) > max_results:
        step = len(results) / max_results            # evenly spread over checks and assets
        results = [results[int(i * step)] for i in range(max_results)]
    end = dt.datetime.combine(finished, dt.time(17, 0))
    return InspectionOutcome(
        organization=ORG, started_at=end - dt.timedelta(days=6), finished_at=end,
        assets=assets, checks={s.id: _info(s) for s in SAMPLE_CHECKS}, results=results,
        facts=facts,
        meta={"label": f"{finished.year}年第{(finished.month - 1) // 3 + 1}季度网络安全自查",
              "inspection_id": f"INS-{finished:%Y%m%d}", "inspectors": ["张某某", "赵某某"],
              "manual_answers": answers, "generated_at": end + dt.timedelta(hours=1),
              "systems": [{"name": "医院信息系统（HIS）", "grade": "第三级"},
                          {"name": "实验室信息系统（LIS）", "grade": "第二级"},
                          {"name": "影像归档和通信系统（PACS）", "grade": "第二级"},
                          {"name": "门户网站", "grade": "第二级"}]},
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m zicha.reporting.sample OUT_DIR [docx,xlsx,html,pdf]``: a sample report set."""
    import sys
    from pathlib import Path

    from zicha.reporting import FORMATS, from_outcome, write_report_set

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(main.__doc__)
        return 2
    formats = tuple(args[1].split(",")) if len(args) > 1 else FORMATS
    previous = [sample_outcome(60, seed=7, finished=dt.date(2024, 12, 20)),
                sample_outcome(60, seed=5, finished=dt.date(2025, 3, 28))]
    data = from_outcome(sample_outcome(60), previous=previous, narrative=sample_narrative())
    for kind, path in write_report_set(data, Path(args[0]), formats=formats).items():
        print(f"{kind:12} {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
