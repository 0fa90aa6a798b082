"""What monitoring knows about projects, offered to the audit function through `pmis.core.portal`'s project
facts (audits may not import monitoring):

- "indicators": per project, its indicators in use at the date (not retired by then) and how many of them have
  a baseline value, yearly targets and a data source;
- "first_disbursement": per project, the first month a payment was recorded on one of its budget lines
  (the first day of that month; monitoring keeps disbursements by month).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q

from monitoring.models import Disbursement, Indicator, Target
from pmis.core.portal import register_project_facts


def indicator_facts(project_ids: list[int], on: datetime.date) -> dict[int, dict[str, Any]]:
    """{project id: {"total", "with_baseline", "with_targets", "with_source", "complete"}} for every asked
    project (zeros when it has no indicators)."""
    in_use = Indicator.objects.filter(project_id__in=project_ids).filter(
        Q(retired_at__isnull=True) | Q(retired_at__date__gt=on)
    )
    has_targets = Exists(Target.objects.filter(indicator=OuterRef("pk")))
    rows = (
        in_use.annotate(has_targets=has_targets)
        .values("project_id")
        .annotate(
            total=Count("id"),
            with_baseline=Count("id", filter=Q(baseline_value__isnull=False)),
            with_targets=Count("id", filter=Q(has_targets=True)),
            with_source=Count("id", filter=~Q(source="")),
            complete=Count("id", filter=Q(baseline_value__isnull=False, has_targets=True) & ~Q(source="")),
        )
        .order_by()
    )
    facts: dict[int, dict[str, Any]] = {
        pk: {"total": 0, "with_baseline": 0, "with_targets": 0, "with_source": 0, "complete": 0}
        for pk in project_ids
    }
    for row in rows:
        facts[row["project_id"]] = {k: v for k, v in row.items() if k != "project_id"}
    return facts


def first_disbursement(project_ids: list[int], on: datetime.date) -> dict[int, dict[str, Any]]:
    """{project id: {"date": first day of the first month with a payment, or None}} as of the date."""
    rows = (
        Disbursement.objects.filter(budget_line__project_id__in=project_ids, amount__gt=0)
        .filter(Q(year__lt=on.year) | Q(year=on.year, month__lte=on.month))
        .values("budget_line__project_id", "year")
        .annotate(first_month=Min("month"))
        .order_by("budget_line__project_id", "year")
    )
    facts: dict[int, dict[str, Any]] = {pk: {"date": None} for pk in project_ids}
    for row in rows:
        pk = row["budget_line__project_id"]
        if facts[pk]["date"] is None:
            facts[pk]["date"] = datetime.date(row["year"], row["first_month"], 1)
    return facts


register_project_facts("indicators", indicator_facts)
register_project_facts("first_disbursement", first_disbursement)
