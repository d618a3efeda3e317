"""Console speed with 10,000 assets and 100,000 results (goal: p95 ≤ 200 ms per page).

    cd /work/main && PYTHONPATH=src ZICHA_HOME=$(mktemp -d) .venv/bin/python bench/console.py
    # PostgreSQL: add ZICHA_DATABASE_URL=postgresql://zicha:zicha@127.0.0.1:5432/zicha
    # (a fresh database zicha_bench_<pid> is created and dropped; needs CREATEDB)

Builds a fresh database (SQLite under the fresh ZICHA_HOME, or a throw-away PostgreSQL
database), fills it in bulk — 10,000 assets over 3 zones and 30 departments, 40 checks
over the 8 report areas, 5 inspections of 20,000 results each (a rotating fifth of the
hospital collected per round, as bundles come in), findings followed through the real
``findings_record_results`` service, some of them overdue — then requests each page
30 times with Django's test Client, logged in as an inspector, and prints p50 / p95.

The findings list belongs to the findings app; it is measured when ``findings:list``
resolves. Options: ``--requests N`` (30), ``--assets N`` (10000), ``--results N``
(100000), ``--inspections N`` (5), ``--seed N``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections import Counter
from typing import Any

AREAS = ("machine_room", "network", "workstation", "extranet", "database_account", "logging",
         "emergency", "people")
SEVERITIES = ("critical", "high", "high", "medium", "medium", "medium", "low", "info")
STATUSES = (("passed", 62), ("failed", 22), ("not_applicable", 8), ("error", 5), ("manual", 3))
PLATFORMS = (("windows", "workstation", 70), ("linux", "server", 12),
             ("network_device", "switch", 8), ("printer", "printer", 6), ("other", "other", 4))
DEPARTMENTS = ("信息科", "检验科", "放射科", "护理部", "门诊部", "急诊科", "药剂科", "财务科",
               "医务科", "院办", "内科", "外科", "儿科", "妇产科", "眼科", "口腔科", "中医科",
               "康复科", "病理科", "超声科", "心电图室", "体检中心", "感染科", "麻醉科",
               "手术室", "ICU", "后勤科", "设备科", "保卫科", "人事科")
GOAL_MS = 200.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--requests", type=int, default=30)
    p.add_argument("--assets", type=int, default=10_000)
    p.add_argument("--results", type=int, default=100_000)
    p.add_argument("--inspections", type=int, default=5)
    p.add_argument("--seed", type=int, default=20251126)
    return p.parse_args(argv)


# -- database ------------------------------------------------------------------------------

def fresh_database() -> tuple[str, Any]:
    """Migrate a fresh database; returns (vendor, cleanup)."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        from django.db.utils import OperationalError

        try:
            from zicha.web.inventory.models import Asset

            if Asset.objects.exists():
                sys.exit("bench/console.py needs a fresh ZICHA_HOME (this database has assets)")
        except OperationalError:
            pass        # no tables yet
        call_command("migrate", interactive=False, verbosity=0)
        return "sqlite", lambda: None
    old_name = connection.settings_dict["NAME"]
    # a name of its own: never clobber a test database someone else is using
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"zicha_bench_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection.vendor, lambda: connection.creation.destroy_test_db(old_name, verbosity=0)


def weighted(rng: random.Random, pairs: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    return rng.choices(pairs, weights=[p[-1] for p in pairs])[0]


def populate(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from zicha.web.accounts.choices import Role
    from zicha.web.accounts.models import User
    from zicha.web.findings.models import Finding
    from zicha.web.findings.services import FindingInput, findings_record_results
    from zicha.web.inspections.models import CheckDefinition, CheckResult, Inspection
    from zicha.web.inventory.models import Asset, Department, Zone
    from zicha.web.inventory.services import organization_get_or_create

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    org = organization_get_or_create(name="基准测试医院", code="bench-hospital")
    zones = [Zone.objects.create(organization=org, kind=k, name=n) for k, n in
             (("intranet", "临床内网"), ("extranet", "办公外网"), ("dmz", "DMZ"))]
    departments = Department.objects.bulk_create(
        [Department(organization=org, name=n) for n in DEPARTMENTS])
    departments = list(Department.objects.filter(organization=org).order_by("pk"))
    now = timezone.now()
    assets = []
    for i in range(args.assets):
        platform, role, _w = weighted(rng, PLATFORMS)
        zone = zones[0] if rng.random() < 0.8 else rng.choice(zones[1:])
        registered = rng.random() > 0.03
        assets.append(Asset(
            organization=org, name=f"{role[:3]}-{i:05d}", ip=f"10.{i // 65536 % 256}."
            f"{i // 256 % 256}.{i % 256}", mac=f"52:54:00:{i >> 16 & 255:02x}:{i >> 8 & 255:02x}:{i & 255:02x}",
            platform=platform, role=role, zone=zone, department=rng.choice(departments),
            registered=registered, first_seen=now - dt.timedelta(days=200),
            last_seen=now - dt.timedelta(days=rng.randint(0, 30)), owner=f"员工{i % 300}"))
    with transaction.atomic():
        Asset.objects.bulk_create(assets, batch_size=1000)
    assets = list(Asset.objects.filter(organization=org).order_by("pk"))
    checks = CheckDefinition.objects.bulk_create([
        CheckDefinition(check_id=f"BENCH-{n:04d}", version=1, kind="auto",
                        area=AREAS[n % len(AREAS)], severity=SEVERITIES[n % len(SEVERITIES)],
                        scope="asset", title={"zh-hans": f"基准检查 {n}", "en": f"Bench check {n}"})
        for n in range(40)])
    checks = list(CheckDefinition.objects.filter(check_id__startswith="BENCH-").order_by("pk"))
    print(f"  {len(assets)} assets, {len(checks)} checks in {time.perf_counter() - t0:.1f} s")

    per_inspection = args.results // args.inspections
    per_asset = 10
    covered = per_inspection // per_asset
    status_pairs = tuple((s, w) for s, w in STATUSES)
    total = 0
    for n in range(args.inspections):
        t1 = time.perf_counter()
        started = now - dt.timedelta(days=7 * (args.inspections - n))
        with transaction.atomic():
            inspection = Inspection.objects.create(
                organization=org, status="finished", started_at=started,
                finished_at=started + dt.timedelta(minutes=40))
            start = (n * covered * 3 // 4) % len(assets)       # rounds overlap by a quarter
            subset = (assets + assets)[start:start + covered]
            rows, counts = [], Counter()
            for asset in subset:
                for check in rng.sample(checks, per_asset):
                    status = weighted(rng, status_pairs)[0]
                    counts[status] += 1
                    rows.append(CheckResult(inspection=inspection, asset=asset,
                                            check_definition=check, status=status,
                                            severity=check.severity,
                                            evidence=[{"fact": "bench", "ok": status == "passed"}]))
            CheckResult.objects.bulk_create(rows, batch_size=1000)
            found = findings_record_results(
                organization=org, inspection=inspection, at=inspection.finished_at,
                results=(FindingInput(asset_id=r.asset.pk, check_id=r.check_definition.check_id,
                                      status=r.status, severity=r.severity,
                                      department_id=r.asset.department_id) for r in rows))
            Inspection.objects.filter(pk=inspection.pk).update(summary={
                "results": dict(counts), "total": len(rows), "assets": len(subset),
                "findings": found})
        total += len(rows)
        print(f"  inspection {n + 1}: {len(rows)} results, findings {found} "
              f"in {time.perf_counter() - t1:.1f} s")
    overdue = list(Finding.objects.filter(organization=org, status="open")
                   .values_list("pk", flat=True)[::7])
    Finding.objects.filter(pk__in=overdue).update(due_date=dt.date(2020, 1, 1))
    user = User(username="bench-inspector", role=Role.INSPECTOR, organization=org,
                must_change_password=False, password_changed_at=now)
    user.set_unusable_password()
    user.save()
    print(f"  {total} results, {Finding.objects.count()} findings "
          f"({len(overdue)} made overdue) in {time.perf_counter() - t0:.1f} s")
    return {"user": user, "zone": zones[1], "department": departments[3],
            "asset": assets[len(assets) // 2]}


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE
    (SQLite) would after an import of this size."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# -- measuring -----------------------------------------------------------------------------

def pages(world: dict[str, Any]) -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch, reverse

    assets = reverse("inventory:asset_list")
    zone, dept = world["zone"].pk, world["department"].pk
    out = [
        ("assets: first page", assets),
        ("assets: zone filter", f"{assets}?zone={zone}"),
        ("assets: department + platform", f"{assets}?department={dept}&platform=windows"),
        ("assets: search IP prefix", f"{assets}?q=10.0.3"),
        ("assets: search name", f"{assets}?q=wor-0042"),
        ("assets: page 150", f"{assets}?page=150"),
        ("IP register: not registered", f"{reverse('inventory:ipregister_list')}?registered=no"),
        ("asset detail", reverse("inventory:asset_detail", args=[world["asset"].pk])),
    ]
    try:
        findings = reverse("findings:list")
    except NoReverseMatch:
        print("  (findings:list does not resolve yet: the findings list is not measured)")
    else:
        out += [
            ("findings: first page", findings),
            ("findings: status open", f"{findings}?status=open"),
            ("findings: severity + department", f"{findings}?severity=high&department={dept}"),
            ("findings: overdue", f"{findings}?overdue=on"),
        ]
    out.append(("dashboard", reverse("dashboard:index")))
    return out


def measure(client: Any, url: str, n: int) -> list[float]:
    for _ in range(2):                                   # warm caches, not counted
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    times = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, url
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zicha.web.settings")
    from zicha.web.bootstrap import setup_django

    setup_django()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    vendor, cleanup = fresh_database()
    try:
        print(f"database: {vendor}; building {args.assets} assets and {args.results} results …")
        world = populate(args)
        analyze()
        client = Client()
        client.force_login(world["user"])
        print(f"\n{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   ({args.requests} "
              f"requests each, {vendor})")
        worst = 0.0
        for label, url in pages(world):
            times = measure(client, url, args.requests)
            p50, p95 = statistics.median(times), percentile(times, 0.95)
            worst = max(worst, p95)
            flag = "" if p95 <= GOAL_MS else "  > goal"
            print(f"{label:34} {p50:8.1f} {p95:8.1f} {max(times):8.1f}{flag}")
        print(f"\nworst p95: {worst:.1f} ms (goal ≤ {GOAL_MS:.0f} ms): "
              f"{'OK' if worst <= GOAL_MS else 'NOT MET'}")
        return 0 if worst <= GOAL_MS else 1
    finally:
        cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
