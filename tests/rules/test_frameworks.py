"""The shipped framework library (等保 2.0 L2/L3, 卫健委办法, 网络安全法, seed items) and the loader."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from zicha.domain.errors import CheckDefinitionError
from zicha.rules.frameworks import NODE_KINDS, FrameworkLibrary, load_frameworks

SHIPPED = Path(__file__).resolve().parents[2] / "src" / "zicha" / "catalogue" / "frameworks"
GBT = "gbt22239-2019"


@pytest.fixture(scope="module")
def lib() -> FrameworkLibrary:
    return load_frameworks([SHIPPED])


def _items(lib: FrameworkLibrary, level: str) -> list:
    return [n for n in lib.frameworks[GBT].nodes.values() if n.kind == "item" and n.level == level]


# ---- the shipped library ----------------------------------------------------------------

def test_shipped_library_loads(lib: FrameworkLibrary) -> None:
    assert set(lib.frameworks) == {GBT, "nhc-2022-29", "csl", "seed"}
    for fw in lib.frameworks.values():
        assert fw.version >= 1
        assert fw.name.get("zh-hans")
        for node in fw.nodes.values():
            assert node.kind in NODE_KINDS
            assert node.parent is None or node.parent in fw.nodes
            if node.uncertain:
                assert node.note, f"{node.ref} is uncertain without a note"


def test_gbt_item_counts(lib: FrameworkLibrary) -> None:
    assert len(_items(lib, "L3")) == 211
    assert len(_items(lib, "L2")) == 135


def test_gbt_per_category_counts(lib: FrameworkLibrary) -> None:
    # reference §2.2
    expected = {1: (22, 15), 2: (8, 4), 3: (20, 11), 4: (34, 23), 5: (12, 4),
                6: (7, 6), 7: (14, 9), 8: (12, 7), 9: (34, 25), 10: (48, 31)}
    nodes = lib.frameworks[GBT].nodes
    for cat, (l3, l2) in expected.items():
        assert sum(1 for n in _items(lib, "L3") if n.id.startswith(f"8.1.{cat}.")) == l3
        assert sum(1 for n in _items(lib, "L2") if n.id.startswith(f"7.1.{cat}.")) == l2
        assert nodes[f"8.1.{cat}"].kind == "category"
        assert nodes[f"8.1.{cat}"].extra["group"] == ("技术" if cat <= 5 else "管理")


def test_gbt_tree_shape(lib: FrameworkLibrary) -> None:
    nodes = lib.frameworks[GBT].nodes
    assert nodes["8.1"].kind == "chapter" and nodes["8.1"].level == "L3"
    assert nodes["7.1"].kind == "chapter" and nodes["7.1"].level == "L2"
    assert nodes["8.1.4.1"].title == {"zh-hans": "身份鉴别", "en": "Identification and authentication"}
    for node in nodes.values():
        if node.kind == "item":
            assert node.text.get("zh-hans"), node.id
            assert nodes[node.parent].kind == "control"
            assert node.id == f"{node.parent}.{node.id[-1]}"
            assert node.extra["relation"] in {"same", "weaker", "none"}
        if node.kind == "control":
            assert node.title.get("zh-hans") and node.title.get("en")


def test_l2_equivalents_resolve(lib: FrameworkLibrary) -> None:
    nodes = lib.frameworks[GBT].nodes
    for node in nodes.values():
        if node.level != "L2" or "l3_equivalent" not in node.extra:
            continue
        other = nodes.get(node.extra["l3_equivalent"])
        assert other is not None, node.id
        assert other.level == "L3" and other.kind == node.kind
        if node.kind == "item":
            assert other.extra.get("l2_equivalent") == node.id
            assert other.extra["relation"] == node.extra["relation"]
            if node.extra["relation"] == "same":
                assert other.text == node.text
            else:
                assert other.text != node.text


def test_l2_items_are_all_marked_derived(lib: FrameworkLibrary) -> None:
    for node in lib.frameworks[GBT].nodes.values():
        if node.level == "L2" and node.kind in ("control", "item"):
            assert node.uncertain and "derived from control-point order" in node.note


def test_u_points_carry_their_note(lib: FrameworkLibrary) -> None:
    nodes = lib.frameworks[GBT].nodes
    for node_id, tag in [("7.1.1.2.a", "U1"), ("7.1.1.8.a", "U2"), ("7.1.2.1.b", "U3"),
                         ("7.1.2.3.a", "U4"), ("7.1.3.6.a", "U4"), ("7.1.3.3.a", "U5"),
                         ("7.1.3.4", "U6"), ("7.1.4.8.a", "U7"), ("7.1.4.10.b", "U7"),
                         ("8.1.10.6.h", "U8"), ("7.1.10.12.b", "U9"), ("8.1.10.12.d", "U9")]:
        node = nodes[node_id]
        assert node.uncertain and node.note.startswith(f"{tag}:"), node_id
    assert nodes["7.1.3.4"].title["zh-hans"] == "恶意代码防范"


def test_l2_only_items(lib: FrameworkLibrary) -> None:
    nodes = lib.frameworks[GBT].nodes
    for node_id in ("7.1.10.7.b", "7.1.10.7.c"):
        node = nodes[node_id]
        assert node.extra["relation"] == "none" and "l3_equivalent" not in node.extra
    assert "恶意代码库升级" in nodes["7.1.10.7.b"].text["zh-hans"]


def test_verbatim_texts(lib: FrameworkLibrary) -> None:
    text = lambda ref: lib.resolve(ref).text["zh-hans"]  # noqa: E731
    assert "身份鉴别信息具有复杂度要求并定期更换" in text(f"{GBT}:8.1.4.1.a")
    assert text(f"{GBT}:8.1.4.4.b") == "应关闭不需要的系统服务、默认共享和高危端口；"
    assert "保证审计记录的留存时间符合法律法规要求" in text(f"{GBT}:8.1.5.4.d")
    # ≈ rows: L2 keeps its own, weaker wording
    assert text(f"{GBT}:7.1.4.5.a") == "应安装防恶意代码软件或配置具有相应功能的软件，并定期进行升级和更新防恶意代码库。"
    assert "定时批量传送至备用场地" in text(f"{GBT}:7.1.4.8.b")
    assert lib.resolve(f"{GBT}:8.1.4.1.a").extra["gbt28448"] == "L3-CES1-01"
    # L3-CES1-16 does not exist
    units = {n.extra.get("gbt28448") for n in _items(lib, "L3")}
    assert "L3-CES1-15" in units and "L3-CES1-17" in units and "L3-CES1-16" not in units


def test_law_nodes(lib: FrameworkLibrary) -> None:
    art23 = lib.resolve("csl:art23.3")
    assert art23.uncertain and art23.note.startswith("2025年修正；原第二十一条第（三）项")
    assert "不少于六个月" in art23.text["zh-hans"]
    old = lib.resolve("csl:art21.3-2017")
    assert not old.uncertain and "留存相关的网络日志不少于六个月" in old.text["zh-hans"]
    nhc = lib.frameworks["nhc-2022-29"].nodes
    assert {"art-1", "art-2", "art-28", "art-29", "art-30", "art-31"} <= set(nhc)
    assert "制定本办法" in nhc["art-1"].text["zh-hans"]
    for art in ("art-28", "art-29", "art-30", "art-31"):
        assert nhc[art].uncertain and "zh-hans" not in nhc[art].text and nhc[art].text["en"]
    obligations = [n for n in nhc.values() if n.kind == "obligation"]
    assert len(obligations) >= 9
    for node in obligations:
        assert node.uncertain and "not verified" in node.note
        assert not node.title["zh-hans"].startswith("第")  # no article numbers


def test_seed_items(lib: FrameworkLibrary) -> None:
    seed = lib.frameworks["seed"].nodes
    for n in range(1, 36):
        node = seed[f"S{n}"]
        assert node.kind == "item" and node.parent in "ABCDEFG"
        assert node.title["zh-hans"] and node.title["en"] and node.text["en"]
        assert node.extra["coverage"] in {"auto", "manual", "auto+manual", "context"}
    assert seed["A"].title["zh-hans"] == "服务器和机房"
    assert seed["S5"].title["zh-hans"] == "系统口令90天更换与复杂度"
    assert f"{GBT}:8.1.4.1.a" in seed["S5"].extra["gbt22239"]
    assert f"{GBT}:8.1.4.4.b" in seed["S20"].extra["gbt22239"]
    assert "csl:art23.3" in seed["S17"].extra["refs"]


def test_seed_refs_resolve(lib: FrameworkLibrary) -> None:
    for node in lib.frameworks["seed"].nodes.values():
        for key in ("gbt22239", "gbt22239_related"):
            for ref in node.extra.get(key, []):
                assert ref.startswith(f"{GBT}:") and ref in lib, (node.id, ref)
        for ref in node.extra.get("refs", []):
            assert ref in lib, (node.id, ref)
    for node in lib.frameworks["nhc-2022-29"].nodes.values():
        for ref in node.extra.get("related", []):
            assert ref in lib, (node.id, ref)


def test_resolve_unknown(lib: FrameworkLibrary) -> None:
    assert lib.resolve("nope:1") is None
    assert lib.resolve(f"{GBT}:9.9.9") is None
    assert f"{GBT}:8.1" in lib and "seed:S36" not in lib


def test_generator_output_is_current(tmp_path: Path) -> None:
    ref = Path("/work/shared/reference/gbt22239-2019-L2-L3.md")
    if not ref.exists():
        pytest.skip("reference note not available")
    import importlib.util

    gen = SHIPPED.parents[3] / "tools" / "gen_gbt22239.py"
    spec = importlib.util.spec_from_file_location("gen_gbt22239", gen)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "gbt.yaml"
    assert module.main(["gen", str(ref), str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (SHIPPED / f"{GBT}.yaml").read_text(encoding="utf-8")


# ---- broken files: every problem names the file and the line ------------------------------

GOOD_HEAD = """\
framework:
  id: test-fw
  version: 1
  name: {zh-hans: 测试}
nodes:
"""


def _load_bad(tmp_path: Path, body: str) -> tuple[str, list]:
    file = tmp_path / "bad.yaml"
    file.write_text(textwrap.dedent(body), encoding="utf-8")
    with pytest.raises(CheckDefinitionError) as info:
        load_frameworks([tmp_path])
    return str(file), info.value.problems


def _line_of(body: str, needle: str) -> int:
    lines = textwrap.dedent(body).splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_duplicate_node_id(tmp_path: Path) -> None:
    body = GOOD_HEAD + "  - id: a\n    kind: category\n  - id: b\n  - id: a   # again\n"
    file, problems = _load_bad(tmp_path, body)
    assert len(problems) == 1
    loc, msg = problems[0]
    assert loc.file == file and loc.line == _line_of(body, "# again")
    assert "duplicate node id 'a'" in msg and file in str(CheckDefinitionError(problems))


def test_unknown_parent(tmp_path: Path) -> None:
    body = GOOD_HEAD + "  - id: a\n  - id: b\n    kind: item\n    parent: nowhere\n"
    file, problems = _load_bad(tmp_path, body)
    (loc, msg), = problems
    assert loc.file == file and loc.line == _line_of(body, "parent: nowhere")
    assert "parent 'nowhere'" in msg


def test_parent_defined_later_is_an_error(tmp_path: Path) -> None:
    body = GOOD_HEAD + "  - id: child\n    parent: later\n  - id: later\n"
    _file, problems = _load_bad(tmp_path, body)
    (loc, _msg), = problems
    assert loc.line == _line_of(body, "parent: later")


def test_unknown_kind(tmp_path: Path) -> None:
    body = GOOD_HEAD + "  - id: a\n    kind: clause\n"
    file, problems = _load_bad(tmp_path, body)
    (loc, msg), = problems
    assert loc.file == file and loc.line == _line_of(body, "kind: clause")
    assert "unknown node kind 'clause'" in msg


def test_missing_framework_id(tmp_path: Path) -> None:
    body = """\
    # a comment line first
    framework:
      version: 1
      name: {zh-hans: 测试}
    nodes:
      - id: a
    """
    file, problems = _load_bad(tmp_path, body)
    (loc, msg), = problems
    assert loc.file == file and loc.line == _line_of(body, "framework:")
    assert "framework.id" in msg


def test_bad_version_and_colon_in_id(tmp_path: Path) -> None:
    body = "framework:\n  id: 'a:b'\n  version: one\n  name: x\nnodes:\n  - id: a\n"
    _file, problems = _load_bad(tmp_path, body)
    lines = sorted(loc.line for loc, _ in problems)
    assert lines == [2, 3]


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(GOOD_HEAD + "  - id: a\n  - id: a\n", encoding="utf-8")
    (tmp_path / "two.yaml").write_text(
        "framework:\n  id: two\n  version: 1\n  name: x\nnodes:\n  - id: b\n    kind: nope\n",
        encoding="utf-8")
    with pytest.raises(CheckDefinitionError) as info:
        load_frameworks([tmp_path])
    where = {(Path(loc.file).name, loc.line) for loc, _ in info.value.problems}
    assert where == {("one.yaml", 7), ("two.yaml", 7)}


def test_duplicate_framework_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD_HEAD + "  - id: a\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD_HEAD + "  - id: a\n", encoding="utf-8")
    with pytest.raises(CheckDefinitionError) as info:
        load_frameworks([tmp_path])
    (loc, msg), = info.value.problems
    assert loc.file.endswith("b.yaml") and loc.line == 2 and "already defined" in msg


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    body = GOOD_HEAD + "  - id: a\n    title: {zh-hans: x\n"
    file, problems = _load_bad(tmp_path, body)
    (loc, msg), = problems
    assert loc.file == file and loc.line is not None and "YAML syntax error" in msg


def test_extra_framework_dir_is_added(tmp_path: Path) -> None:
    district = tmp_path / "district"
    district.mkdir()
    (district / "d.yaml").write_text(
        "framework:\n  id: district-x\n  version: 2\n  name: {zh-hans: 区要求}\n"
        "  issued_by: 区卫健委\nnodes:\n  - id: R1\n    title: 每月自查\n"
        "    gbt22239: [gbt22239-2019:8.1.7.5.a]\n",
        encoding="utf-8")
    lib = load_frameworks([SHIPPED, district])
    node = lib.resolve("district-x:R1")
    assert node.kind == "item" and node.title == {"zh-hans": "每月自查"}
    assert lib.frameworks["district-x"].extra == {"issued_by": "区卫健委"}
    assert all(ref in lib for ref in node.extra["gbt22239"])
