"""Bulk facts about many projects at once, for apps that read the register (audits' risk weights and certainty
rules): a fixed number of queries whatever the number of projects."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from projects.models import Project, StatusReport

# the statuses in which a status report counts as submitted (a returned report is still being fixed)
SUBMITTED = (StatusReport.Status.SUBMITTED, StatusReport.Status.ACCEPTED)


# project ids as a list, or as a queryset of ids (a subquery: no parameter per project)
ProjectIds = Sequence[int] | QuerySet[Any]


def _ids(project_ids: ProjectIds) -> Any:
    return project_ids if isinstance(project_ids, QuerySet) else list(project_ids)


def _submitted_by(on: datetime.date) -> Q:
    return Q(status__in=SUBMITTED) & (Q(submitted_at__isnull=True) | Q(submitted_at__date__lte=on))


def rag_history(project_ids: ProjectIds, on: datetime.date, *, periods: int = 4) -> dict[int, list[str]]:
    """The overall RAG of each project's last `periods` submitted status reports for months up to `on` (and
    submitted by then), newest first; a project without any is absent. One query."""
    rows = (
        StatusReport.objects.filter(project_id__in=_ids(project_ids))
        .filter(_submitted_by(on))
        .filter(Q(period_year__lt=on.year) | Q(period_year=on.year, period_month__lte=on.month))
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("project_id")],
                order_by=[F("period_year").desc(), F("period_month").desc()],
            )
        )
        .filter(newest__lte=periods)
        .order_by("project_id", "newest")
        .values_list("project_id", "rag_overall")
    )
    history: dict[int, list[str]] = {}
    for project_id, rag in rows:
        history.setdefault(project_id, []).append(rag)
    return history


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def overdue_reports(project_ids: ProjectIds, on: datetime.date, *, months: int = 4) -> dict[int, int]:
    """For each project: of the last `months` calendar months that ended before `on` and in which the project had
    started (actual start, else planned start) and not yet finished, how many have no status report submitted by `on`. A project with
    none overdue is absent. Two queries."""
    ids = _ids(project_ids)
    last = _month_index(on) - 1  # the last month that ended before `on`
    first = last - months + 1
    spans = {
        pk: (actual or planned, finish)
        for pk, actual, planned, finish in Project.objects.filter(pk__in=ids).values_list(
            "pk", "actual_start", "planned_start", "actual_finish"
        )
    }
    first_year, first_month = divmod(first, 12)
    submitted: dict[int, set[int]] = {}
    for project_id, year, month in (
        StatusReport.objects.filter(project_id__in=ids)
        .filter(_submitted_by(on))
        .filter(Q(period_year__gt=first_year) | Q(period_year=first_year, period_month__gte=first_month + 1))
        .values_list("project_id", "period_year", "period_month")
    ):
        submitted.setdefault(project_id, set()).add(year * 12 + month - 1)
    overdue: dict[int, int] = {}
    for pk, (start, finish) in spans.items():
        if start is None:
            continue
        end = min(last, _month_index(finish)) if finish else last
        due = range(max(first, _month_index(start)), end + 1)
        missing = sum(1 for m in due if m not in submitted.get(pk, set()))
        if missing:
            overdue[pk] = missing
    return overdue
