"""``manage.py zicha_run_schedules``: enqueue the scheduled inspections that are due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from zicha.web.inspections.schedule_services import schedules_run_due


class Command(BaseCommand):
    help = "Enqueue the scheduled inspections that are due (run every minute)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = schedules_run_due()
        if options.get("verbosity", 1) >= 1:
            for inspection in started:
                self.stdout.write(f"queued inspection #{inspection.pk} "
                                  f"(schedule {inspection.schedule_id})")
