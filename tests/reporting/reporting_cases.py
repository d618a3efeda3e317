"""Synthetic InspectionOutcomes for the reporting tests (anonymised: 演示人民医院, 127.x).

Imported by the tests as ``reporting_cases``; conftest.py only adds fixtures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from zicha.domain.facts import FactSet
from zicha.domain.inspection import AssetRecord, CheckInfo, InspectionOutcome
from zicha.domain.results import CheckResult, CheckStatus, Observation, Severity
from zicha.reporting.narrative import parse_narrative

ORG = "演示人民医院"
END = dt.datetime(2025, 6, 30, 17, 0)

NARRATIVE = """\
单位名称: 演示人民医院
报告单位: 演示人民医院信息科
负责人: 王某某
联系人: 李某某 0000-1234567
信息系统:
  - {名称: 医院信息系统（HIS）, 等保等级: 三级}
  - {名称: 门户网站, 等保等级: 2}
段落:
  领导重视: |
    医院领导高度重视本次自查（人工撰写段落一）。
  今后计划:
    - 下一阶段将逐步淘汰老旧工作站（人工撰写段落二）。
  临床内网工作站: 工作站补充说明（人工撰写段落三）。
"""


def check(cid: str, area: str, *, kind: str = "auto", scope: str = "asset",
          severity: str = "high", refs: Iterable[str] = (), title: str | None = None) -> CheckInfo:
    return CheckInfo(id=cid, version=1, kind=kind, area=area, severity=severity, scope=scope,
                     title={"zh-hans": title or f"检查项{cid}", "en": f"Check {cid}"},
                     remediation={"zh-hans": f"整改{cid}。", "en": f"Fix {cid}."},
                     refs=tuple(refs))


def asset(i: int, role: str = "workstation", zone: str = "intranet", dept: str | None = "门诊部",
          platform: str = "windows", registered: bool = True) -> AssetRecord:
    ip = f"127.20.{i // 250}.{i % 250 + 1}"
    return AssetRecord(key=f"ip:{ip}", name=f"{role[:2].upper()}-{i:04d}", platform=platform,
                       zone=zone, role=role, ip=ip, department=dept, registered=registered)


def result(check_id: str, asset_key: str, status: str, severity: str = "high",
           reason: str | None = None) -> CheckResult:
    ok = {"passed": True, "failed": False}.get(status)
    obs = () if status in ("manual", "not_applicable") else (
        Observation(f"fact.{check_id.lower()}", "eq", 1, 1 if ok else 0, ok,
                    note=None if ok is not None else "section failed"),)
    return CheckResult(check_id, 1, asset_key, CheckStatus(status), Severity(severity), obs,
                       reason=reason)


def outcome(assets, checks, results, *, facts=None, meta=None,
            end: dt.datetime = END) -> InspectionOutcome:
    return InspectionOutcome(
        organization=ORG, started_at=end - dt.timedelta(days=5), finished_at=end,
        assets=list(assets), checks={c.id: c for c in checks}, results=list(results),
        facts=facts or {},
        meta={"inspectors": ["张某某"], "label": "测试自查", "generated_at": end, **(meta or {})})


def workstation_outcome(open_rdp: int = 2, win7: int = 2, n: int = 12) -> InspectionOutcome:
    """n intranet workstations: RDP/445 open on the first ``open_rdp``, Windows 7 on the last ``win7``."""
    assets = [asset(i) for i in range(n)]
    checks = [check("WIN-RDP-0001", "workstation", refs=["seed:S20"]),
              check("WIN-OS-0001", "workstation", refs=["seed:S19"]),
              check("XYZ-0001", "workstation", title="自定义检查", severity="low")]
    facts = {a.key: FactSet({"os": {"name": "Windows 7 专业版" if i >= n - win7 else "Windows 10"}})
             for i, a in enumerate(assets)}
    results = []
    for i, a in enumerate(assets):
        results.append(result("WIN-RDP-0001", a.key, "failed" if i < open_rdp else "passed"))
        results.append(result("WIN-OS-0001", a.key, "failed" if i >= n - win7 else "passed"))
        results.append(result("XYZ-0001", a.key, ["passed", "failed", "error"][i % 3], "low"))
    return outcome(assets, checks, results, facts=facts)


def zero_findings_outcome() -> InspectionOutcome:
    assets = [asset(i) for i in range(5)] + [asset(50, role="server", dept="信息科")]
    checks = [check("WIN-USB-0001", "workstation", refs=["seed:S21"]),
              check("SRV-PORT-0001", "machine_room", refs=["seed:S3"])]
    results = [result("WIN-USB-0001", a.key, "passed") for a in assets[:5]]
    results += [result("SRV-PORT-0001", assets[5].key, "passed")]
    results += [result("SRV-PORT-0001", a.key, "not_applicable") for a in assets[:5]]
    return outcome(assets, checks, results)


def manual_only_outcome() -> InspectionOutcome:
    checks = [check("MAN-EMERG-0001", "emergency", kind="manual", scope="organization",
                    title="已制定应急预案并开展演练", refs=["seed:S30"]),
              check("MAN-TRAIN-0001", "people", kind="manual", scope="organization",
                    title="本年度开展全员网络安全培训", refs=["seed:S31"]),
              check("MAN-BACKUP-0001", "machine_room", kind="manual", scope="organization",
                    title="核心系统已完成全量备份", refs=["seed:S9"])]
    results = [result("MAN-EMERG-0001", "org", "manual", reason="awaiting-answer"),
               result("MAN-TRAIN-0001", "org", "passed", reason="answered"),
               result("MAN-BACKUP-0001", "org", "failed", reason="answered")]
    meta = {"manual_answers": {"MAN-TRAIN-0001": {"answer": "passed", "note": "已查阅签到表"}}}
    return outcome([], checks, results, meta=meta)


def big_outcome(n_assets: int = 500, n_checks: int = 20) -> InspectionOutcome:
    from zicha.rules.schema import AREAS

    depts = ["门诊部", "急诊科", "放射科", "检验科", None]
    assets = [asset(i, dept=depts[i % 5]) for i in range(n_assets)]
    checks = [check(f"BIG-{j:04d}", AREAS[j % 7], severity=["critical", "high", "medium", "low"][j % 4])
              for j in range(n_checks)]         # area "people" (index 7) never checked
    statuses = ["passed"] * 7 + ["failed", "error", "not_applicable"]
    results = [result(c.id, a.key, statuses[(i * 7 + j * 3) % 10], c.severity)
               for i, a in enumerate(assets) for j, c in enumerate(checks)]
    return outcome(assets, checks, results)


def sample_narrative():
    return parse_narrative(NARRATIVE, file="narrative.yaml")
