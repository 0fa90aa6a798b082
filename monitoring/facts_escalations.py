"""Facts monitoring provides to other apps through `pmis.core.portal.register_project_facts`: the escalations
(an item Red two periods in a row) still open on a date, per project. Audits weight a project's risk with it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q

from monitoring.models import Escalation
from pmis.core.portal import register_project_facts


def open_escalations(project_ids: list[int], on: datetime.date) -> dict[int, dict[str, Any]]:
    """{project id: {"count": n}}: escalations recorded by `on` whose alert was still open on that day. One
    query; projects without any are absent. Open escalations are few, so they are read for every project and
    kept for the asked ones (no parameter per project: audits asks for thousands at once)."""
    wanted = set(project_ids)
    rows = (
        Escalation.objects.filter(project__isnull=False, created_at__date__lte=on)
        .filter(Q(alert__closed_at__isnull=True) | Q(alert__closed_at__date__gt=on))
        .values("project_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["project_id"]: {"count": row["count"]} for row in rows if row["project_id"] in wanted}


register_project_facts("open_escalations", open_escalations)
