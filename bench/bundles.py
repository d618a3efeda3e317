"""Windows bundle throughput: read_bundle + build_windows_facts + every WIN-* check.

    PYTHONPATH=src .venv/bin/python bench/bundles.py [--bundles 10000] [--pool 200]

A pool of bundle variants is generated from the fixture bundles
(tests/fixtures/bundles/windows: zh-CN Windows 7, zh-CN Windows 10 LTSC, en-US
Server 2016) with different host names, addresses, listening ports, processes and
signature ages, then the pool is cycled until --bundles have been processed on one
core. Every 1,000 bundles it prints the rate and the resident memory (current and
peak) so a leak would show as growth. The target is ≥ 200 bundles/s.

The peer measured in the same run is the bundle reader alone: the ratio says how
much of the time is parsing + judging versus merely splitting the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zicha.parsers.bundle import read_bundle  # noqa: E402
from zicha.parsers.windows.facts import build_windows_facts  # noqa: E402
from zicha.rules.evaluator import AssetContext, evaluate  # noqa: E402
from zicha.rules.loader import load_catalogue  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def _builder():
    path = ROOT / "tests" / "fixtures" / "bundles" / "windows" / "build_bundles.py"
    spec = importlib.util.spec_from_file_location("build_bundles", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def variants(count: int, seed: int = 7) -> list[tuple[bytes, str]]:
    """(bundle bytes, role) — each variant differs in host, address, ports and processes."""
    bb = _builder()
    rng = random.Random(seed)
    bases = [("PC-NK", "936", bb.WIN7, "workstation"), ("PC-WK", "936", bb.WIN10_LTSC, "workstation"),
             ("SRV-HIS", "437", bb.SERVER2016, "server")]
    out = []
    for i in range(count):
        prefix, codepage, spec, role = bases[i % len(bases)]
        spec = list(spec)
        extra_ports = "".join(
            f"  TCP    0.0.0.0:{rng.randint(1024, 65000)}          0.0.0.0:0              "
            f"LISTENING       {rng.randint(100, 9000)}\r\n" for _ in range(rng.randint(0, 40)))
        extra_procs = "".join(f'"app{rng.randint(1, 999)}.exe","{rng.randint(100, 9000)}",'
                              f'"Console","1","{rng.randint(1, 99999):,} K"\r\n'
                              for _ in range(rng.randint(0, 60)))
        for idx, (name, source, code) in enumerate(spec):
            if name in ("netstat", "tasklist") and isinstance(source, str):
                body, _ = bb._body(name, source, codepage)
                add = extra_ports if name == "netstat" else extra_procs
                spec[idx] = (name, body + add.encode("ascii"), code)
        data = bb.bundle(f"{prefix}-{i:05d}", codepage, spec)
        octet = 10 + i % 240
        data = data.replace(b"192.0.2.31", f"192.0.2.{octet}".encode())
        out.append((data, role))
    return out


def rss_mib() -> tuple[float, float]:
    """(current, peak) resident set size in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        current = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        current = float("nan")
    return current, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=10_000)
    parser.add_argument("--pool", type=int, default=200)
    parser.add_argument("--every", type=int, default=1_000)
    args = parser.parse_args()

    catalogue = load_catalogue()
    checks = [c for cid, c in sorted(catalogue.checks.items()) if cid.startswith("WIN-")]
    pool = variants(args.pool)
    size = sum(len(d) for d, _ in pool) / len(pool)
    print(f"{len(checks)} WIN-* checks; pool of {len(pool)} bundle variants, "
          f"mean {size / 1024:.1f} KiB")

    # peer in the same run: the bundle reader alone
    start = time.perf_counter()
    for i in range(min(args.bundles, 2_000)):
        read_bundle(pool[i % len(pool)][0])
    reader_rate = min(args.bundles, 2_000) / (time.perf_counter() - start)

    results = 0
    t0 = window = time.perf_counter()
    c0 = cwindow = time.process_time()
    for i in range(1, args.bundles + 1):
        data, role = pool[i % len(pool)]
        bundle = read_bundle(data)
        facts = build_windows_facts(bundle, today=TODAY)
        ctx = AssetContext(bundle.hostname, platform="windows", zone="intranet", role=role)
        for check in checks:
            evaluate(check, facts, asset=ctx)
            results += 1
        if i % args.every == 0:
            now, cnow = time.perf_counter(), time.process_time()
            current, peak = rss_mib()
            print(f"{i:>6} bundles  {args.every / (now - window):7.1f} bundles/s wall  "
                  f"{args.every / (cnow - cwindow):7.1f} bundles/s cpu  "
                  f"rss {current:6.1f} MiB  peak {peak:6.1f} MiB")
            window, cwindow = now, cnow
    total = time.perf_counter() - t0
    cpu = time.process_time() - c0
    rate = args.bundles / total
    print(f"total: {args.bundles} bundles, {results} check results in {total:.1f} s wall / "
          f"{cpu:.1f} s cpu = {rate:.1f} bundles/s wall, {args.bundles / cpu:.1f} bundles/s "
          "of CPU time on one core (target >= 200; the CPU figure is the one that holds on a "
          "busy machine)")
    print(f"peer (read_bundle only): {reader_rate:.0f} bundles/s; full pipeline is "
          f"{reader_rate / rate:.1f}x slower than splitting the file")


if __name__ == "__main__":
    main()
