"""Load the reference data and a demo dataset, then print the demo logins."""

from __future__ import annotations

import secrets
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string

DEMO_MODULES = ["pmis.accounts.demo"]


class Command(BaseCommand):
    help = "Load reference fixtures and demo data (one user per persona) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--password", help="Password for every demo user (default: generated).")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options.get("password") or secrets.token_urlsafe(9)
        call_command("loaddata", "fixtures/reference.json", verbosity=0)
        ctx: dict[str, Any] = {"password": password, "stdout": self.stdout}
        modules = list(DEMO_MODULES)
        for config in apps.get_app_configs():
            if config.name.startswith(("pmis.", "django", "guardian", "simple_history", "axes")):
                continue
            try:
                import_string(f"{config.name}.demo.load")
            except ImportError:
                continue
            modules.append(f"{config.name}.demo")
        # the demo is what the city's (Russian-speaking) staff would have entered: the same data whatever language
        # the calling process has active (a test run, a shell)
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            for module in modules:
                import_string(f"{module}.load")(ctx)
        from pmis.accounts.demo import PERSONAS

        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with any of these users:"))
        for username, role, *_ in PERSONAS:
            self.stdout.write(f"  {username:<16} {role}")
        self.stdout.write(f"Password for all demo users: {password}")
        self.stdout.write("The administrator ('admin') is asked to set up a TOTP second factor on first sign-in.")
