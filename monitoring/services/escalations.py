"""The durable escalation rows as the portfolio app (the top floor) takes them into its review queue."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from monitoring.models import Escalation


def escalations_pending() -> bool:
    """Whether some escalation of a project waits to be taken into the review queue."""
    return Escalation.objects.filter(taken_at__isnull=True, project__isnull=False).exists()


def escalations_to_take(*, limit: int = 2000) -> list[Escalation]:
    """Untaken escalations of projects, oldest first, locked for the caller's transaction (a concurrent taker
    skips them), with their alert and project."""
    return list(
        Escalation.objects.filter(taken_at__isnull=True, project__isnull=False)
        .select_related("alert", "project")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")[:limit]
    )


def escalations_mark_taken(
    *, escalations: Iterable[Escalation], when: datetime.datetime | None = None
) -> int:
    """Record that the escalations are in the review queue (with a history row each)."""
    when = when or timezone.now()
    rows = [e for e in escalations if e.taken_at is None]
    for e in rows:
        e.taken_at, e.updated_at = when, when
    if rows:
        bulk_update_with_history(rows, Escalation, ["taken_at", "updated_at"], batch_size=1000)
    return len(rows)
