"""zicha serve: the web console (Django) on this machine, with its background worker.

Alongside the web server it starts

* the django-tasks database worker (``manage.py db_worker``) in a subprocess, when the
  default task backend is the database backend — it runs the inspections started in
  the console;
* a loop (thread) that every minute enqueues due scheduled inspections
  (``zicha_run_schedules``) and once a day reopens expired risk acceptances.

Ctrl-C stops the web server, then the loop, then the worker (SIGTERM, then SIGKILL
after a grace period).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from typing import Any

from rich.console import Console

from zicha.cli.status import ExitStatus

SCHEDULE_INTERVAL_S = 60.0
WORKER_GRACE_S = 10.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="监听地址 (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-worker", action="store_true",
                        help="不启动后台任务进程和计划任务 (no background worker, no schedules)")


def uses_database_backend() -> bool:
    from django.conf import settings

    backend = (getattr(settings, "TASKS", None) or {}).get("default", {}).get("BACKEND", "")
    return backend.endswith("DatabaseBackend")


def start_worker() -> subprocess.Popen[bytes]:
    """``python -m django db_worker`` in its own session (Ctrl-C reaches only us)."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "zicha.web.settings")
    command = [sys.executable, "-m", "django", "db_worker", "--no-startup-delay",
               "--interval", "1", "--no-reload", "--queue-name", "*"]
    return subprocess.Popen(command, env=env, start_new_session=True)


def stop_worker(worker: subprocess.Popen[bytes] | None) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=WORKER_GRACE_S)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=WORKER_GRACE_S)


def schedule_loop(stop: threading.Event, *, interval: float = SCHEDULE_INTERVAL_S,
                  console: Console | None = None) -> None:
    """Every ``interval`` seconds: enqueue due schedules; once a day: expire risks."""
    from django.db import close_old_connections, connection

    from zicha.web.findings.workflow_services import findings_expire_risks
    from zicha.web.inspections.schedule_services import schedules_run_due

    last_expiry_day = None
    while not stop.is_set():
        close_old_connections()
        try:
            for inspection in schedules_run_due():
                if console is not None:
                    console.print(f"计划检查已排队 scheduled inspection #{inspection.pk} queued")
            from django.utils import timezone

            today = timezone.localdate()
            if today != last_expiry_day:
                findings_expire_risks()
                last_expiry_day = today
        except Exception as exc:  # keep the loop alive; report and go on
            if console is not None:
                console.print(f"[yellow]计划任务出错 schedule loop error[/]: {exc}")
        finally:
            connection.close()
        stop.wait(interval)


def recover_interrupted() -> int:
    """Inspections left ``running`` by a worker that died → failed (code ``interrupted``)."""
    from zicha.web.inspections.run_services import inspections_recover_interrupted

    return inspections_recover_interrupted()


def run(args: argparse.Namespace, *, console: Console) -> int:
    from zicha.web.bootstrap import ensure_database, setup_django

    setup_django()
    ensure_database()
    from django.core.management import call_command

    worker = None
    stop = threading.Event()
    loop: threading.Thread | None = None
    if not args.no_worker:
        if uses_database_backend():
            interrupted = recover_interrupted()
            if interrupted:
                console.print(f"{interrupted} 个中断的检查已标记为失败 interrupted inspections "
                              "marked failed")
            worker = start_worker()
            console.print(f"后台任务进程 worker: pid {worker.pid}")
        else:
            console.print("[yellow]TASKS 未配置数据库后端：检查将在请求中直接运行[/] "
                          "(no database task backend: inspections run inside the request)")
        loop = threading.Thread(target=schedule_loop, args=(stop,),
                                kwargs={"console": console}, name="zicha-schedules",
                                daemon=True)
        loop.start()

    console.print(f"控制台 console: http://{args.host}:{args.port}/  (Ctrl-C 停止)")
    try:
        # the console runs on one hospital server without a separate web server, so the
        # development server also serves the stylesheet (--insecure)
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False,
                     insecure_serving=True)
    except KeyboardInterrupt:
        pass
    finally:
        _shutdown(stop, loop, worker, console)
    return ExitStatus.OK


def _shutdown(stop: threading.Event, loop: threading.Thread | None, worker: Any,
              console: Console) -> None:
    stop.set()
    if loop is not None:
        loop.join(timeout=5)
    if worker is not None:
        console.print("停止后台任务进程 stopping the worker…")
        stop_worker(worker)
