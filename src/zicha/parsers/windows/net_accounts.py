"""``net accounts`` (localized; no complexity line in any language).

The columns are padded by display width, so split each line at its last colon
and look the label up in the bilingual table (reference §2.2).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import norm_label, numbered

__all__ = ["NetAccounts", "parse_net_accounts"]

_LABELS: dict[str, tuple[str, ...]] = {
    "force_logoff": ("Force user logoff how long after time expires?",
                     "强制用户在时间到期之后多久必须注销?"),
    "min_age_days": ("Minimum password age (days)", "密码最短使用期限(天)"),
    "max_age_days": ("Maximum password age (days)", "密码最长使用期限(天)"),
    "min_length": ("Minimum password length", "密码长度最小值"),
    "history": ("Length of password history maintained", "保持的密码历史记录长度"),
    "lockout_threshold": ("Lockout threshold", "锁定阈值"),
    "lockout_duration_min": ("Lockout duration (minutes)", "锁定持续时间(分)", "锁定持续时间(分钟)"),
    "lockout_window_min": ("Lockout observation window (minutes)", "锁定观测窗口(分)",
                           "锁定观测窗口(分钟)"),
    "role": ("Computer role", "计算机角色"),
}
_BY_LABEL = {norm_label(text): key for key, texts in _LABELS.items() for text in texts}
_DONE = {norm_label(t) for t in ("The command completed successfully.", "命令成功完成。")}
#: words that mean "no limit" / "never" (zh-CN spellings of Unlimited are unverified)
_NEVER = {norm_label(t) for t in ("Never", "Unlimited", "None", "从不", "无限制", "无限", "无")}


@dataclass(frozen=True, slots=True)
class NetAccounts:
    min_age_days: int | None
    max_age_days: int | None     # None: passwords never expire (Unlimited)
    min_length: int | None
    history: int | None          # None: "None"
    lockout_threshold: int | None  # None: Never (no lockout)
    lockout_duration_min: int | None
    lockout_window_min: int | None
    force_logoff: str | None
    role: str | None


def _int_or_never(raw: str, key: str, line: int) -> int | None:
    text = raw.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if norm_label(text) in _NEVER:
        return None
    if key == "max_age_days":
        # reference §2.2: the zh-CN word for "Unlimited" is unverified; any other
        # word here still means "no expiry", which fails the check (safe direction)
        return None
    raise ParseError(f"{key}: {text[:30]!r} is neither a number nor 'Never'", line=line)


def parse_net_accounts(text: str) -> NetAccounts:
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    for n, ln in numbered(text):
        line = unicodedata.normalize("NFKC", ln).strip()
        if not line:
            continue
        if norm_label(line) in _DONE:
            continue
        label, sep, value = line.rpartition(":")
        key = _BY_LABEL.get(norm_label(label)) if sep else None
        if key is None:
            raise ParseError(f"unknown net accounts line: {line[:60]!r}", line=n)
        values[key] = value.strip()
        lines[key] = n
    for key in ("max_age_days", "min_length", "lockout_threshold"):
        if key not in values:
            raise ParseError(f"net accounts output lacks the {key} line",
                             line=max(lines.values(), default=1))
    ints = {key: _int_or_never(values[key], key, lines[key]) if key in values else None
            for key in ("min_age_days", "max_age_days", "min_length", "history",
                        "lockout_threshold", "lockout_duration_min", "lockout_window_min")}
    if ints["min_length"] is None:
        raise ParseError("minimum password length is not a number", line=lines["min_length"])
    return NetAccounts(**ints, force_logoff=values.get("force_logoff"), role=values.get("role"))
