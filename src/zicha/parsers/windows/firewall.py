"""``netsh advfirewall show allprofiles state`` (localized).

en-US::

    Domain Profile Settings:
    ----------------------------------------------------------------------
    State                                 ON

zh-CN: ``域配置文件 设置:`` / ``专用配置文件 设置:`` / ``公用配置文件 设置:``, ``状态  启用``.
The zh-CN state word differs between builds (打开/关闭 in one sample, 启用/禁用 in
another — reference §2.2); both are accepted, anything else is an error.
collect.bat also reads the EnableFirewall registry values (section
``firewall_reg``), which the facts builder prefers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import norm_label, numbered

__all__ = ["FirewallState", "parse_firewall"]

_PROFILES = {
    "domain": ("Domain Profile Settings", "域配置文件 设置", "域配置文件设置"),
    "private": ("Private Profile Settings", "专用配置文件 设置", "专用配置文件设置"),
    "public": ("Public Profile Settings", "公用配置文件 设置", "公用配置文件设置"),
}
_BY_HEADER = {norm_label(t): k for k, texts in _PROFILES.items() for t in texts}
_STATE_LABELS = {norm_label(t) for t in ("State", "状态")}
_ON = {norm_label(t) for t in ("ON", "打开", "启用", "开")}
_OFF = {norm_label(t) for t in ("OFF", "关闭", "禁用", "关")}
_OK = {norm_label(t) for t in ("Ok.", "确定。", "确定")}
_RULE = re.compile(r"^-{10,}$")


@dataclass(frozen=True, slots=True)
class FirewallState:
    domain: bool | None
    private: bool | None
    public: bool | None


def parse_firewall(text: str) -> FirewallState:
    states: dict[str, bool] = {}
    current: str | None = None
    for n, ln in numbered(text):
        line = ln.strip()
        if not line or _RULE.match(line) or norm_label(line) in _OK:
            continue
        header = _BY_HEADER.get(norm_label(line))
        if header is not None:
            if header in states or current == header:
                raise ParseError(f"profile {header} appears twice", line=n)
            current = header
            continue
        parts = line.split()
        if len(parts) >= 2 and norm_label(" ".join(parts[:-1])) in _STATE_LABELS:
            if current is None:
                raise ParseError("State line before any profile header", line=n)
            word = norm_label(parts[-1])
            if word in _ON:
                states[current] = True
            elif word in _OFF:
                states[current] = False
            else:
                raise ParseError(f"unknown firewall state {parts[-1][:20]!r}", line=n)
            continue
        raise ParseError(f"unknown netsh advfirewall line: {line[:60]!r}", line=n)
    if not states:
        raise ParseError("no profile state found", line=1)
    return FirewallState(states.get("domain"), states.get("private"), states.get("public"))
