"""End-to-end: the console as a hospital runs it — ``zicha serve`` in its own process.

The steps of docs/console.md: ``zicha manage migrate`` (``serve`` also migrates),
``zicha manage zicha_createadmin``, ``zicha serve``; then a browser logs in and the
pages come with their stylesheet.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import log_in

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PASSWORD = "Harbor-Lantern-72!"
START_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """``zicha serve --no-worker`` on a free loopback port, with an administrator."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"ZICHA_DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    src = str(Path(__file__).resolve().parents[2] / "src")
    env.update(ZICHA_HOME=str(tmp_path / "home"), ZICHA_ADMIN_PASSWORD=PASSWORD,
               PYTHONPATH=os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p))
    (tmp_path / "home").mkdir()
    python = [sys.executable, "-m", "zicha"]
    subprocess.run([*python, "manage", "migrate", "--verbosity", "0"], env=env, check=True,
                   timeout=300)
    subprocess.run([*python, "manage", "zicha_createadmin", "--username", "admin",
                    "--noinput"], env=env, check=True, timeout=120)
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([*python, "serve", "--port", str(port), "--no-worker"],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise AssertionError("zicha serve did not start:\n" + (
                        tmp_path / "serve.log").read_text(errors="replace")[-3000:]) from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()


def test_zicha_serve_serves_the_styled_console(served: str, new_page: Any,
                                               requests_seen: Any) -> None:
    page = new_page()
    log_in(page, served, "admin", PASSWORD)
    assert "/accounts/login/" not in page.url
    page.goto(f"{served}/dashboard/")
    assert requests_seen.foreign() == []
    assert requests_seen.static_failures() == []
    assert requests_seen.errors == [] and requests_seen.failed == []
    background = page.evaluate(
        "getComputedStyle(document.querySelector('header.top')).backgroundColor")
    assert background == "rgb(13, 44, 79)", background
