"""Reads of citizen feedback: for the public pages (portfolio reads feedback only through this module) and for
the internal pages (the moderation queue, the department's list, the statistics)."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from surveys.models import Feedback


def answered_for_project(project_id: int, limit: int = 5) -> list[Feedback]:
    """The latest answered feedback of a project, newest answer first (public text and answer only)."""
    rows: QuerySet[Feedback] = Feedback.objects.filter(
        project_id=project_id, status=Feedback.Status.ANSWERED
    ).only("id", "reference", "kind", "language", "public_text", "answer", "answered_at", "created_at", "project_id")
    return list(rows.order_by("-answered_at", "-id")[:limit])


# --- The internal pages -----------------------------------------------------------------------------------


def feedback_queue(
    base: QuerySet[Feedback], filters: dict[str, Any], *, today: datetime.date
) -> QuerySet[Feedback]:
    """The moderation queue: the reader's items (from the door) filtered; the oldest waiting first, then the
    nearest deadline, then the newest."""
    qs = base.select_related("project", "department")
    status = filters.get("status") or ""
    if status:
        qs = qs.filter(status=status)
    project = (filters.get("project") or "").strip()
    if project:
        qs = qs.filter(project__code__icontains=project)
    department = str(filters.get("department") or "")
    if department.isdigit():
        qs = qs.filter(department_id=int(department))
    if filters.get("overdue"):
        qs = qs.filter(status=Feedback.Status.ROUTED, due_date__lt=today)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("theme"):
        qs = qs.filter(theme=filters["theme"])
    reference = (filters.get("q") or "").strip()
    if reference:
        qs = qs.filter(reference__icontains=reference)
    pending_first = Case(When(status=Feedback.Status.PENDING, then=Value(0)), default=Value(1))
    return qs.order_by(pending_first, F("due_date").asc(nulls_last=True), "-created_at", "-id")


def feedback_counts(base: QuerySet[Feedback], *, today: datetime.date) -> dict[str, int]:
    """How many items in each status, and how many routed ones are overdue (one query)."""
    agg = base.aggregate(
        total=Count("id"),
        **{s: Count("id", filter=Q(status=s)) for s in Feedback.Status.values},
        overdue=Count("id", filter=Q(status=Feedback.Status.ROUTED, due_date__lt=today)),
    )
    return {key: int(value or 0) for key, value in agg.items()}


def department_choices() -> list[tuple[int, str]]:
    """The departments some feedback was routed to, by name (for the queue's filter)."""
    from pmis.accounts.models import Organization

    ids = Feedback.objects.exclude(department=None).values("department_id").distinct()
    return [(o.pk, str(o)) for o in Organization.objects.filter(pk__in=ids)]


def routed_to(user: Any) -> QuerySet[Feedback]:
    """Items waiting for an answer from the reader's department or a project whose team they are in, the
    nearest deadline (overdue) first."""
    from projects.permissions import project_team_q

    if user is None or not user.is_authenticated:
        return Feedback.objects.none()
    q = project_team_q(user, prefix="project__")
    if user.organization_id:
        q |= Q(department_id=user.organization_id)
    return (
        Feedback.objects.filter(q, status=Feedback.Status.ROUTED)
        .distinct()
        .select_related("project", "department")
        .order_by("due_date", "id")
    )


@dataclass(frozen=True)
class DepartmentRow:
    department: str
    answered: int
    on_time: int
    open_overdue: int

    @property
    def on_time_share(self) -> int | None:
        return round(self.on_time * 100 / self.answered) if self.answered else None


@dataclass(frozen=True)
class FeedbackStats:
    total: int
    by_month: list[tuple[datetime.date, int]]
    by_kind: list[tuple[str, int]]
    by_theme: list[tuple[str, int]]
    departments: list[DepartmentRow]
    answered: int
    on_time: int
    median_days: float | None


def feedback_stats(*, today: datetime.date) -> FeedbackStats:
    """Volume by month, kind and theme; answered on time by department; the median days from the citizen's
    message to the published answer (a fixed number of queries)."""
    from pmis.accounts.models import Organization

    rows = Feedback.objects.all()
    by_month = [
        (row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"], row["n"])
        for row in rows.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    ]
    kinds = dict(rows.values_list("kind").annotate(n=Count("id")).order_by())
    by_kind = [(str(label), int(kinds.get(value, 0))) for value, label in Feedback.Kind.choices]
    themes = dict(rows.exclude(theme="").values_list("theme").annotate(n=Count("id")).order_by())
    by_theme = [
        (str(label), int(themes[value])) for value, label in Feedback.Theme.choices if themes.get(value)
    ]
    answered_rows = list(
        rows.filter(status=Feedback.Status.ANSWERED, answered_at__isnull=False).values_list(
            "department_id", "created_at", "answered_at", "due_date"
        )
    )
    overdue = dict(
        rows.filter(status=Feedback.Status.ROUTED, due_date__lt=today)
        .values_list("department_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_department: dict[int | None, list[int]] = {}
    durations: list[float] = []
    for department_id, created, answered_at, due in answered_rows:
        entry = per_department.setdefault(department_id, [0, 0])
        entry[0] += 1
        if answered_at is not None and (due is None or timezone.localtime(answered_at).date() <= due):
            entry[1] += 1
        if answered_at is not None:
            durations.append((answered_at - created).total_seconds() / 86400)
    names = {
        o.pk: str(o)
        for o in Organization.objects.filter(pk__in=[d for d in {*per_department, *overdue} if d])
    }
    departments = sorted(
        (
            DepartmentRow(
                department=names.get(d or 0, "—"),
                answered=per_department.get(d, [0, 0])[0],
                on_time=per_department.get(d, [0, 0])[1],
                open_overdue=int(overdue.get(d, 0)),
            )
            for d in {*per_department, *overdue}
        ),
        key=lambda r: r.department,
    )
    answered = sum(v[0] for v in per_department.values())
    on_time = sum(v[1] for v in per_department.values())
    return FeedbackStats(
        total=sum(n for _, n in by_month),
        by_month=by_month,
        by_kind=by_kind,
        by_theme=by_theme,
        departments=departments,
        answered=answered,
        on_time=on_time,
        median_days=round(statistics.median(durations), 1) if durations else None,
    )
