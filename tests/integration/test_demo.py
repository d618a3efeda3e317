"""End to end on the simulated hospital: the demo finds what was planted, stores it, and
this machine's results are real."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path

import pytest
from rich.console import Console

from zicha.cli import main
from zicha.cli.status import ExitStatus

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def run_cli(*argv: str) -> tuple[int, str]:
    buf = io.StringIO()
    code = main(list(argv), console=Console(file=buf, width=240, color_system=None))
    return code, buf.getvalue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, django_db_blocker):
    out = tmp_path_factory.mktemp("demo")
    from zicha.web.inspections.models import CheckResult, Inspection

    with django_db_blocker.unblock():
        code, text = run_cli("demo", "--out", str(out), "--formats", "html")
        inspection = Inspection.objects.order_by("-pk").first()
        stored = (inspection.pk if inspection else None,
                  CheckResult.objects.filter(inspection=inspection).count())
    results = json.loads(next(out.glob("results-*.json")).read_text(encoding="utf-8"))
    results["_stored"] = stored
    return code, text, results, out


def by(results: dict, check_id: str) -> dict[str, str]:
    names = {a["key"]: a["name"] for a in results["assets"]}
    return {names[r["asset"]]: r["status"] for r in results["results"] if r["check_id"] == check_id}


def test_demo_exits_zero_with_enough_results(demo) -> None:
    code, text, results, out = demo
    assert code == ExitStatus.OK, text
    assert len(results["results"]) >= 30
    hosts = {r["asset"] for r in results["results"]} - {"org"}
    assert len(hosts) >= 8
    assert "已入库 stored" in text
    assert any(out.glob("自查报告-*.html"))


def test_planted_failures_are_found(demo) -> None:
    from zicha.lab import HOSPITAL

    _, _, results, _ = demo
    assert by(results, "NET-PORT-0001")["nk-pc-02"] == "failed"        # clinical PC with 3389
    assert by(results, "NET-PORT-0001")["nk-pc-01"] == "passed"        # its compliant neighbour
    unregistered = next(h for h in HOSPITAL.hosts if not h.registered)
    assert by(results, "INV-REG-0001")[unregistered.ip] == "failed"    # not in the IP register
    db_hosts = [h for h in HOSPITAL.hosts
                if any(p in (1433, 1521, 3306, 5432) for p in h.unexpected_tcp)]
    assert db_hosts, "the lab must plant a database port reachable from the PC subnet"
    db_results = by(results, "NET-DB-0001")
    assert all(db_results[h.name] == "failed" for h in db_hosts)
    assert by(results, "LNX-AUTH-0001")["his-db-01"] == "failed"       # PASS_MAX_DAYS 99999


def test_manual_items_show_as_manual(demo) -> None:
    _, _, results, _ = demo
    manual = [r for r in results["results"] if r["status"] == "manual"]
    assert {r["check_id"] for r in manual} >= {"MAN-BAK-0001", "MAN-EMR-0001", "MAN-TRN-0001"}
    assert all(r["asset"] == "org" for r in manual)


def test_demo_stored_the_inspection(demo) -> None:
    _, text, results, _ = demo
    inspection_id, stored = results["_stored"]
    assert inspection_id is not None and f"#{inspection_id}" in text
    assert stored == len(results["results"])


def test_bad_bundle_names_file_and_line_and_stores_nothing(tmp_path: Path) -> None:
    from zicha.web.inspections.models import Inspection

    before = Inspection.objects.count()
    bad = tmp_path / "pc-01.zb"
    bad.write_bytes(b"ZICHA-BUNDLE 1\nboundary: Zb0123456789\nplatform: linux\n\n"
                    b"--Zb0123456789 BEGIN os_release\nID=debian\n--Zb0123456789 END os_release\n"
                    b"this line is not a section marker\n")
    code, text = run_cli("inspect", "--bundles", str(bad), "--org", "测试医院",
                         "--out", str(tmp_path / "out"))
    assert code == ExitStatus.INVALID_INPUT
    assert f"{bad}:8" in text
    assert Inspection.objects.count() == before


def _evaluate_local(check_id: str) -> str:
    import datetime as dt

    from zicha.collectors.local import collect_local
    from zicha.domain.facts import FactSet
    from zicha.parsers.bundle import read_bundle
    from zicha.parsers.facts import bundle_facts
    from zicha.rules.evaluator import AssetContext, evaluate
    from zicha.rules.loader import load_catalogue

    facts: FactSet = bundle_facts(read_bundle(collect_local()), today=dt.date.today())
    check = load_catalogue().checks[check_id]
    ctx = AssetContext(name="local", platform="linux", zone="dmz", role="server")
    return evaluate(check, facts, asset=ctx).status.value


def test_this_machine_is_really_collected() -> None:
    """Open a listener on 3389 on this machine and the local result changes."""
    before = _evaluate_local("LNX-PORT-0001")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind(("0.0.0.0", 3389))   # bind only: no traffic is sent anywhere
        except OSError:
            pytest.skip("port 3389 is in use on this machine")
        listener.listen(1)
        assert _evaluate_local("LNX-PORT-0001") == "failed"
    finally:
        listener.close()
    assert before in ("passed", "failed")
    if before == "passed":
        assert _evaluate_local("LNX-PORT-0001") == "passed"
