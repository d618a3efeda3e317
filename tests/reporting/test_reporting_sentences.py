"""Area sentences: numbers computed from the results, never typed in."""

from __future__ import annotations

import re

from reporting_cases import (
    asset,
    big_outcome,
    check,
    manual_only_outcome,
    outcome,
    result,
    workstation_outcome,
)

from zicha.reporting import from_outcome
from zicha.reporting.sentences import NOT_CHECKED, area_sentences, number_list
from zicha.rules.schema import AREAS


def test_workstation_sentences_count_machines():
    data = from_outcome(workstation_outcome(open_rdp=2, win7=2, n=12))
    text = "\n".join(area_sentences(data, "workstation"))
    assert "共检查内网工作站 12 台" in text
    assert "其中 10 台已关闭 3389、445 等高危端口；2 台仍开放 3389、445 等高危端口" in text
    assert "发现 2 台仍在使用已停止支持的操作系统（Windows 7 专业版 2 台）" in text
    # the problem numbers quoted are the findings of those machines
    rdp = [f.number for f in data.findings if f.check_id == "WIN-RDP-0001"]
    assert f"问题编号 {number_list(rdp)}" in text


def test_counts_follow_the_input():
    for open_rdp in (0, 1, 5):
        data = from_outcome(workstation_outcome(open_rdp=open_rdp, win7=0, n=9))
        text = "\n".join(area_sentences(data, "workstation"))
        if open_rdp == 0:
            assert "9 台均已关闭 3389、445 等高危端口" in text
        else:
            assert f"其中 {9 - open_rdp} 台已关闭" in text
            assert f"{open_rdp} 台仍开放" in text


def test_generic_fallback_sentence():
    data = from_outcome(workstation_outcome(n=12))
    # XYZ-0001 joins no topic: i % 3 → passed / failed / error, 4 each
    assert ("自定义检查：检查 12 台，通过 4 台，不通过 4 台，无法判定 4 台" in
            "\n".join(area_sentences(data, "workstation")))


def test_area_with_nothing_checked_says_so():
    data = from_outcome(workstation_outcome())
    for area in AREAS:
        if area != "workstation":
            assert area_sentences(data, area) == [NOT_CHECKED]


def test_all_not_applicable_counts_as_not_checked():
    a = asset(1)
    data = from_outcome(outcome([a], [check("SRV-0001", "machine_room", refs=["seed:S3"])],
                                [result("SRV-0001", a.key, "not_applicable")]))
    assert area_sentences(data, "machine_room") == [NOT_CHECKED]


def test_manual_items_without_answer_are_to_be_confirmed():
    data = from_outcome(manual_only_outcome())
    assert any("已制定应急预案并开展演练：待确认" in s for s in area_sentences(data, "emergency"))
    people = "\n".join(area_sentences(data, "people"))
    assert "本年度开展全员网络安全培训：已落实（符合），已查阅签到表" in people
    room = "\n".join(area_sentences(data, "machine_room"))
    assert "核心系统已完成全量备份：未落实（不符合）（问题编号 1）" in room


def test_opening_sentence_totals_match_results():
    o = big_outcome(100, 20)
    data = from_outcome(o)
    for area in AREAS[:7]:
        ids = {c.id for c in o.checks.values() if c.area == area}
        rs = [r for r in o.results if r.check_id in ids]
        p = sum(r.status.value == "passed" for r in rs)
        f = sum(r.status.value == "failed" for r in rs)
        e = sum(r.status.value == "error" for r in rs)
        opening = area_sentences(data, area)[0]
        assert f"通过 {p} 项次" in opening and f"不通过 {f} 项次" in opening
        assert f"无法判定 {e} 项次" in opening
        assert f"符合率 {100 * p / (p + f + e):.1f}%" in opening
        assert re.search(r"共检查内网工作站 100 台", opening)


def test_number_list():
    assert number_list([3, 1, 2, 7, 9, 10]) == "1–3、7、9–10"
    assert number_list(range(1, 100, 2), limit=3).endswith("等共 50 项")


def test_a_check_speaks_only_for_what_it_measured():
    """A database-port check that cites S28 must not be reported as "数据库口令按期更换"."""
    from reporting_cases import asset, check, outcome, result

    a = asset(1, role="server")
    o = outcome([a], [check("NET-DB-0001", "database_account", refs=["seed:S28"],
                            title="数据库端口不从工作站网段直接可达")],
                [result("NET-DB-0001", a.key, "failed")])
    text = "\n".join(area_sentences(from_outcome(o), "database_account"))
    assert "口令" not in text
    assert "数据库端口不从工作站网段直接可达：检查 1 台" in text
