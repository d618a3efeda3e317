"""firewall: a composite section of ``>>> label exit=N`` blocks.

Blocks: ``systemctl`` (``unit state`` lines from ``systemctl is-active``),
``firewall-cmd`` (``--state``), ``ufw`` (``ufw status``), ``nft`` (a summary the
collector computes from ``nft list ruleset``: ``lines N``, ``rules N``,
``input_rules N``, ``input_policy P``) and ``iptables`` (``iptables -S``).
"""

from __future__ import annotations

from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.linux._text import Block, parse_int, split_blocks

__all__ = ["FirewallStatus", "IptablesRules", "NftSummary", "parse_firewall", "parse_unit_states"]

_LABELS = ("systemctl", "firewall-cmd", "ufw", "nft", "iptables")


@dataclass(frozen=True, slots=True)
class NftSummary:
    lines: int
    rules: int
    input_rules: int
    input_policy: str | None   # "drop" when any input-hook chain drops by default


@dataclass(frozen=True, slots=True)
class IptablesRules:
    rules: int                 # "-A" lines in all chains
    input_rules: int           # "-A INPUT" lines
    policies: dict[str, str]   # built-in chain → policy


@dataclass(frozen=True, slots=True)
class FirewallStatus:
    exits: dict[str, int]          # block label → exit status (127: not installed)
    units: dict[str, str]          # unit → is-active state ("unknown": no answer)
    firewalld_state: str | None    # firewall-cmd --state: "running" / "not running"
    ufw_status: str | None         # "active" / "inactive"
    nft: NftSummary | None
    iptables: IptablesRules | None


def parse_unit_states(block: Block) -> dict[str, str]:
    units: dict[str, str] = {}
    for n, ln in block.content():
        parts = ln.split()
        if len(parts) != 2:
            raise ParseError(f"expected 'unit state': {ln[:60]!r}", line=n)
        units[parts[0]] = parts[1]
    return units


def _ufw(block: Block) -> str:
    for n, ln in block.content():
        key, sep, value = ln.partition(":")
        if sep and key.strip().lower() == "status":
            return value.strip().lower()
        raise ParseError(f"expected 'Status: …' first in ufw status: {ln[:60]!r}", line=n)
    return _missing(block)


def _missing(block: Block) -> str:
    raise ParseError(f"block {block.label!r} succeeded but printed nothing", line=block.line)


def _nft(block: Block) -> NftSummary:
    values: dict[str, int] = {}
    policy: str | None = None
    for n, ln in block.content():
        parts = ln.split()
        if len(parts) != 2:
            raise ParseError(f"expected 'name value' in the nft summary: {ln[:60]!r}", line=n)
        if parts[0] == "input_policy":
            if policy != "drop":
                policy = parts[1].lower()
        elif parts[0] in {"lines", "rules", "input_rules"}:
            values[parts[0]] = parse_int(parts[1], n, parts[0])
        else:
            raise ParseError(f"unknown nft summary line {parts[0]!r}", line=n)
    if "rules" not in values:
        _missing(block)
    return NftSummary(lines=values.get("lines", 0), rules=values["rules"],
                      input_rules=values.get("input_rules", 0), input_policy=policy)


def _iptables(block: Block) -> IptablesRules:
    rules = input_rules = 0
    policies: dict[str, str] = {}
    for n, ln in block.content():
        stripped = ln.strip()
        if stripped.startswith("#"):
            continue
        parts = stripped.split()
        if parts[0] == "-P" and len(parts) >= 3:
            policies[parts[1]] = parts[2].upper()
        elif parts[0] == "-N" and len(parts) >= 2:
            continue
        elif parts[0] == "-A" and len(parts) >= 2:
            rules += 1
            if parts[1] == "INPUT":
                input_rules += 1
        else:
            raise ParseError(f"not an 'iptables -S' line: {stripped[:60]!r}", line=n)
    return IptablesRules(rules=rules, input_rules=input_rules, policies=policies)


def parse_firewall(text: str) -> FirewallStatus:
    blocks = split_blocks(text, _LABELS)
    units: dict[str, str] = {}
    if "systemctl" in blocks:
        units = parse_unit_states(blocks["systemctl"])
    state = None
    if "firewall-cmd" in blocks:
        got = [ln.strip() for _, ln in blocks["firewall-cmd"].content()]
        state = " ".join(got).lower() or None
    ufw = _ufw(blocks["ufw"]) if "ufw" in blocks and blocks["ufw"].ok else None
    nft = _nft(blocks["nft"]) if "nft" in blocks and blocks["nft"].ok else None
    ipt = _iptables(blocks["iptables"]) if "iptables" in blocks and blocks["iptables"].ok else None
    return FirewallStatus(exits={k: b.exit_code for k, b in blocks.items()}, units=units,
                          firewalld_state=state, ufw_status=ufw, nft=nft, iptables=ipt)
