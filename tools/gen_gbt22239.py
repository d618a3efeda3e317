#!/usr/bin/env python3
"""Generate catalogue/frameworks/gbt22239-2019.yaml from the reference note.

Source of truth: /work/shared/reference/gbt22239-2019-L2-L3.md (§1 clause scheme,
§3 the 211-row L3 table with its L2 column, §5 the two L2-only items).

    .venv/bin/python tools/gen_gbt22239.py [REFERENCE.md] [OUT.yaml]

The generator is deterministic; the YAML it writes is the product and is
committed. It refuses to write if any count or numbering rule in the reference
does not hold (211 L3 items, 135 L2 items, per-category counts of §2.2,
consecutive item letters, the L2 control-point list of §1.3).
"""

from __future__ import annotations

import re
import sys
from collections import OrderedDict, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REF = Path("/work/shared/reference/gbt22239-2019-L2-L3.md")
DEFAULT_OUT = ROOT / "src" / "zicha" / "catalogue" / "frameworks" / "gbt22239-2019.yaml"

# §1.2 — 安全类 (confirmed), with group and an English title.
CATEGORIES = [
    ("安全物理环境", "技术", "Physical environment security"),
    ("安全通信网络", "技术", "Communication network security"),
    ("安全区域边界", "技术", "Area boundary security"),
    ("安全计算环境", "技术", "Computing environment security"),
    ("安全管理中心", "技术", "Security management center"),
    ("安全管理制度", "管理", "Security management policies and rules"),
    ("安全管理机构", "管理", "Security management organization"),
    ("安全管理人员", "管理", "Security management personnel"),
    ("安全建设管理", "管理", "Security construction management"),
    ("安全运维管理", "管理", "Security operation and maintenance management"),
]

CONTROL_EN = {
    "物理位置选择": "Physical location selection",
    "物理访问控制": "Physical access control",
    "防盗窃和防破坏": "Protection against theft and vandalism",
    "防雷击": "Lightning protection",
    "防火": "Fire protection",
    "防水和防潮": "Water and moisture protection",
    "防静电": "Anti-static protection",
    "温湿度控制": "Temperature and humidity control",
    "电力供应": "Power supply",
    "电磁防护": "Electromagnetic protection",
    "网络架构": "Network architecture",
    "通信传输": "Communication transmission",
    "可信验证": "Trusted verification",
    "边界防护": "Boundary protection",
    "访问控制": "Access control",
    "入侵防范": "Intrusion prevention",
    "恶意代码和垃圾邮件防范": "Malicious code and spam prevention",
    "恶意代码防范": "Malicious code prevention",
    "安全审计": "Security audit",
    "身份鉴别": "Identification and authentication",
    "数据完整性": "Data integrity",
    "数据保密性": "Data confidentiality",
    "数据备份恢复": "Data backup and recovery",
    "剩余信息保护": "Residual information protection",
    "个人信息保护": "Personal information protection",
    "系统管理": "System management",
    "审计管理": "Audit management",
    "安全管理": "Security management",
    "集中管控": "Centralized management and control",
    "安全策略": "Security policy",
    "管理制度": "Management rules",
    "制定和发布": "Formulation and release",
    "评审和修订": "Review and revision",
    "岗位设置": "Post setting",
    "人员配备": "Staffing",
    "授权和审批": "Authorization and approval",
    "沟通和合作": "Communication and cooperation",
    "审核和检查": "Review and inspection",
    "人员录用": "Staff recruitment",
    "人员离岗": "Staff departure",
    "安全意识教育和培训": "Security awareness education and training",
    "外部人员访问管理": "External personnel access management",
    "定级和备案": "Grading and filing",
    "安全方案设计": "Security solution design",
    "产品采购和使用": "Product procurement and use",
    "自行软件开发": "In-house software development",
    "外包软件开发": "Outsourced software development",
    "工程实施": "Project implementation",
    "测试验收": "Testing and acceptance",
    "系统交付": "System delivery",
    "等级测评": "Classified-protection assessment",
    "服务供应商选择": "Service provider selection",
    "环境管理": "Environment management",
    "资产管理": "Asset management",
    "介质管理": "Media management",
    "设备维护管理": "Equipment maintenance management",
    "漏洞和风险管理": "Vulnerability and risk management",
    "网络和系统安全管理": "Network and system security management",
    "恶意代码防范管理": "Malicious code prevention management",
    "配置管理": "Configuration management",
    "密码管理": "Cryptography management",
    "变更管理": "Change management",
    "备份与恢复管理": "Backup and recovery management",
    "安全事件处置": "Security incident handling",
    "应急预案管理": "Emergency plan management",
    "外包运维管理": "Outsourced operation and maintenance management",
}

# §1.3 — L3 control points whose number is printed in a source. All others are
# read from the control-point order ("derived", medium-high confidence).
L3_CONFIRMED_CONTROLS = {
    *(f"8.1.3.{k}" for k in range(1, 6)),
    *(f"8.1.4.{k}" for k in range(1, 12)),
    "8.1.5.1", "8.1.5.2", "8.1.5.4",
    "8.1.6.1", "8.1.6.2", "8.1.7.2", "8.1.10.6", "8.1.10.11",
}

# §1.3 — the L2 control-point list (derived numbering); used as an assertion.
L2_CONTROLS_EXPECTED = {
    "7.1.3.4": "恶意代码防范",
    "7.1.4.8": "数据备份恢复",
    "7.1.4.9": "剩余信息保护",
    "7.1.4.10": "个人信息保护",
    "7.1.5.1": "系统管理",
    "7.1.5.2": "审计管理",
}

# §2.2 — items per category (L3, L2).
COUNTS = {1: (22, 15), 2: (8, 4), 3: (20, 11), 4: (34, 23), 5: (12, 4),
          6: (7, 6), 7: (14, 9), 8: (12, 7), 9: (34, 25), 10: (48, 31)}

# §1.6 — U points that concern a whole L2 control point (besides those of its items).
L2_CONTROL_U = {"7.1.3.4": (6,), "7.1.4.8": (7,), "7.1.4.9": (7,), "7.1.4.10": (7,),
                "7.1.10.6": (8,), "7.1.10.12": (9,)}

# §5 — L2 items with no L3 counterpart.
L2_ONLY = [
    ("7.1.10.7", "b", "应对恶意代码防范要求做出规定，包括防恶意代码软件的授权使用、恶意代码库升级、恶意代码的定期查杀等；"),
    ("7.1.10.7", "c", "应定期检查恶意代码库的升级情况，对截获的恶意代码进行及时分析处理。"),
]

# §1.6 — uncertain points.
U_NOTES = {
    1: "U1: L2 text unresolved. The L2 workbook (X2) gives the L3 text (电子门禁); HummerRisk ticks "
       "'机房出入口应安排专人值守或配置电子门禁系统，控制、鉴别和记录进入的人员。' for L1+L2. "
       "If HummerRisk is right, the L2 text is weaker.",
    2: "U2: L2 text probably = L3 (L2 workbook); HummerRisk has one merged row with the L1 wording "
       "'应设置必要的温湿度调节设施…'. Low impact.",
    3: "U3: L2 网络架构 items unresolved. HummerRisk gives L2 = 划分网络区域 (L3 c) + 技术隔离 (L3 d), "
       "followed here; the L2 workbook gives 业务处理能力 / 带宽 (L3 a, b) instead.",
    4: "U4: L2 text follows HummerRisk (without '并在应用程序的关键执行环节进行动态可信验证'); the L2 "
       "workbook copies the L3 text into its 通信网络 / 区域边界 sheets but uses the L2 text for 计算环境.",
    5: "U5: L2 text follows HummerRisk ('应在关键网络节点处监视网络攻击行为。'); the L2 workbook copies L3 a).",
    6: "U6: L2 control-point name inferred as 恶意代码防范 because L2 has no 垃圾邮件 item; both "
       "secondary sources label it 恶意代码和垃圾邮件防范.",
    7: "U7: L2 计算环境 numbering after 7.1.4.7 derived as 7.1.4.8 数据备份恢复 · 7.1.4.9 剩余信息保护 · "
       "7.1.4.10 个人信息保护 (no 数据保密性 at L2); one secondary source writes 7.1.4.10 剩余信息保护 / "
       "7.1.4.11 个人信息保护. Check against the standard before release.",
    8: "U8: treated as L3-only. HummerRisk ticks it for L2, but the L2 workbook has only a)–e) under "
       "7.1.10.6 and the 135-item L2 total needs 5 items there.",
    9: "U9: L2 安全事件处置 taken as a) 报告, b) 明确流程 (weaker text, HummerRisk), c) 分析鉴定; L3 d) "
       "treated as L3-only. The L2 workbook uses the L3 text for b); HummerRisk ticks d) as L2-only.",
}
DERIVED_L2 = ("Derived: L2 numbering (7.1.x.y) derived from control-point order (reference "
              "§1.3); not printed in the sources read. Medium confidence.")
DERIVED_L3 = ("Derived: L3 control-point number derived from control-point order (reference "
              "§1.3); not printed in the sources read. Medium-high confidence.")

ROW = re.compile(r"^\| (8\.1\.(\d+)\.(\d+)) ([a-z])\) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]*) \| ([^|]+) \|$")
L2_ID = re.compile(r"^[=≈] (7\.1\.\d+\.\d+) ([a-z])\)")
L2_QUOTE = re.compile(r"（二级原文：(.+)）(?:\s*\[U\d\])?\s*$")
U_TAG = re.compile(r"\[U(\d)\]")


def parse(ref_text: str) -> list[dict]:
    rows = []
    for line in ref_text.splitlines():
        if not line.startswith("| 8.1."):
            continue
        m = ROW.match(line.strip())
        if not m:
            raise SystemExit(f"unparsed table row: {line[:80]}")
        clause, cat, ctl, letter, cat_name, ctl_name, text, l2col, unit, src = m.groups()
        row = {
            "control": clause, "cat": int(cat), "ctl": int(ctl), "letter": letter,
            "cat_name": cat_name.strip(), "ctl_name": ctl_name.strip(), "text": text.strip(),
            "unit": unit.strip() or None, "sources": src.split(),
            "u": [int(u) for u in U_TAG.findall(l2col)],
        }
        l2col = l2col.strip()
        if l2col.startswith(("=", "≈")):
            mm = L2_ID.match(l2col)
            if not mm:
                raise SystemExit(f"bad L2 column: {l2col}")
            row["l2"] = (mm.group(1), mm.group(2))
            if l2col.startswith("="):
                row["relation"], row["l2_text"] = "same", row["text"]
            else:
                q = L2_QUOTE.search(l2col)
                if not q:
                    raise SystemExit(f"≈ row without quote: {l2col}")
                row["relation"], row["l2_text"] = "weaker", q.group(1)
        elif l2col.startswith("—（二级无）"):
            row["l2"], row["relation"] = None, "none"
            rest = U_TAG.sub("", l2col[len("—（二级无）"):]).strip()
            row["remark"] = rest.strip("（）") or None
        else:
            raise SystemExit(f"unknown L2 column: {l2col}")
        rows.append(row)
    return rows


def build(rows: list[dict]) -> list[dict]:
    # ---- checks against the reference's own statements -----------------------------
    if len(rows) != 211:
        raise SystemExit(f"expected 211 L3 rows, got {len(rows)}")
    cat_names = {i + 1: c[0] for i, c in enumerate(CATEGORIES)}
    for r in rows:
        if cat_names[r["cat"]] != r["cat_name"]:
            raise SystemExit(f"{r['control']}: category name {r['cat_name']} != §1.2")
        if r["ctl_name"] not in CONTROL_EN:
            raise SystemExit(f"{r['control']}: no English title for {r['ctl_name']}")

    l3_controls: OrderedDict[str, dict] = OrderedDict()
    for r in rows:
        c = l3_controls.setdefault(r["control"], {"name": r["ctl_name"], "cat": r["cat"],
                                                   "items": [], "l2": set()})
        if c["name"] != r["ctl_name"]:
            raise SystemExit(f"{r['control']}: control name changes within the control")
        c["items"].append(r)
        if r["l2"]:
            c["l2"].add(r["l2"][0])

    # L2 items: 133 mapped from L3 rows + the §5 L2-only items.
    l2_items: dict[tuple[str, str], dict] = {}
    for r in rows:
        if r["l2"]:
            key = r["l2"]
            if key in l2_items:
                raise SystemExit(f"L2 item {key} mapped twice")
            l2_items[key] = {"text": r["l2_text"], "l3": r, "relation": r["relation"],
                             "u": r["u"]}
    for ctl, letter, text in L2_ONLY:
        l2_items[(ctl, letter)] = {"text": text, "l3": None, "relation": "none", "u": []}
    if len(l2_items) != 135:
        raise SystemExit(f"expected 135 L2 items, got {len(l2_items)}")

    def ctl_key(cid: str) -> tuple[int, ...]:
        return tuple(int(p) for p in cid.split("."))

    l2_controls: OrderedDict[str, dict] = OrderedDict()
    for (cid, letter) in sorted(l2_items, key=lambda k: (ctl_key(k[0]), k[1])):
        item = l2_items[(cid, letter)]
        l3_ctl = item["l3"]["control"] if item["l3"] else "8." + cid[2:]
        name = l3_controls[l3_ctl]["name"]
        if cid == "7.1.3.4":
            name = "恶意代码防范"  # U6
        c = l2_controls.setdefault(cid, {"name": name, "l3": l3_ctl, "items": []})
        if c["l3"] != l3_ctl:
            raise SystemExit(f"L2 control {cid} maps to two L3 controls")
        c["items"].append((letter, item))

    # consecutive numbering: control points within a category, letters within a control
    for controls, label in ((l3_controls, "L3"), (l2_controls, "L2")):
        per_cat: dict[str, list[int]] = defaultdict(list)
        for cid, c in controls.items():
            head, _, k = cid.rpartition(".")
            per_cat[head].append(int(k))
            letters = [i["letter"] if label == "L3" else i[0] for i in c["items"]]
            if letters != [chr(ord("a") + n) for n in range(len(letters))]:
                raise SystemExit(f"{label} {cid}: item letters not consecutive: {letters}")
        for head, ks in per_cat.items():
            if sorted(ks) != list(range(1, len(ks) + 1)):
                raise SystemExit(f"{label} {head}: control points not consecutive: {ks}")
    for cid, name in L2_CONTROLS_EXPECTED.items():
        if l2_controls.get(cid, {}).get("name") != name:
            raise SystemExit(f"L2 control {cid} should be {name} (§1.3)")
    if any(cid.startswith("7.1.5.") and cid not in ("7.1.5.1", "7.1.5.2") for cid in l2_controls):
        raise SystemExit("L2 安全管理中心 has only 系统管理 / 审计管理 (§1.3)")
    for n, (c3, c2) in COUNTS.items():
        got3 = sum(1 for r in rows if r["cat"] == n)
        got2 = sum(1 for (cid, _l) in l2_items if cid.split(".")[2] == str(n))
        if (got3, got2) != (c3, c2):
            raise SystemExit(f"category {n}: counts {(got3, got2)} != §2.2 {(c3, c2)}")

    # ---- nodes ------------------------------------------------------------------------
    def note(parts: list[str]) -> dict:
        return {"uncertain": True, "note": " ".join(parts)} if parts else {}

    nodes: list[dict] = []
    for level, chap, lv in (("L2", "7.1", "第二级"), ("L3", "8.1", "第三级")):
        nodes.append({
            "id": chap, "kind": "chapter", "level": level,
            "title": {"zh-hans": f"{lv}安全要求 · 安全通用要求",
                      "en": f"Level {level[1]} security requirements — general requirements"},
        })
        for n, (cname, group, cen) in enumerate(CATEGORIES, start=1):
            cat_id = f"{chap}.{n}"
            other = f"{'8.1' if level == 'L2' else '7.1'}.{n}"
            nodes.append({
                "id": cat_id, "parent": chap, "kind": "category", "level": level,
                "title": {"zh-hans": cname, "en": cen}, "group": group,
                ("l3_equivalent" if level == "L2" else "l2_equivalent"): other,
            })
            if level == "L2":
                for cid, c in l2_controls.items():
                    if cid.rpartition(".")[0] != cat_id:
                        continue
                    us = sorted({u for _l, it in c["items"] for u in it["u"]}
                                | set(L2_CONTROL_U.get(cid, ())))
                    parts = [U_NOTES[u] for u in us] + [DERIVED_L2]
                    nodes.append({
                        "id": cid, "parent": cat_id, "kind": "control", "level": "L2",
                        "title": {"zh-hans": c["name"], "en": CONTROL_EN[c["name"]]},
                        "l3_equivalent": c["l3"], "numbering": "derived", **note(parts),
                    })
                    for letter, item in c["items"]:
                        parts = [U_NOTES[u] for u in item["u"]]
                        if cid in ("7.1.4.8", "7.1.4.9", "7.1.4.10") and 7 not in item["u"]:
                            parts.append(U_NOTES[7])
                        parts.append(DERIVED_L2)
                        node = {
                            "id": f"{cid}.{letter}", "parent": cid, "kind": "item", "level": "L2",
                            "text": {"zh-hans": item["text"]},
                        }
                        if item["l3"]:
                            node["l3_equivalent"] = f"{item['l3']['control']}.{item['l3']['letter']}"
                        node["relation"] = item["relation"]
                        if item["l3"] is None:
                            node["remark"] = ("L2-only item: no L3 counterpart (reference §5; "
                                              "sources X2 and H).")
                        node["numbering"] = "derived"
                        node.update(note(parts))
                        nodes.append(node)
            else:
                for cid, c in l3_controls.items():
                    if cid.rpartition(".")[0] != cat_id:
                        continue
                    derived = cid not in L3_CONFIRMED_CONTROLS
                    parts = []
                    if derived:
                        parts.append(DERIVED_L3)
                    node = {
                        "id": cid, "parent": cat_id, "kind": "control", "level": "L3",
                        "title": {"zh-hans": c["name"], "en": CONTROL_EN[c["name"]]},
                    }
                    if c["l2"]:
                        node["l2_equivalent"] = sorted(c["l2"])[0]
                    node["numbering"] = "derived" if derived else "confirmed"
                    node.update(note(parts))
                    nodes.append(node)
                    for r in c["items"]:
                        parts = [U_NOTES[u] for u in r["u"]]
                        if derived:
                            parts.append(DERIVED_L3)
                        node = {
                            "id": f"{cid}.{r['letter']}", "parent": cid, "kind": "item",
                            "level": "L3", "text": {"zh-hans": r["text"]},
                        }
                        if r["unit"]:
                            node["gbt28448"] = r["unit"]
                        if r["l2"]:
                            node["l2_equivalent"] = f"{r['l2'][0]}.{r['l2'][1]}"
                        node["relation"] = r["relation"]
                        if r.get("remark"):
                            node["remark"] = r["remark"]
                        node["sources"] = r["sources"]
                        node["numbering"] = "derived" if derived else "confirmed"
                        node.update(note(parts))
                        nodes.append(node)
    return nodes


HEADER = """\
# GB/T 22239-2019 信息安全技术 网络安全等级保护基本要求（等保 2.0）
# 第二级（7.1）与第三级（8.1）安全通用要求，每个要求项一个节点。
# Level 2 (7.1) and level 3 (8.1) general security requirements, one node per item.
#
# GENERATED FILE — do not edit by hand. Regenerate with:
#     .venv/bin/python tools/gen_gbt22239.py
# from /work/shared/reference/gbt22239-2019-L2-L3.md (§1, §3, §5). Format: docs/frameworks.md.
#
# Item texts are the verbatim 要求原文 as given in the reference table (source X, cross-checked
# with G/H/A). Nothing here is legal advice: the published standard is the final check.
# uncertain: true marks every node whose number or L2 mapping the reference flags as derived
# or unresolved (U1–U9, §1.6). Verify those against the standard before relying on them.
"""


def render(nodes: list[dict]) -> str:
    head = {
        "framework": {
            "id": "gbt22239-2019",
            "version": 1,
            "name": {"zh-hans": "GB/T 22239-2019 信息安全技术 网络安全等级保护基本要求",
                     "en": "GB/T 22239-2019 Information security technology — Baseline for "
                           "classified protection of cybersecurity"},
            "short_name": {"zh-hans": "等保 2.0", "en": "MLPS 2.0"},
            "published": "2019-05-10",
            "effective": "2019-12-01",
            "replaces": "GB/T 22239-2008",
            "scope": {"zh-hans": "仅第二级（7.1）和第三级（8.1）安全通用要求；不含扩展要求（n.2–n.5）。",
                      "en": "Only the general requirements of level 2 (7.1) and level 3 (8.1); "
                            "no extension requirements (n.2–n.5)."},
            "source_tags": {
                "X": "real 第三级 等级测评 record workbook (9018/dengbaoceping, commit 04bcb2f)",
                "G": "testing company's 测评作业指导书 国标3级 V1.1 (same repository)",
                "H": "HummerRisk/HummerRisk-docs docs/question/grade-protection.md (a6a99c3e)",
                "A": "jowhee327/aws-security-agent src/data/mlps3-full-checklist.json (0ac7fef8); "
                     "'A≠' = A has different (older-draft) wording",
            },
            "field_notes": {
                "relation": "the L2 text relative to the L3 text: same = identical; weaker = L2 has "
                            "a corresponding weaker or different text; none = no counterpart",
                "numbering": "confirmed = the control-point number is printed in a source; "
                             "derived = read from the control-point order (reference §1.3)",
                "gbt28448": "GB/T 28448-2019 test-unit id (L3 technical categories only; "
                            "L3-CES1-16 does not exist)",
            },
        },
    }
    top = yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=100,
                         default_flow_style=False)
    body = yaml.safe_dump({"nodes": nodes}, allow_unicode=True, sort_keys=False, width=4096,
                          default_flow_style=None)
    # a blank line between nodes keeps the file readable
    body = re.sub(r"\n(- id: )", r"\n\n\1", body)
    return HEADER + "\n" + top + body


def main(argv: list[str]) -> int:
    ref = Path(argv[1]) if len(argv) > 1 else DEFAULT_REF
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    nodes = build(parse(ref.read_text(encoding="utf-8")))
    text = render(nodes)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    items = [n for n in nodes if n["kind"] == "item"]
    print(f"wrote {out}: {len(nodes)} nodes, "
          f"{sum(n['level'] == 'L3' for n in items)} L3 items, "
          f"{sum(n['level'] == 'L2' for n in items)} L2 items, "
          f"{sum(bool(n.get('uncertain')) for n in nodes)} uncertain")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
