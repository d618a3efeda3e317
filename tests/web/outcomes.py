"""Hand-built inspection outcomes for the web tests (loopback addresses, invented names)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from zicha.domain.facts import FactSet
from zicha.domain.inspection import AssetRecord, CheckInfo, InspectionOutcome, SourceProblem
from zicha.domain.results import CheckResult, CheckStatus, Observation, Severity

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
BUNDLE_SHA = hashlib.sha256(b"bundle his-app-01").hexdigest()

ASSETS = (
    AssetRecord(key="ip:127.20.1.10", name="his-app-01", platform="linux", zone="intranet",
                role="server", ip="127.20.1.10", mac="52:54:00:12:34:56", department="信息科",
                sources=("scan", f"bundle:{BUNDLE_SHA}")),
    AssetRecord(key="ip:127.20.1.11", name="lis-db-01", platform="linux", zone="intranet",
                role="server", ip="127.20.1.11", department="检验科", sources=("scan",)),
    AssetRecord(key="ip:127.20.2.21", name="nurse-ws-21", platform="windows", zone="intranet",
                role="workstation", ip="127.20.2.21", department="护理部", sources=("scan",)),
    AssetRecord(key="ip:127.30.0.1", name="core-sw-01", platform="network_device", zone="dmz",
                role="switch", ip="127.30.0.1", sources=("scan",)),
    AssetRecord(key="ip:127.20.9.99", name="127.20.9.99", platform="other", zone="intranet",
                role="other", ip="127.20.9.99", registered=False, sources=("scan",)),
    AssetRecord(key="host:ext-pc-07", name="ext-pc-07", platform="windows", zone="extranet",
                role="workstation", department="财务科", sources=("local",)),
)
ASSET_KEYS = tuple(a.key for a in ASSETS)

ASSET_CHECKS = tuple(
    CheckInfo(id=f"TST-ASSET-{n:04d}", version=1, kind="auto", area=area, severity=severity,
              scope="asset", title={"zh-hans": f"测试检查 {n}", "en": f"Test check {n}"},
              remediation={"zh-hans": "按要求整改", "en": "Fix it"}, refs=("urn:test:req:1",))
    for n, area, severity in [
        (1, "machine_room", "high"), (2, "network", "critical"), (3, "workstation", "medium"),
        (4, "extranet", "low"), (5, "database_account", "high"), (6, "logging", "medium"),
    ]
)
ORG_CHECKS = tuple(
    CheckInfo(id=f"TST-ORG-{n:04d}", version=1, kind="manual", area="people", severity="medium",
              scope="organization", title={"zh-hans": f"人工检查 {n}", "en": f"Manual item {n}"},
              remediation={}, refs=())
    for n in (1, 2, 3)
)
CHECKS = ASSET_CHECKS + ORG_CHECKS
A1 = ASSET_CHECKS[0].id   # the check the lifecycle tests follow


def result(asset: str, check: CheckInfo | str, status: CheckStatus | str, *,
           version: int = 1, severity: str = "high") -> CheckResult:
    check_id = check.id if isinstance(check, CheckInfo) else check
    status = CheckStatus(status)
    obs = (Observation(fact="linux.login_defs.pass_max_days", op="lte", expected=90,
                       actual=99999 if status is CheckStatus.FAILED else 90,
                       ok=status is CheckStatus.PASSED),)
    return CheckResult(check_id=check_id, check_version=version, asset=asset, status=status,
                       severity=Severity(severity), observations=obs,
                       reason="answered" if status is CheckStatus.MANUAL else None,
                       params={"max_days": 90})


def make_outcome(results: Iterable[CheckResult], *, assets: Iterable[AssetRecord] = ASSETS,
                 checks: Iterable[CheckInfo] = CHECKS, day: int = 1,
                 facts: dict[str, FactSet] | None = None,
                 problems: Iterable[SourceProblem] = ()) -> InspectionOutcome:
    started = dt.datetime(2025, 3, day, 9, 0, tzinfo=SHANGHAI)
    return InspectionOutcome(
        organization="示例医院", started_at=started, finished_at=started + dt.timedelta(minutes=7),
        assets=list(assets), checks={c.id: c for c in checks}, results=list(results),
        facts=dict(facts or {}), problems=list(problems), meta={"vantage": "127.0.0.1"})


def full_outcome(*, day: int = 1, overrides: dict[tuple[str, str], str] | None = None
                 ) -> InspectionOutcome:
    """Every asset × asset check (36 results) plus three organization-wide manual items.

    Default statuses cycle through passed / failed / not_applicable / error; ``overrides``
    sets ``(asset key, check id) → status``.
    """
    cycle = ["passed", "failed", "not_applicable", "passed", "error"]
    overrides = overrides or {}
    results = []
    for i, key in enumerate(ASSET_KEYS):
        for j, check in enumerate(ASSET_CHECKS):
            status = overrides.get((key, check.id), cycle[(i + j) % len(cycle)])
            results.append(result(key, check, status, severity=check.severity))
    for check in ORG_CHECKS:
        results.append(result("org", check, overrides.get(("org", check.id), "manual"),
                              severity="medium"))
    facts = {
        "ip:127.20.1.10": FactSet({"linux.login_defs": {"pass_max_days": 99999}},
                                  errors={"linux.sshd": "exit status 1"}),
        "host:ext-pc-07": FactSet({"windows.usb": {"start": 4}}),
        "org": FactSet({"org.manual": {"answered_by": "信息科"}}),
    }
    problems = [SourceProblem(source="bundle:deadbeef", code="bundle-truncated",
                              message="bundle ends inside section netstat", line=120)]
    return make_outcome(results, day=day, facts=facts, problems=problems)
