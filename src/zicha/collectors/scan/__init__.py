"""Network scanning inside a configured scope (asyncio TCP connect scan).

Nothing here sends a packet to an address outside the :class:`Scope` the
caller built; the default scope is empty and refuses everything.
"""

from zicha.collectors.scan.scope import MAX_SCAN_ADDRESSES, Scope, parse_address_spec
from zicha.collectors.scan.tcp import (
    DEFAULT_PORTS,
    AsyncioConnectProber,
    Connect,
    PortSpecError,
    PortState,
    ProbeError,
    Prober,
    ScanReport,
    parse_ports,
    scan_tcp,
    tcp_connect,
)

__all__ = [
    "DEFAULT_PORTS",
    "MAX_SCAN_ADDRESSES",
    "AsyncioConnectProber",
    "Connect",
    "PortSpecError",
    "PortState",
    "ProbeError",
    "Prober",
    "ScanReport",
    "Scope",
    "parse_address_spec",
    "parse_ports",
    "scan_tcp",
    "tcp_connect",
]
