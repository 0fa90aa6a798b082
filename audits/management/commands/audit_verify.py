"""`python manage.py audit_verify FILE`: recompute a draw from its published JSON file (audits.sampling, the same
code as docs/audit_verify.py) and print "match" or the first difference; exit status 1 on a difference."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audits import sampling


class Command(BaseCommand):
    help = "Recompute an audit draw from its JSON file: prints 'match' or the first difference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the draw's JSON file (download it from the draw's public page)")

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = sampling.verify_file(options["file"])
        self.stdout.write(outcome)
        if outcome != "match":
            sys.exit(1)
