"""The Steering Committee queue hook: who hears about an item Red for two consecutive periods.

The portfolio app plugs its review queue in with `register_escalation_handler(func)`; `func(project, alert,
reason)` is called for each escalation. Until one is registered, the default handler notifies the
coordinators of the item's direction. Either way an Escalation row is recorded first, so nothing is lost
(portfolio reads the rows it has not yet taken into its queue: `Escalation.objects.filter(taken_at=None)`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from monitoring.models import Alert, Escalation
from pmis.core.texts import msg, nmsg

Handler = Callable[[Any, Alert, str], None]

_handlers: list[Handler] = []


def register_escalation_handler(func: Handler) -> Handler:
    """Add a handler called with (project, alert, reason); usable as a decorator."""
    if func not in _handlers:
        _handlers.append(func)
    return func


def unregister_escalation_handler(func: Handler) -> None:
    if func in _handlers:
        _handlers.remove(func)


def notify_direction_coordinators(project: Any, alert: Alert, reason: str) -> None:
    """The default handler: an in-app notification (and the daily digest) for the direction's coordinators."""
    from pmis.notifications.services import notify

    direction = alert.direction
    if direction is None:
        return
    notify(
        recipients=direction.coordinators.all(),
        title=msg("Escalated: %(subject)s", subject=alert.title[:200]),
        body=reason,
        url=alert.get_absolute_url(),
        kind="warning",
    )


def escalate_many(items: list[tuple[Alert, str]]) -> int:
    """Escalate many new alerts at once (the scan): Escalation rows in bulk, then the handlers.

    With no registered handler, coordinators get one notification per direction per scan, not one per item."""
    from collections import defaultdict

    from django.urls import reverse
    from simple_history.utils import bulk_create_with_history

    from pmis.notifications.services import notify
    from pmis.reference.models import Direction

    if not items:
        return 0
    taken = set(Escalation.objects.filter(alert_id__in=[a.pk for a, _r in items]).values_list("alert_id", flat=True))
    fresh = [(a, r) for a, r in items if a.pk not in taken]
    bulk_create_with_history(
        [Escalation(alert=a, project_id=a.project_id, reason=r[:500]) for a, r in fresh], Escalation, batch_size=2000
    )
    if _handlers:
        for alert, reason in fresh:
            for handler in _handlers:
                handler(alert.project, alert, reason)
        return len(fresh)
    per_direction: dict[int, int] = defaultdict(int)
    for alert, _reason in fresh:
        if alert.direction_id:
            per_direction[alert.direction_id] += 1
    for direction in Direction.objects.filter(pk__in=list(per_direction)).prefetch_related("coordinators"):
        count = per_direction[direction.pk]
        notify(
            recipients=direction.coordinators.all(),
            title=nmsg(
                "%(n)d item of your direction is Red for two consecutive periods",
                "%(n)d items of your direction are Red for two consecutive periods",
                "n",
                n=count,
            ),
            url=f"{reverse('monitoring:alerts')}?direction={direction.pk}&severity=red",
            kind="warning",
        )
    return len(fresh)


def escalate(*, alert: Alert, reason: str) -> Escalation:
    """Record the escalation (once per alert) and hand it to the registered handlers (or the default)."""
    escalation, created = Escalation.objects.get_or_create(
        alert=alert, defaults={"project_id": alert.project_id, "reason": reason[:500]}
    )
    if created:
        for handler in _handlers or [notify_direction_coordinators]:
            handler(alert.project, alert, reason)
    return escalation
