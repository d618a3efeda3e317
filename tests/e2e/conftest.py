"""Browser fixtures: Debian's Chromium driven by Playwright against a live console.

* ``console`` — pytest-django's ``live_server`` (serves static files too) on
  127.0.0.1, with background inspections run at once (django-tasks'
  ImmediateBackend), the simulated hospital enabled and moved to loopback networks
  of this process (so a running ``zicha demo`` or another test run does not collide);
* ``browser`` — one headless Chromium per test module (``/usr/bin/chromium``; Playwright's
  own browser download is never used), a fresh temporary profile per launch;
* ``new_page`` — a page in a fresh context (own cookies) that records every request
  URL, so each test can assert the console never leaves 127.0.0.1;
* ``shots`` — screenshots into ``$ZICHA_E2E_ARTIFACTS`` (default ``tests/e2e/artifacts``).

Tests here are marked ``browser`` and ``integration`` (loopback only).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from zicha.web.settings import WEB_DIR

CHROMIUM = os.environ.get("ZICHA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("ZICHA_E2E_ARTIFACTS")
                 or Path(__file__).resolve().parent / "artifacts")
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 820, "height": 1180}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# a per-process place on loopback for the simulated hospital: 127.60–115.x.x, clear of
# the demo (127.20/127.30) and of the other lab tests (127.120 and above)
_OCTET = 60 + 2 * (os.getpid() % 28)
LAB_MOVES = {"127.20.0.0/16": f"127.{_OCTET}.0.0/16",
             "127.30.0.0/16": f"127.{_OCTET + 1}.0.0/16"}


def lab_ip(ip: str) -> str:
    """Where a host of the simulated hospital lives in this test run."""
    first, second, rest = ip.split(".", 2)
    moved = {"20": str(_OCTET), "30": str(_OCTET + 1)}.get(second, second)
    return f"{first}.{moved}.{rest}"


@pytest.fixture(scope="module")
def _playwright() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="pip install playwright (the Python package only)")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: apt-get install chromium")
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # are synchronous and safe (Django's check cannot tell them from async code).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_api.sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(_playwright: Any) -> Iterator[Any]:
    # launch() gives Chromium a fresh temporary profile (--user-data-dir) and removes it
    # LANGUAGE: the browser's own words (file pickers, date fields) as on the hospital's
    # Chinese PCs and tablets; needs Debian's chromium-l10n, else they stay English
    env = {**os.environ, "LANGUAGE": "zh_CN:zh", "LANG": "zh_CN.UTF-8"}
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                          args=CHROMIUM_ARGS, env=env)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def console(live_server: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Base URL of the live console (``http://127.0.0.1:PORT``)."""
    settings.TASKS = IMMEDIATE
    # the console's stylesheet lives in zicha/web/static, which no installed app owns;
    # until settings.STATICFILES_DIRS names it, the finders (and so the live server)
    # cannot find it — see test_zicha_serve_serves_the_styled_console
    static = WEB_DIR / "static"
    if static not in [Path(d) for d in getattr(settings, "STATICFILES_DIRS", [])]:
        settings.STATICFILES_DIRS = [*getattr(settings, "STATICFILES_DIRS", []), static]
    settings.ZICHA_ENABLE_LAB = True
    settings.ZICHA_LAB_MOVES = LAB_MOVES
    monkeypatch.setenv("ZICHA_ENABLE_LAB", "1")
    return f"http://127.0.0.1:{live_server.thread.port}"


@dataclass
class Recorder:
    """Every URL the pages of one context asked for, and the answers that were errors."""

    urls: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    failed: list[str] = field(default_factory=list)

    def response(self, response: Any) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.errors.append((response.status, response.url))

    def request_failed(self, request: Any) -> None:
        """Not answered, or refused by the browser (a stylesheet served as text/html)."""
        self.failed.append(request.url)

    def static_failures(self) -> list[str]:
        return [u for u in self.failed + [u for _s, u in self.errors] if "/static/" in u]

    def foreign(self) -> list[str]:
        allowed = ("http://127.0.0.1:", "http://localhost:", "data:", "blob:", "about:")
        return [u for u in self.urls if not u.startswith(allowed)]


@pytest.fixture
def requests_seen() -> Recorder:
    return Recorder()


@pytest.fixture
def new_page(browser: Any, requests_seen: Recorder) -> Iterator[Callable[..., Any]]:
    """``new_page(locale="zh-CN", viewport=DESKTOP)`` — a page in a context of its own."""
    contexts: list[Any] = []

    def make(*, locale: str = "zh-CN", viewport: dict[str, int] | None = None) -> Any:
        context = browser.new_context(locale=locale, viewport=viewport or DESKTOP,
                                      timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        context.on("request", lambda request: requests_seen.urls.append(request.url))
        context.on("response", requests_seen.response)
        context.on("requestfailed", requests_seen.request_failed)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


class Shots:
    """Full-page screenshots, named ``NN-name.png`` in the order they were taken."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.taken: dict[str, Path] = {}

    def __call__(self, page: Any, name: str, *, full_page: bool = True) -> Path:
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        self.taken[name] = path
        return path

    def viewport(self, page: Any, name: str) -> Path:
        """Only what a person sees without scrolling (for the documentation)."""
        return self(page, name, full_page=False)


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return Shots(folder)
