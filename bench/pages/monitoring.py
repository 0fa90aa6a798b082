"""Monitoring pages measured by `make bench`."""

from __future__ import annotations

from typing import Any


def cases(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    from monitoring.models import Indicator
    from pmis.reference.models import Direction

    found = [("monitoring.city", "/monitoring/"), ("monitoring.situation", "/monitoring/situation/"),
             ("monitoring.indicators", "/monitoring/indicators/?rag=red"), ("monitoring.alerts", "/monitoring/alerts/"),
             ("monitoring.budget", "/monitoring/budget/")]
    direction = Direction.objects.order_by("number").first()
    if direction is not None:
        found.append(("monitoring.direction", f"/monitoring/directions/{direction.pk}/"))
    indicator = Indicator.objects.filter(project__isnull=False).order_by("pk").first()
    if indicator is not None:
        found.append(("monitoring.project", f"/monitoring/projects/{indicator.project_id}/"))
        found.append(("monitoring.indicator", f"/monitoring/indicators/{indicator.pk}/"))
    return found
