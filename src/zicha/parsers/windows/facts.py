"""Windows bundle → FactSet. The namespaces are the contract the WIN-* checks are
written against; docs/collector.md lists them.

Rules (same as the Linux side):

* a section that is absent leaves the namespaces it alone feeds unset;
* a truncated section or one whose command failed → ``facts.set_error(ns, …)``;
* a ParseError → ``set_error`` naming the bundle line (section line + parse line);
* one section failing never sinks the others.

When a namespace draws on several sections and only some are usable, the keys that
depend on the missing one get their own error (``windows.accounts.admins``…):
FactSet lookups take the longest namespace first, so such a key is undecidable
while its siblings stay usable — an absent key would otherwise read as "unset"
and an ``empty`` rule would pass on nothing.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zicha.domain.errors import ParseError
from zicha.domain.facts import FactSet
from zicha.parsers.bundle import Bundle, Section
from zicha.parsers.decode import decode_output
from zicha.parsers.text import is_digits
from zicha.parsers.windows import PARSERS
from zicha.parsers.windows.derive import (
    accounts_facts,
    antivirus_facts,
    autologon_facts,
    ms17_010_facts,
    os_facts,
    password_facts,
    patches_facts,
    screensaver_facts,
    usb_facts,
)
from zicha.parsers.windows.derive_net import (
    firewall_facts,
    interfaces_facts,
    listening_facts,
    rdp_facts,
    smb1_facts,
    wifi_facts,
)

__all__ = ["Parsed", "SectionReader", "build_windows_facts", "bundle_identity"]

#: sections whose non-zero exit status can still carry an answer the parser recognises
#: (netsh wlan without the WLAN service; SecurityCenter2 missing on servers is
#: handled by the antivirus builder; sc qc of a driver that is not installed)
_NONZERO_OK = {"wlan", "wlan_hosted"}


@dataclass(frozen=True, slots=True)
class Parsed:
    """One section as the builders see it: ok (value), absent, or error (message)."""

    name: str
    state: str               # ok | absent | error
    value: Any = None
    error: str | None = None
    exit_code: int | None = None

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    @property
    def absent(self) -> bool:
        return self.state == "absent"

    def why(self) -> str:
        if self.absent:
            return f"section {self.name} was not collected"
        return self.error or f"section {self.name} is unusable"


def _codec(codepage: str) -> str | None:
    cp = codepage.strip()
    if not is_digits(cp) or cp in ("936", "65001"):
        return None
    name = f"cp{cp}"
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


class SectionReader:
    """Decodes and parses each section once."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self._cache: dict[str, Parsed] = {}
        self._codec = _codec(bundle.header.get("codepage", ""))

    def text(self, section: Section) -> str:
        """BOM or ``encoding=`` attribute first, then UTF-16LE by shape, then strict
        UTF-8; other bytes are the console code page named in the header (GB18030
        for 936 and when none is named)."""
        body = section.body
        if section.attrs.get("encoding") or body.startswith((b"\xff\xfe", b"\xfe\xff",
                                                             b"\xef\xbb\xbf")):
            return section.text()
        if _looks_utf16le(body) or self._codec is None or _is_utf8(body):
            return decode_output(body)
        return decode_output(body, self._codec)

    def get(self, name: str) -> Parsed:
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]

    def _read(self, name: str) -> Parsed:
        section = self.bundle.sections.get(name)
        if section is None:
            return Parsed(name, "absent")
        where = f"section {name} (bundle line {section.line})"
        if section.truncated:
            return Parsed(name, "error", error=f"{where} is truncated: the bundle was cut off "
                                               "before its END marker", exit_code=None)
        if section.exit_code is None:
            return Parsed(name, "error", error=f"{where} has no exit status")
        parser = PARSERS.get(name)
        if parser is None:
            return Parsed(name, "error", error=f"{where}: no parser for this section")
        try:
            value = parser(self.text(section))
        except ParseError as exc:
            line = section.line + (exc.line or 1)
            if section.exit_code != 0:
                return Parsed(name, "error", exit_code=section.exit_code,
                              error=f"{where} exited with status {section.exit_code}")
            return Parsed(name, "error", error=f"section {name} bundle line {line}: {exc.message}")
        except Exception as exc:  # a parser bug must not sink the other sections
            return Parsed(name, "error", error=f"{where}: parser failed ({type(exc).__name__})")
        if section.exit_code != 0:
            if name in _NONZERO_OK and getattr(value, "service_running", True) is False:
                return Parsed(name, "ok", value, exit_code=section.exit_code)
            return Parsed(name, "error", value, exit_code=section.exit_code,
                          error=f"{where} exited with status {section.exit_code}")
        return Parsed(name, "ok", value, exit_code=0)


def _looks_utf16le(data: bytes) -> bool:
    sample = data[:512]
    if len(sample) < 4 or len(sample) % 2:
        return False
    odd = sample[1::2]
    return odd.count(0) >= len(odd) * 0.6


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _collected_date(bundle: Bundle) -> dt.date | None:
    raw = bundle.header.get("collected_at", "").strip()
    if not raw:
        return None
    try:
        stamp = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.date()


class _Sink:
    """Collects namespace values and key-level errors, then writes them in order."""

    def __init__(self, facts: FactSet) -> None:
        self.facts = facts

    def put(self, ns: str, value: dict[str, Any] | None, errors: dict[str, str] | None = None,
            *, error: str | None = None) -> None:
        if error is not None:
            self.facts.set_error(ns, error)
            return
        if value is None:
            return
        self.facts.set(ns, value)
        for key, message in (errors or {}).items():
            self.facts.set_error(f"{ns}.{key}", message)


def build_windows_facts(bundle: Bundle, *, today: dt.date) -> FactSet:
    facts = FactSet()
    reader = SectionReader(bundle)
    sink = _Sink(facts)
    ref_date = _collected_date(bundle) or today
    hostname = bundle.hostname

    steps: list[tuple[str, Callable[[], Any]]] = [
        ("os", lambda: os_facts(reader.get("os"), reader.get("os_reg"), hostname, today)),
        ("windows.password_policy", lambda: password_facts(reader.get("secedit"),
                                                           reader.get("net_accounts"))),
        ("windows.accounts", lambda: accounts_facts(reader.get("local_users"),
                                                    reader.get("local_admins"),
                                                    reader.get("secedit"))),
        ("windows.autologon", lambda: autologon_facts(reader.get("autologon"))),
        ("windows.screensaver", lambda: screensaver_facts(reader.get("screensaver"))),
        ("windows.listening", lambda: listening_facts(reader.get("netstat"),
                                                      reader.get("tasklist"))),
        ("windows.rdp", lambda: rdp_facts(reader.get("rdp"), reader.get("netstat"))),
        ("windows.smb1", lambda: smb1_facts(reader.get("smb1"), reader.get("smb1_client"),
                                            reader.get("srv_sys"))),
        ("windows.ms17_010", lambda: ms17_010_facts(reader.get("srv_sys"),
                                                    reader.get("hotfixes"), facts)),
        ("windows.patches", lambda: patches_facts(reader.get("hotfixes"), today)),
        ("windows.antivirus", lambda: antivirus_facts(
            sc2=reader.get("antivirus"), defender=reader.get("defender"),
            ps=reader.get("ps_defender"), services=reader.get("services"),
            av_services=reader.get("av_services"), facts=facts, ref_date=ref_date)),
        ("windows.usb_storage", lambda: usb_facts(reader.get("usbstor"))),
        ("windows.firewall", lambda: firewall_facts(reader.get("firewall_reg"),
                                                    reader.get("firewall"),
                                                    reader.get("services"))),
        ("net.interfaces", lambda: interfaces_facts(reader.get("adapters_wmic"),
                                                    reader.get("adapters"),
                                                    reader.get("wlan"))),
        ("windows.wifi", lambda: wifi_facts(reader.get("wlan"), reader.get("wlan_hosted"),
                                            reader.get("tasklist"), reader.get("adapters_wmic"),
                                            facts)),
    ]
    for ns, step in steps:
        try:
            for out_ns, value, errors, error in step():
                sink.put(out_ns, value, errors, error=error)
        except Exception as exc:  # a derivation bug leaves its namespace undecidable
            facts.set_error(ns, f"could not derive {ns}: {type(exc).__name__}: {exc}")

    _simple(reader, facts)
    return facts


def _simple(reader: SectionReader, facts: FactSet) -> None:
    """Plain lists: running services, process images, the collector's elevation."""
    services = reader.get("services")
    if services.ok:
        facts.set("windows.services", {
            "running": sorted(s.name.lower() for s in services.value.services
                              if s.state == "RUNNING")})
    elif not services.absent:
        facts.set_error("windows.services", services.why())
    tasks = reader.get("tasklist")
    if tasks.ok:
        facts.set("windows.processes", {"images": tasks.value.images()})
    elif not tasks.absent:
        facts.set_error("windows.processes", tasks.why())
    who = reader.get("whoami")
    if who.ok:
        facts.set("windows.collector", {"elevated": who.value.elevated,
                                        "integrity": who.value.integrity})
    elif not who.absent:
        facts.set_error("windows.collector", who.why())


def bundle_identity(bundle: Bundle) -> dict[str, Any]:
    """hostname, IPv4 addresses and MACs, for matching a bundle to the asset register."""
    reader = SectionReader(bundle)
    ipv4: set[str] = set()
    macs: set[str] = set()
    nic = reader.get("adapters_wmic")
    if nic.ok:
        for a in nic.value.adapters:
            ipv4.update(x for x in a.addresses if _is_v4(x))
            if a.mac:
                macs.add(a.mac)
    ipc = reader.get("adapters")
    if ipc.ok:
        for ad in ipc.value.adapters:
            ipv4.update(x for x in ad.ipv4 if _is_v4(x))
            if ad.mac and ad.kind != "tunnel":
                macs.add(ad.mac)
    ipv4 = {x for x in ipv4 if not ipaddress.ip_address(x).is_loopback}
    return {"hostname": bundle.hostname, "ipv4": sorted(ipv4, key=_v4_key), "macs": sorted(macs)}


def _is_v4(text: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False


def _v4_key(text: str) -> int:
    return int(ipaddress.IPv4Address(text))
