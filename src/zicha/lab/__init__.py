"""The simulated hospital on 127.x.y.z used by ``zicha demo`` and the integration tests.

* :data:`HOSPITAL` — the hospital as data: zones, subnets, hosts, planted problems;
* :class:`Lab` — real TCP listeners for those hosts on loopback;
* :func:`register_rows` / :func:`write_register` — the hospital's IP/asset register;
* :func:`lab_bundle_paths` — sample endpoint bundles of the lab's Linux servers.
"""

from __future__ import annotations

from pathlib import Path

from zicha.lab.hospital import HOSPITAL, Hospital, LabHost, LabSubnet, LabZone
from zicha.lab.listeners import Lab, LabError, Listener, SkippedListener, run_lab_in_thread
from zicha.lab.register import register_rows, write_register

__all__ = [
    "BUNDLE_DIR",
    "HOSPITAL",
    "Hospital",
    "Lab",
    "LabError",
    "LabHost",
    "LabSubnet",
    "LabZone",
    "Listener",
    "SkippedListener",
    "lab_bundle_paths",
    "register_rows",
    "run_lab_in_thread",
    "write_register",
]

BUNDLE_DIR = Path(__file__).resolve().parent / "bundles"


def lab_bundle_paths(hospital: Hospital = HOSPITAL) -> list[Path]:
    """Paths of the sample bundles of the lab's hosts, in host order."""
    return [BUNDLE_DIR / h.bundle for h in hospital.hosts if h.bundle]
