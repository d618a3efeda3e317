"""Write the simulated hospital's Windows bundles from the reviewed Windows fixtures.

    .venv/bin/python tools/gen_lab_windows.py

Each lab PC gets a real-shaped zh-CN bundle (GBK console output, UTF-16LE wmic
and secedit) with its own host name, and the few sections changed that make it
match what the lab's listeners expose (RDP on, 3389/445 listening, USB open).
The output is committed under src/zicha/lab/bundles/; re-run after changing
the fixtures.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from zicha.parsers.bundle import Section, build_bundle, read_bundle

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "bundles" / "windows"
OUT = ROOT / "src" / "zicha" / "lab" / "bundles"
COMPLIANT = FIX / "zh-CN_win10_ltsc2021_compliant.zbundle"
WIN7 = FIX / "zh-CN_win7_noncompliant.zbundle"

RDP_ON = b"0x0"


def _rename(section: Section, old: str, new: str) -> Section:
    body = section.body
    if section.attrs.get("encoding") == "utf-16le":
        body = body.replace(old.encode("utf-16-le"), new.encode("utf-16-le"))
    else:
        body = body.replace(old.encode("ascii"), new.encode("ascii"))
    return replace(section, body=body)


def _rdp_on(section: Section) -> Section:
    body = re.sub(rb"(fDenyTSConnections\s+REG_DWORD\s+)0x1", rb"\g<1>0x0", section.body)
    return replace(section, body=body)


def _listen(section: Section, ports: list[int]) -> Section:
    lines = section.body.split(b"\r\n" if b"\r\n" in section.body else b"\n")
    nl = b"\r\n" if b"\r\n" in section.body else b"\n"
    at = next(i for i, ln in enumerate(lines) if b"LISTENING" in ln)
    new = [f"  TCP    0.0.0.0:{p:<5}             0.0.0.0:0              LISTENING       4"
           .encode("ascii") for p in ports]
    return replace(section, body=nl.join(lines[:at] + new + lines[at:]))


def _usb_open(section: Section) -> Section:
    body = section.body.replace(b"Start    REG_DWORD    0x4", b"Start    REG_DWORD    0x3")
    body = body.replace(b"Deny_All    REG_DWORD    0x1", b"Deny_All    REG_DWORD    0x0")
    return replace(section, body=body)


def make(source: Path, hostname: str, *, rdp: bool = False, listen: tuple[int, ...] = (),
         usb_open: bool = False) -> bytes:
    bundle = read_bundle(source.read_bytes(), source=str(source))
    old = bundle.header["hostname"]
    header = {**bundle.header, "hostname": hostname.upper()}
    sections = []
    for s in bundle.sections.values():
        s = _rename(s, old, hostname.upper())
        if rdp and s.name == "rdp":
            s = _rdp_on(s)
        if listen and s.name == "netstat":
            s = _listen(s, list(listen))
        if usb_open and s.name == "usbstor":
            s = _usb_open(s)
        sections.append(s)
    return build_bundle(header, sections, newline=b"\r\n")


PLAN = {
    "nk-pc-01": dict(source=COMPLIANT),
    "nk-pc-02": dict(source=COMPLIANT, rdp=True, listen=(3389,)),
    "wk-pc-01": dict(source=COMPLIANT),
    "wk-pc-02": dict(source=WIN7),
    "bg-pc-01": dict(source=COMPLIANT, rdp=True, listen=(445, 3389), usb_open=True),
}


def main() -> None:
    for host, spec in PLAN.items():
        path = OUT / f"{host}.zbundle"
        path.write_bytes(make(hostname=host, **spec))  # type: ignore[arg-type]
        print(path)


if __name__ == "__main__":
    main()
