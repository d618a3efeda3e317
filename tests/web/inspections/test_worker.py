"""The django-tasks database backend end to end: ``zicha serve``'s worker runs a queued
inspection in another process, and the serve helpers start and stop it cleanly.

Runs the project's own settings (which install django_tasks_db and set TASKS) against
a throw-away SQLite database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

SETTINGS = """
from zicha.web.settings import *  # noqa: F401,F403
"""

QUEUE = """
from zicha.lab import lab_bundle_paths
from zicha.web.inspections.run_services import inspection_request
from zicha.web.inventory.services import organization_get_or_create
from django.core.files.uploadedfile import SimpleUploadedFile
org = organization_get_or_create(name="演示人民医院", code="demo")
files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in lab_bundle_paths()[:2]]
i = inspection_request(organization=org, actor=None, parameters={}, bundle_files=files)
print("QUEUED", i.pk, i.status, i.task_id)
"""

CHECK = """
from zicha.web.inspections.models import Inspection, CheckResult, BundleUpload
i = Inspection.objects.get()
print("STATUS", i.status, CheckResult.objects.filter(inspection=i).count(),
      BundleUpload.objects.filter(inspection=i).count(), i.meta.get("error"))
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    if os.environ.get("ZICHA_DATABASE_URL", "").strip():
        pytest.skip("uses its own SQLite database")
    (tmp_path / "zicha_worker_settings.py").write_text(SETTINGS, encoding="utf-8")
    src = Path(__file__).resolve().parents[3] / "src"
    out = dict(os.environ)
    out.update({"ZICHA_HOME": str(tmp_path / "home"), "PYTHONPATH": f"{src}:{tmp_path}",
                "DJANGO_SETTINGS_MODULE": "zicha_worker_settings"})
    (tmp_path / "home").mkdir()
    return out


def django(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    done = subprocess.run([sys.executable, "-m", "django", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_database_worker_runs_a_queued_inspection(env):
    django(env, "migrate", "--verbosity", "0")
    queued = django(env, "shell", "-c", textwrap.dedent(QUEUE))
    assert "QUEUED" in queued and " queued " in queued, queued
    assert "STATUS queued 0 0" in django(env, "shell", "-c", CHECK)
    django(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload", timeout=300)
    status = next(line for line in django(env, "shell", "-c", CHECK).splitlines()
                  if line.startswith("STATUS"))
    assert status.startswith("STATUS finished"), status
    count, bundles = status.split()[2:4]
    assert int(count) > 20 and int(bundles) == 2


def test_serve_starts_and_stops_the_worker(env, monkeypatch):
    from zicha.cli.commands import serve

    django(env, "migrate", "--verbosity", "0")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    worker = serve.start_worker()
    try:
        time.sleep(2)
        assert worker.poll() is None                       # running
    finally:
        t0 = time.monotonic()
        serve.stop_worker(worker)
    assert worker.poll() is not None and time.monotonic() - t0 < serve.WORKER_GRACE_S + 5


@pytest.mark.django_db
def test_schedule_loop_stops_on_request(monkeypatch):
    from zicha.cli.commands import serve
    from zicha.web.inspections import schedule_services

    calls = []
    monkeypatch.setattr(schedule_services, "schedules_run_due", lambda: calls.append(1) or [])
    stop = threading.Event()
    loop = threading.Thread(target=serve.schedule_loop, args=(stop,), kwargs={"interval": 0.05})
    loop.start()
    time.sleep(0.3)
    stop.set()
    loop.join(timeout=5)
    assert not loop.is_alive() and len(calls) >= 2
