"""The hospital's own words: the narrative YAML file merged into the report.

zicha only reads this file. Generated text and human text stay apart: human
paragraphs are rendered in their own style (``医院撰写正文`` in Word,
``.human`` in HTML), and no run of zicha ever writes the narrative file —
:func:`write_skeleton` refuses to overwrite an existing one.

Format (docs/report.md)::

    单位名称: 演示人民医院
    报告单位: 演示人民医院信息科
    负责人: 王某某（分管副院长）
    领导小组: [组长：王某某, 成员：信息科、医务科、护理部负责人]
    联系人: 李某某 0000-1234567
    检查人员: [张某某, 赵某某]
    信息系统:
      - {名称: 医院信息系统（HIS）, 等保等级: 第三级}
    段落:
      领导重视: |
        第一段……

        第二段……
      今后计划: [第一段……, 第二段……]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from zicha.domain.errors import CheckDefinitionError, Location, ZichaError
from zicha.reporting.labels import AREA_NAMES
from zicha.reporting.model import InfoSystem, Narrative
from zicha.rules.yamlsrc import Sourced, load_yaml

__all__ = ["SECTIONS", "load_narrative", "parse_narrative", "write_skeleton"]

#: where each paragraph key goes in the report
SECTIONS = (
    "前言",           # before 一、
    "领导重视",        # before 一、, after 前言
    "基本情况",        # 一、基本情况 after the generated scope
    "工作开展情况",     # start of 二、
    "存在问题",        # end of 三、
    "今后计划",        # 五、
    "结语",           # last paragraph before the signature
)
#: paragraphs may also be keyed by an area (code or Chinese name): they go in that subsection
AREA_KEYS = {**{code: code for code in AREA_NAMES}, **{zh: code for code, zh in AREA_NAMES.items()}}
SCALARS = {"单位名称": "organization", "报告单位": "reporting_unit", "负责人": "leader",
           "联系人": "contact"}
LISTS = {"领导小组": "leading_group", "检查人员": "inspectors"}
KNOWN = {*SCALARS, *LISTS, "信息系统", "段落"}
GRADES = {"1": "第一级", "2": "第二级", "3": "第三级", "4": "第四级", "5": "第五级"}
CN_GRADES = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5"}
MAX_NARRATIVE_BYTES = 512 * 1024


class _Problems:
    def __init__(self, src: Sourced) -> None:
        self.src = src
        self.items: list[tuple[Location, str]] = []

    def add(self, path: tuple[str | int, ...], message: str) -> None:
        self.items.append((self.src.loc(path), message))

    def raise_if_any(self) -> None:
        if self.items:
            loc = self.items[0][0]
            lines = "\n".join(f"{where}: {msg}" for where, msg in self.items)
            raise ZichaError(f"narrative file is invalid:\n{lines}", code="narrative-invalid",
                             hint="see docs/report.md (叙述文件)", location=loc)


def load_narrative(path: str | Path) -> Narrative:
    """Read and validate a narrative file; ZichaError(code="narrative-invalid") on problems."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ZichaError(f"cannot read narrative file {p}: {exc.strerror}",
                         code="narrative-invalid", location=Location(file=str(p))) from None
    if len(raw) > MAX_NARRATIVE_BYTES:
        raise ZichaError(f"narrative file is larger than {MAX_NARRATIVE_BYTES} bytes",
                         code="narrative-invalid", location=Location(file=str(p), line=1))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise ZichaError("narrative file is neither UTF-8 nor GB18030",
                             code="narrative-invalid",
                             location=Location(file=str(p), line=1)) from None
    return parse_narrative(text, file=str(p))


def parse_narrative(text: str, *, file: str = "<narrative>") -> Narrative:
    try:
        src = load_yaml(text, file=file)
    except CheckDefinitionError as exc:
        loc, msg = exc.problems[0]
        raise ZichaError(f"{loc}: {msg}", code="narrative-invalid", location=loc) from None
    data = src.data
    problems = _Problems(src)
    if data is None:
        return Narrative(source=file)
    if not isinstance(data, Mapping):
        problems.add((), "the narrative file must be a mapping (键: 值)")
        problems.raise_if_any()
    values: dict[str, Any] = {}
    for key in data:
        if key not in KNOWN:
            problems.add((key,), f"unknown key {key!r}; expected one of {', '.join(sorted(KNOWN))}")
    for key, attr in SCALARS.items():
        if key in data:
            values[attr] = _text(data[key], (key,), problems)
    for key, attr in LISTS.items():
        if key in data:
            values[attr] = _text_list(data[key], (key,), problems)
    if "信息系统" in data:
        values["systems"] = _systems(data["信息系统"], problems)
    if "段落" in data:
        values["paragraphs"] = _paragraphs(data["段落"], problems)
    problems.raise_if_any()
    return Narrative(source=file, **values)


def _text(value: Any, path: tuple[str | int, ...], problems: _Problems) -> str | None:
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    problems.add(path, "expected text")
    return None


def _text_list(value: Any, path: tuple[str | int, ...], problems: _Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(s.strip() for s in re.split(r"[、,，\n]", value) if s.strip())
    if not isinstance(value, list):
        problems.add(path, "expected a list of text")
        return ()
    out = []
    for i, item in enumerate(value):
        text = _text(item, (*path, i), problems)
        if text:
            out.append(text)
    return tuple(out)


def _grade(value: Any) -> str | None:
    text = str(value).strip().replace("等保", "").replace(" ", "")
    if text in ("未定级", "无", "不定级"):
        return "未定级"
    m = re.fullmatch(r"第?([1-5一二三四五])级?", text)
    if not m:
        return None
    digit = CN_GRADES.get(m.group(1), m.group(1))
    return GRADES[digit]


def _systems(value: Any, problems: _Problems) -> tuple[InfoSystem, ...]:
    if not isinstance(value, list):
        problems.add(("信息系统",), "expected a list of {名称: …, 等保等级: …}")
        return ()
    out = []
    for i, item in enumerate(value):
        path: tuple[str | int, ...] = ("信息系统", i)
        if not isinstance(item, Mapping):
            problems.add(path, "expected {名称: …, 等保等级: …}")
            continue
        unknown = set(item) - {"名称", "等保等级", "备注"}
        if unknown:
            problems.add((*path, sorted(unknown)[0]), f"unknown key(s) {sorted(unknown)}")
        name = _text(item.get("名称"), (*path, "名称"), problems)
        if not name:
            problems.add(path, "名称 is required")
            continue
        raw_grade = item.get("等保等级")
        grade = _grade(raw_grade) if raw_grade is not None else "未定级"
        if grade is None:
            problems.add((*path, "等保等级"),
                         f"等保等级 {raw_grade!r} is not one of 第一级…第五级 / 未定级")
            continue
        out.append(InfoSystem(name=name, grade=grade,
                              note=_text(item.get("备注"), (*path, "备注"), problems)))
    return tuple(out)


def _paragraphs(value: Any, problems: _Problems) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        problems.add(("段落",), "expected a mapping: 章节: 文字")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for key, body in value.items():
        path: tuple[str | int, ...] = ("段落", key)
        section = key if key in SECTIONS else AREA_KEYS.get(key)
        if section is None:
            problems.add(path, f"unknown section {key!r}; expected one of "
                         f"{'、'.join(SECTIONS)} or an area name ({'、'.join(AREA_NAMES.values())})")
            continue
        if isinstance(body, str):
            paras = tuple(p.strip().replace("\n", "") for p in re.split(r"\n\s*\n", body)
                          if p.strip())
        elif isinstance(body, list):
            paras = tuple(t for i, item in enumerate(body)
                          if (t := _text(item, (*path, i), problems)))
        elif body is None:
            paras = ()
        else:
            problems.add(path, "expected text or a list of paragraphs")
            continue
        out[section] = out.get(section, ()) + paras
    return out


SKELETON = """\
# zicha 自查报告叙述文件：由医院填写，zicha 只读取、从不改写本文件。
# 说明见 docs/report.md。所有数字由 zicha 根据检查数据生成，请勿在此填写统计数字。
单位名称: {organization}
报告单位: {organization}信息科
负责人: 待填写
领导小组:
  - 组长：待填写
联系人: 待填写
检查人员: []
信息系统:
  - {{名称: 医院信息系统（HIS）, 等保等级: 第三级}}
段落:
  领导重视: |
    （请填写：医院领导对网络安全自查工作的部署情况。）
  今后计划: |
    （请填写：下一阶段的工作计划。）
"""


def write_skeleton(path: str | Path, organization: str = "演示人民医院") -> Path:
    """Create a narrative file to fill in; never overwrites an existing file."""
    p = Path(path)
    try:
        with p.open("x", encoding="utf-8") as fh:
            fh.write(SKELETON.format(organization=organization))
    except FileExistsError:
        raise ZichaError(f"{p} exists; the narrative file is never overwritten",
                         code="narrative-exists", location=Location(file=str(p))) from None
    return p
