"""Background tasks (django-tasks; Django's task API).

Settings: ``TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}`` with
``django_tasks`` and ``django_tasks_db`` installed; ``zicha serve`` starts the worker
(``manage.py db_worker``). Without ``TASKS`` django-tasks runs tasks immediately.
"""

from __future__ import annotations

from django_tasks import task

__all__ = ["run_inspection_task", "run_schedules_task"]


@task()
def run_inspection_task(inspection_id: int) -> str:
    """Run one queued inspection (scan, bundles, evaluation, store)."""
    from zicha.web.inspections.execution import inspection_execute

    return inspection_execute(inspection_id=inspection_id)


@task()
def run_schedules_task() -> int:
    """Enqueue the inspections whose schedule is due."""
    from zicha.web.inspections.schedule_services import schedules_run_due

    return len(schedules_run_due())
