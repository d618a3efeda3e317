"""``manage.py zicha_expire_risks``: reopen findings whose risk acceptance has expired."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from zicha.web.findings.workflow_services import findings_expire_risks


class Command(BaseCommand):
    help = "Reopen findings whose risk acceptance has expired (run daily; audited)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = findings_expire_risks()
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(f"{count} risk acceptance(s) expired")
