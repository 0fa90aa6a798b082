"""What expertise knows about projects, offered to the audit function through `pmis.core.portal`'s project
facts (audits may not import expertise):

- "expertise_opinions": per project, how many review cases are linked to it, and the date of the first positive
  opinion issued on or before the date (None when there is none).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Min

from expertise.models import Opinion, ReviewCase
from pmis.core.portal import register_project_facts


def opinion_facts(project_ids: list[int], on: datetime.date) -> dict[int, dict[str, Any]]:
    facts: dict[int, dict[str, Any]] = {pk: {"cases": 0, "positive_on": None} for pk in project_ids}
    cases = (
        ReviewCase.objects.filter(project_id__in=project_ids, received_on__lte=on)
        .values("project_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in cases:
        facts[row["project_id"]]["cases"] = row["n"]
    positive = (
        Opinion.objects.filter(
            case__project_id__in=project_ids,
            status=Opinion.Status.ISSUED,
            outcome=Opinion.Outcome.POSITIVE,
            issued_on__lte=on,
        )
        .values("case__project_id")
        .annotate(first=Min("issued_on"))
        .order_by()
    )
    for project_id, first in positive.values_list("case__project_id", "first"):
        facts[project_id]["positive_on"] = first
    return facts


register_project_facts("expertise_opinions", opinion_facts)
