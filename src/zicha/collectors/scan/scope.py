"""Scan scope: the only addresses a scan may ever touch.

A :class:`Scope` is built from what the user configured (CIDRs, single
addresses, ranges) minus an ``exclude`` list. The default scope is empty and
refuses everything. :meth:`Scope.expand` turns scan targets into addresses and
refuses the whole request — before anything is sent — when any target lies
outside the scope, names a host instead of an address, or is too large.

Only IPv4: hospital intranets are addressed in IPv4, and inspections name
addresses, so hostnames are never resolved here.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from zicha.domain.errors import ScopeError

__all__ = ["MAX_SCAN_ADDRESSES", "Scope", "parse_address_spec"]

#: hard cap on the addresses one scan may cover (a /16)
MAX_SCAN_ADDRESSES = 65_536

_IPV4 = ipaddress.IPv4Address
_NET = ipaddress.IPv4Network
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_\-]{0,62})"
                       r"(?:\.[A-Za-z0-9_\-]{1,63})*\.?$")

Interval = tuple[int, int]  # inclusive [first, last] as integers


def parse_address_spec(spec: str, *, what: str = "target") -> tuple[list[_NET], str]:
    """Parse ``10.0.0.0/24``, ``10.0.0.5``, ``10.0.0.1-10.0.0.50`` or ``10.0.0.1-50``.

    Returns the networks covering the spec and its kind: ``"address"``,
    ``"network"`` or ``"range"``. Raises :class:`ScopeError` for hostnames, IPv6 and malformed specs.
    """
    text = spec.strip() if isinstance(spec, str) else str(spec)
    code = f"{what}-invalid"
    if not text:
        raise ScopeError(f"empty {what} address", code=code)
    try:
        if "-" in text and "/" not in text:
            first_s, _, last_s = text.partition("-")
            first = _IPV4(first_s.strip())
            last_s = last_s.strip()
            if last_s.isdigit():  # 10.0.0.1-50: last octet only
                octet = int(last_s)
                if octet > 255:
                    raise ValueError(last_s)
                last = _IPV4((int(first) & 0xFFFFFF00) | octet)
            else:
                last = _IPV4(last_s)
            if int(last) < int(first):
                raise ScopeError(f"{what} range {text!r} ends before it starts", code=code)
            return (list(ipaddress.summarize_address_range(first, last)),
                    "address" if first == last else "range")
        if "/" in text:
            net = ipaddress.ip_network(text, strict=False)
            if not isinstance(net, _NET):
                raise ScopeError(f"IPv6 {what} {text!r} is not supported; use IPv4 addresses",
                                 code=f"{what}-ipv6-unsupported")
            return [net], "address" if net.num_addresses == 1 else "network"
        addr = ipaddress.ip_address(text)
        if not isinstance(addr, _IPV4):
            raise ScopeError(f"IPv6 {what} {text!r} is not supported; use IPv4 addresses",
                             code=f"{what}-ipv6-unsupported")
        return [_NET(addr)], "address"
    except ScopeError:
        raise
    except ValueError:
        pass
    if ":" in text:
        raise ScopeError(f"{what} {text!r} is not a valid IPv4 address (IPv6 is not supported)",
                         code=code)
    if _HOSTNAME.match(text) and any(c.isalpha() for c in text):
        raise ScopeError(
            f"{what} {text!r} is a host name; names are not resolved, give an IPv4 address",
            code=f"{what}-hostname",
            hint="inspections work on addresses: use the address from the IP register",
        )
    raise ScopeError(f"{what} {text!r} is not an IPv4 address, CIDR or range", code=code)


def _merge(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    out: list[list[int]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def _interval(net: _NET) -> Interval:
    return int(net.network_address), int(net.broadcast_address)


def _hit(intervals: Sequence[Interval], starts: Sequence[int], value: int) -> bool:
    i = bisect.bisect_right(starts, value) - 1
    return i >= 0 and intervals[i][1] >= value


def _first_uncovered(intervals: Sequence[Interval], a: int, b: int) -> int | None:
    """First integer in [a, b] not inside the merged ``intervals``, or None."""
    cur = a
    for lo, hi in intervals:
        if hi < cur:
            continue
        if lo > cur:
            return cur
        cur = hi + 1
        if cur > b:
            return None
    return cur if cur <= b else None


@dataclass(frozen=True)
class Scope:
    """Addresses a scan may touch: ``include`` minus ``exclude``. Empty refuses all."""

    include: tuple[_NET, ...] = ()
    exclude: tuple[_NET, ...] = ()
    _inc: tuple[Interval, ...] = field(init=False, repr=False, compare=False)
    _exc: tuple[Interval, ...] = field(init=False, repr=False, compare=False)
    _inc_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _exc_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        inc = _merge(_interval(n) for n in self.include)
        exc = _merge(_interval(n) for n in self.exclude)
        object.__setattr__(self, "_inc", inc)
        object.__setattr__(self, "_exc", exc)
        object.__setattr__(self, "_inc_starts", tuple(a for a, _ in inc))
        object.__setattr__(self, "_exc_starts", tuple(a for a, _ in exc))

    # -- construction -----------------------------------------------------------------
    @classmethod
    def parse(cls, entries: Iterable[str] = (), exclude: Iterable[str] = ()) -> Scope:
        """Build a scope from CIDRs, single addresses and ranges (no host names)."""
        if isinstance(entries, str) or isinstance(exclude, str):
            raise TypeError("Scope.parse takes lists of entries, not a single string")
        inc: list[_NET] = []
        for entry in entries:
            inc.extend(parse_address_spec(entry, what="scope")[0])
        exc: list[_NET] = []
        for entry in exclude:
            exc.extend(parse_address_spec(entry, what="scope")[0])
        return cls(tuple(inc), tuple(exc))

    @classmethod
    def empty(cls) -> Scope:
        return cls()

    # -- queries ----------------------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        return not self._inc

    def describe(self) -> str:
        """Human-readable form for error messages and reports."""
        if self.is_empty:
            return "(empty scope: nothing may be scanned)"
        text = ", ".join(str(n) for n in self.include)
        if self.exclude:
            text += " excluding " + ", ".join(str(n) for n in self.exclude)
        return text

    def _in_include(self, value: int) -> bool:
        return _hit(self._inc, self._inc_starts, value)

    def _in_exclude(self, value: int) -> bool:
        return bool(self._exc) and _hit(self._exc, self._exc_starts, value)

    def contains(self, ip: str | _IPV4) -> bool:
        """True when ``ip`` is an IPv4 address inside include and not excluded."""
        try:
            value = int(ip if isinstance(ip, _IPV4) else _IPV4(str(ip).strip()))
        except ValueError:
            return False
        return self._in_include(value) and not self._in_exclude(value)

    def check(self, ip: str | _IPV4) -> _IPV4:
        """Return ``ip`` as an address, or raise ScopeError naming it and the scope."""
        if isinstance(ip, _IPV4):
            addr = ip
        else:
            nets, kind = parse_address_spec(str(ip))
            if kind != "address":
                raise ScopeError(f"{ip!r} is not a single address", code="target-invalid")
            addr = nets[0].network_address
        value = int(addr)
        if not self._in_include(value):
            raise self._out_of_scope(addr)
        if self._in_exclude(value):
            raise ScopeError(
                f"{addr} is excluded from the scan scope ({self.describe()})",
                code="target-excluded",
                hint="remove it from the targets or from the exclude list",
            )
        return addr

    def _out_of_scope(self, addr: _IPV4) -> ScopeError:
        if self.is_empty:
            return ScopeError(
                f"refusing to scan {addr}: no scan scope is configured",
                code="target-out-of-scope",
                hint="configure the scan scope with the hospital's own address ranges",
            )
        return ScopeError(
            f"refusing to scan {addr}: outside the configured scope {self.describe()}",
            code="target-out-of-scope",
            hint="add the range to the scan scope if it belongs to this organisation",
        )

    def expand(self, targets: Iterable[str], *, limit: int = MAX_SCAN_ADDRESSES) -> list[_IPV4]:
        """All in-scope addresses of ``targets``, de-duplicated, in the order given.

        Everything is validated before anything is returned, so a caller that
        sends probes only after ``expand`` returns never touches an address
        outside the scope. Networks shorter than /31 lose their network and
        broadcast addresses (as ``hosts()``); addresses in ``exclude`` are
        dropped from networks and ranges, and a single excluded address that
        was named explicitly is refused.
        """
        if isinstance(targets, str):
            targets = [targets]
        parsed: list[tuple[list[_NET], str]] = []
        total = 0
        for spec in targets:
            nets, kind = parse_address_spec(spec)
            for net in nets:
                a, b = _interval(net)
                missing = _first_uncovered(self._inc, a, b)
                if missing is not None:
                    raise self._out_of_scope(_IPV4(missing))
                total += net.num_addresses
            if kind == "address":
                self.check(nets[0].network_address)
            parsed.append((nets, kind))
        if total > limit:
            raise ScopeError(
                f"{total} addresses requested; one scan may cover at most {limit}",
                code="scan-too-large",
                hint="split the scan by subnet",
            )
        seen: set[int] = set()
        out: list[_IPV4] = []
        for nets, kind in parsed:
            for net in nets:
                first, last = _interval(net)
                if kind == "network" and net.prefixlen < 31:
                    first, last = first + 1, last - 1
                for value in range(first, last + 1):
                    if value in seen or self._in_exclude(value):
                        continue
                    if not self._in_include(value):  # belt and braces
                        raise self._out_of_scope(_IPV4(value))
                    seen.add(value)
                    out.append(_IPV4(value))
        return out
