"""``secedit /export /cfg x.inf /areas SECURITYPOLICY``: a UTF-16LE INF, language-neutral.

::

    [Unicode]
    Unicode=yes
    [System Access]
    MinimumPasswordAge = 0
    MaximumPasswordAge = 42
    ...
    [Registry Values]
    MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LimitBlankPasswordUse=4,1
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import numbered

__all__ = ["SeceditPolicy", "parse_secedit"]

_SECTION = re.compile(r"^\[([^\]]+)\]$")
_KV = re.compile(r"^([^=]+?)\s*=\s*(.*)$")


@dataclass(frozen=True, slots=True)
class SeceditPolicy:
    system_access: dict[str, str]
    event_audit: dict[str, str]
    registry_values: dict[str, str]    # path → "type,value" as exported
    other: dict[str, dict[str, str]]   # any further section ([Version], [Kerberos Policy] …)

    def int_value(self, key: str) -> int | None:
        raw = self.system_access.get(key)
        if raw is None:
            return None
        try:
            return int(raw.strip().strip('"'))
        except ValueError:
            return None

    def registry_value(self, suffix: str) -> str | None:
        """The value part of a ``[Registry Values]`` line whose path ends with ``suffix``."""
        want = suffix.lower()
        for path, raw in self.registry_values.items():
            if path.lower().endswith(want):
                return raw.partition(",")[2].strip('"') if "," in raw else raw
        return None


_INT_KEYS = {
    "MinimumPasswordAge", "MaximumPasswordAge", "MinimumPasswordLength", "PasswordComplexity",
    "PasswordHistorySize", "LockoutBadCount", "ResetLockoutCount", "LockoutDuration",
    "ClearTextPassword", "EnableAdminAccount", "EnableGuestAccount", "ForceLogoffWhenHourExpire",
    "LSAAnonymousNameLookup",
}


def parse_secedit(text: str) -> SeceditPolicy:
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for n, ln in numbered(text):
        line = ln.strip().lstrip("\ufeff")
        if not line or line.startswith(";"):
            continue
        m = _SECTION.match(line)
        if m:
            current = sections.setdefault(m.group(1).strip(), {})
            continue
        kv = _KV.match(line)
        if not kv:
            raise ParseError(f"not an INF 'key = value' line: {line[:60]!r}", line=n)
        if current is None:
            raise ParseError("key before the first [section]", line=n)
        key, value = kv.group(1).strip(), kv.group(2).strip()
        if key in _INT_KEYS and current is sections.get("System Access"):
            try:
                int(value)
            except ValueError:
                raise ParseError(f"{key} = {value[:20]!r} is not a whole number", line=n) from None
        current[key] = value
    if "System Access" not in sections:
        raise ParseError("no [System Access] section: the export did not succeed", line=1)
    return SeceditPolicy(
        system_access=sections.pop("System Access"),
        event_audit=sections.pop("Event Audit", {}),
        registry_values=sections.pop("Registry Values", {}),
        other=sections,
    )
