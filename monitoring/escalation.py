"""The Steering Committee queue hook: who hears about an item Red for two consecutive periods.

The portfolio app plugs its review queue in with `register_escalation_handler(func)`; `func(project, alert,
reason)` is called for each escalation. Until one is registered, the default handler notifies the
coordinators of the item's direction. Either way an Escalation row is recorded first, so nothing is lost
(portfolio reads the rows it has not yet taken into its queue: `Escalation.objects.filter(taken_at=None)`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

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


LagKey = tuple[str, int, datetime.date]


def lag_key(alert: Alert) -> LagKey:
    """What identifies one uninterrupted lag of an item: its type, id and the day the lag began."""
    return (alert.object_type, alert.object_id, alert.lagging_since)


def escalated_lags(keys: Iterable[LagKey]) -> dict[LagKey, datetime.datetime]:
    """When each of these lags was escalated; a lag not escalated yet is absent."""
    wanted = set(keys)
    ids = sorted({object_id for _type, object_id, _since in wanted})
    found: dict[LagKey, datetime.datetime] = {}
    for start in range(0, len(ids), 5000):
        for object_type, object_id, since, created in Escalation.objects.filter(
            object_id__in=ids[start : start + 5000]
        ).values_list("object_type", "object_id", "lagging_since", "created_at"):
            key = (object_type, object_id, since)
            if key in wanted:
                found[key] = created
    return found


def lag_escalations(alert: Alert) -> QuerySet[Escalation]:
    """The escalation of the alert's lag, whichever period's alert of the item recorded it."""
    object_type, object_id, since = lag_key(alert)
    return Escalation.objects.filter(
        Q(alert=alert) | Q(object_type=object_type, object_id=object_id, lagging_since=since)
    ).order_by("created_at", "pk")


def _new_escalation(alert: Alert, reason: str) -> Escalation:
    object_type, object_id, since = lag_key(alert)
    return Escalation(
        alert=alert,
        project_id=alert.project_id,
        reason=reason[:500],
        object_type=object_type,
        object_id=object_id,
        lagging_since=since,
    )


def escalate_many(items: list[tuple[Alert, str]]) -> int:
    """Escalate many new alerts at once (the scan): Escalation rows in bulk, then the handlers.

    A lag already escalated (by an earlier period's alert of the same item, or by a concurrent scan) is not
    escalated again: the unique constraint `escalation_one_per_lag` holds even against a race. With no registered
    handler, coordinators get one notification per direction per scan, not one per item."""
    from collections import defaultdict

    from django.urls import reverse
    from simple_history.utils import bulk_create_with_history

    from pmis.notifications.services import notify
    from pmis.reference.models import Direction

    if not items:
        return 0
    taken = set(
        Escalation.objects.filter(alert_id__in=[a.pk for a, _r in items]).values_list("alert_id", flat=True)
    )
    escalated = escalated_lags(lag_key(a) for a, _r in items)
    fresh: list[tuple[Alert, str]] = []
    for alert, reason in items:
        key = lag_key(alert)
        if alert.pk in taken or key in escalated:
            continue
        escalated[key] = alert.opened_at
        fresh.append((alert, reason))
    try:
        with transaction.atomic():
            bulk_create_with_history([_new_escalation(a, r) for a, r in fresh], Escalation, batch_size=2000)
    except IntegrityError:
        # a concurrent scan escalated some of these lags first: keep the ones nobody has taken
        fresh = [(a, r) for a, r in fresh if _create_one(a, r)]
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


def _create_one(alert: Alert, reason: str) -> bool:
    """Record one escalation unless its alert or its lag already has one; whether it was recorded."""
    try:
        with transaction.atomic():
            escalation = _new_escalation(alert, reason)
            escalation.save()
    except IntegrityError:
        return False
    return True


def escalate(*, alert: Alert, reason: str) -> Escalation:
    """Record the escalation (once per lag of the item) and hand it to the registered handlers (or the default)."""
    object_type, object_id, since = lag_key(alert)
    existing = (
        Escalation.objects.filter(
            Q(alert=alert) | Q(object_type=object_type, object_id=object_id, lagging_since=since)
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    escalation = _new_escalation(alert, reason)
    escalation.save()
    for handler in _handlers or [notify_direction_coordinators]:
        handler(alert.project, alert, reason)
    return escalation
