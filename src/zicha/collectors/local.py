"""Collect a bundle from the machine zicha runs on, with the shipped collect.sh.

The same script an administrator copies to a server; here it runs locally
(``zicha inspect --local`` and the integration tests). Returns the raw bundle
bytes: parsing and facts are the parsers' job.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from zicha.domain.errors import ZichaError

__all__ = ["collect_local", "default_script"]

_STDERR_TAIL = 800


def default_script() -> Path:
    """The packaged ``zicha/endpoint/collect.sh``."""
    return Path(__file__).resolve().parent.parent / "endpoint" / "collect.sh"


def _fail(message: str, stderr: bytes = b"", hint: str | None = None) -> ZichaError:
    tail = stderr[-_STDERR_TAIL:].decode("utf-8", errors="replace").strip()
    if tail:
        message = f"{message}: {tail}"
    return ZichaError(message, code="collect-failed", hint=hint)


def collect_local(script: Path | None = None, timeout: float = 120) -> bytes:
    """Run collect.sh with bash (sh when bash is missing) and return its stdout."""
    script = Path(script) if script is not None else default_script()
    if not script.is_file():
        raise _fail(f"collector script not found: {script}")
    shell = shutil.which("bash") or shutil.which("sh")
    if shell is None:
        raise _fail("neither bash nor sh is on PATH")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        proc = subprocess.run([shell, str(script)], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise _fail(f"collect.sh did not finish within {timeout:g} s",
                    exc.stderr if isinstance(exc.stderr, bytes) else b"",
                    hint="a command hung; run the script by hand to see which") from None
    except OSError as exc:
        raise _fail(f"could not run {shell}: {exc}") from None
    if proc.returncode != 0:
        raise _fail(f"collect.sh exited with status {proc.returncode}", proc.stderr)
    if not proc.stdout.startswith(b"ZICHA-BUNDLE "):
        raise _fail("collect.sh printed no bundle", proc.stderr)
    return proc.stdout
