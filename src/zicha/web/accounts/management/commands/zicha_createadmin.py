"""``zicha manage zicha_createadmin``: the first administrator account.

Unlike ``createsuperuser`` the password must pass zicha's policy, the account gets
the administrator role, and it is not forced to change the password the person
just typed. Non-interactive use: ``--noinput`` with ``ZICHA_ADMIN_PASSWORD`` set.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zicha.web.accounts.services import account_create_superuser
from zicha.web.inventory.models import Organization

PASSWORD_ENV = "ZICHA_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = "Create an administrator (superuser, role admin) whose password meets the policy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", help="login name (asked for if missing)")
        parser.add_argument("--email", default="")
        parser.add_argument("--organization", metavar="CODE",
                            help="code of the administrator's organization (optional)")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help=f"do not prompt; the password comes from ${PASSWORD_ENV}")

    def handle(self, *args: Any, **options: Any) -> None:
        interactive = options["interactive"]
        username = options["username"] or (input("Username: ").strip() if interactive else "")
        if not username:
            raise CommandError("a username is required (--username)")
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(code=options["organization"]).first()
            if organization is None:
                raise CommandError(f"no organization with code {options['organization']!r}")
        attempts = 3 if interactive else 1
        for attempt in range(attempts):
            password = self._password(interactive)
            try:
                user = account_create_superuser(username=username, password=password,
                                                email=options["email"],
                                                organization=organization)
            except ValidationError as exc:
                messages = exc.messages
                if "username" in getattr(exc, "error_dict", {}) or attempt == attempts - 1:
                    raise CommandError("; ".join(messages)) from None
                self.stderr.write("\n".join(messages))
                continue
            self.stdout.write(self.style.SUCCESS(f"Administrator {user.username} created."))
            return

    def _password(self, interactive: bool) -> str:
        if not interactive:
            password = os.environ.get(PASSWORD_ENV, "")
            if not password:
                raise CommandError(f"--noinput needs the password in ${PASSWORD_ENV}")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the passwords do not match")
        return password
