"""Re-apply the data that migrations seed whenever Django emits `post_migrate`.

Data migrations (roles, the Project Office's global edit right, the working-day calendar and review
periods, the city's strategic indicators, the audit checklist's first version) run once per database. `flush` — used by transactional tests
and by anyone resetting a database — deletes those rows and then emits `post_migrate`, the same signal
that recreates content types and permissions. Calling each migration's own idempotent seed function
from that signal keeps one definition of the seeded data and makes it survive a flush.
"""

from __future__ import annotations

import importlib
from typing import Any

# (app label that sends post_migrate, migration module, seed function): all seed functions are idempotent
SEEDS: list[tuple[str, str, str]] = [
    ("accounts", "pmis.accounts.migrations.0002_roles", "create_roles"),
    ("projects", "projects.migrations.0002_pmo_change_permission", "grant"),
    ("expertise", "expertise.migrations.0002_seed_calendar_rules", "seed"),
    ("monitoring", "monitoring.migrations.0002_seed_strategic_indicators", "seed"),
    ("audits", "audits.migrations.0002_seed_checklist", "seed"),
]


def reseed(sender: Any, apps: Any = None, using: str = "default", plan: Any = None, **kwargs: Any) -> None:
    """post_migrate receiver: run the seeds belonging to the app that just migrated or was flushed."""
    if apps is None:
        # `flush` sends the signal without a migration state: the installed models are the current ones
        from django.apps import apps
    if plan:
        # a real `migrate` that applied migrations: the data migrations themselves did the seeding
        return
    for label, module_name, function_name in SEEDS:
        if sender.label != label:
            continue
        try:
            apps.get_app_config(label)
        except LookupError:
            continue
        seed = getattr(importlib.import_module(module_name), function_name)
        seed(apps, None)
