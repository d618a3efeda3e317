"""The narrative file: validated with file and line, merged, never overwritten."""

from __future__ import annotations

import hashlib

import pytest
from reporting_cases import NARRATIVE, workstation_outcome

from zicha.domain.errors import ZichaError
from zicha.reporting import from_outcome, write_report_set
from zicha.reporting.narrative import load_narrative, parse_narrative, write_skeleton


def test_parse_valid(narrative):
    assert narrative.organization == "演示人民医院"
    assert narrative.reporting_unit == "演示人民医院信息科"
    assert [(s.name, s.grade) for s in narrative.systems] == [
        ("医院信息系统（HIS）", "第三级"), ("门户网站", "第二级")]
    assert narrative.paras("领导重视") == ("医院领导高度重视本次自查（人工撰写段落一）。",)
    assert narrative.paras("今后计划") == ("下一阶段将逐步淘汰老旧工作站（人工撰写段落二）。",)
    # an area's Chinese name is stored under its code
    assert narrative.paras("workstation") == ("工作站补充说明（人工撰写段落三）。",)


def test_blank_lines_split_paragraphs():
    n = parse_narrative("段落:\n  结语: |\n    第一段\n    续行\n\n    第二段\n")
    assert n.paras("结语") == ("第一段续行", "第二段")


@pytest.mark.parametrize(("text", "line", "needle"), [
    ("单位名称: 演示人民医院\n未知键: 1\n", 2, "unknown key"),
    ("信息系统:\n  - {名称: HIS, 等保等级: 六级}\n", 2, "等保等级"),
    ("段落:\n  领导重视: 好\n  不存在的章节: 文字\n", 3, "unknown section"),
    ("单位名称: [a, b\n", None, "YAML syntax"),
    ("领导小组: {a: 1}\n", 1, "list"),
])
def test_invalid_names_file_and_line(text, line, needle):
    with pytest.raises(ZichaError) as info:
        parse_narrative(text, file="叙述.yaml")
    err = info.value
    assert err.code == "narrative-invalid"
    assert err.location.file == "叙述.yaml"
    if line is not None:
        assert err.location.line == line
        assert f"叙述.yaml:{line}" in str(err)
    assert needle in str(err)


def test_load_reads_gb18030(tmp_path):
    p = tmp_path / "n.yaml"
    p.write_bytes("单位名称: 演示人民医院\n".encode("gb18030"))
    assert load_narrative(p).organization == "演示人民医院"


def test_skeleton_never_overwrites(tmp_path):
    p = write_skeleton(tmp_path / "narrative.yaml")
    assert load_narrative(p).organization == "演示人民医院"
    before = p.read_bytes()
    with pytest.raises(ZichaError) as info:
        write_skeleton(p, organization="别的医院")
    assert info.value.code == "narrative-exists"
    assert p.read_bytes() == before


def test_report_run_leaves_narrative_file_untouched(tmp_path):
    p = tmp_path / "narrative.yaml"
    p.write_text(NARRATIVE, encoding="utf-8")
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    data = from_outcome(workstation_outcome(), narrative=load_narrative(p))
    for _ in range(2):
        write_report_set(data, tmp_path, formats=("docx", "html"))
    assert hashlib.sha256(p.read_bytes()).hexdigest() == digest
    assert sorted(x.name for x in tmp_path.iterdir() if x.suffix == ".yaml") == ["narrative.yaml"]
