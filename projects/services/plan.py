"""Writes on the implementation plan: milestones, WBS tasks with dependencies, and baselines."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from projects.models import Baseline, BudgetLine, Milestone, Project, Task
from projects.services.reports import project_rag_refresh

MILESTONE_FIELDS = ["title", "planned_date", "forecast_date", "actual_date", "is_critical", "owner", "order"]
TASK_FIELDS = ["wbs_code", "title", "start", "finish", "progress", "responsible", "parent", "milestone"]


# Milestones


@transaction.atomic
def milestone_save(*, milestone: Milestone, actor: Any, evidence: Iterable[Any] | None = None) -> Milestone:
    """Create or update a milestone (the form set its fields) and, if given, link its evidence documents."""
    if milestone.pk is None and not milestone.order:
        last = Milestone.objects.filter(project_id=milestone.project_id).aggregate(m=Max("order"))["m"]
        milestone.order = (last or 0) + 1
    milestone.full_clean()
    if milestone.pk is None:
        milestone.save()
    else:
        milestone.save(update_fields=[*MILESTONE_FIELDS, "updated_at"])
    if evidence is not None:
        _set_evidence(milestone, list(evidence))
    project_rag_refresh(project=milestone.project)
    return milestone


def _set_evidence(milestone: Milestone, documents: list[Any]) -> None:
    """Point the chosen documents of the same project at the milestone; unlink the ones no longer chosen."""
    chosen = {d.pk for d in documents if d.project_id == milestone.project_id}
    for document in milestone.evidence.exclude(pk__in=chosen):
        document.milestone = None
        document.save(update_fields=["milestone", "updated_at"])
    for document in documents:
        if document.pk in chosen and document.milestone_id != milestone.pk:
            document.milestone = milestone
            document.save(update_fields=["milestone", "updated_at"])


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor: Any) -> None:
    project = milestone.project
    milestone.delete()
    project_rag_refresh(project=project)


# Tasks


def _check_dependencies(task: Task, predecessors: list[Task]) -> None:
    """Reject predecessors from another project, a dependency cycle, and a start before a predecessor's finish."""
    errors: list[str] = []
    for pred in predecessors:
        if pred.project_id != task.project_id:
            errors.append(_("“%(task)s” belongs to another project.") % {"task": pred})
        elif task.pk is not None and pred.pk == task.pk:
            errors.append(_("A task cannot depend on itself."))
    if errors:
        raise ValidationError({"predecessors": errors})
    if task.pk is not None and predecessors:
        # edges successor -> predecessors for the whole project, with this task's new predecessors
        edges: dict[int, set[int]] = {}
        through = Task.predecessors.through.objects.filter(from_task__project_id=task.project_id)
        for from_id, to_id in through.values_list("from_task_id", "to_task_id"):
            edges.setdefault(from_id, set()).add(to_id)
        edges[task.pk] = {p.pk for p in predecessors}
        titles = dict(Task.objects.filter(project_id=task.project_id).values_list("pk", "title"))
        for pred in predecessors:
            path = _path(edges, pred.pk, task.pk)
            if path is not None:
                chain = " → ".join(titles.get(pk, str(pk)) for pk in [task.pk, *path])
                raise ValidationError(
                    {"predecessors": _("This dependency would create a cycle: %(chain)s.") % {"chain": chain}}
                )
    late = [p for p in predecessors if task.start is not None and task.start <= p.finish]
    if late:
        raise ValidationError(
            {
                "start": _("The task must start after its predecessor “%(task)s” finishes (%(date)s).")
                % {"task": late[0].title, "date": _date(late[0].finish)}
            }
        )


def _date(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _path(edges: dict[int, set[int]], start: int, goal: int) -> list[int] | None:
    """A path start → … → goal along predecessor edges (depth-first), or None."""
    stack: list[tuple[int, list[int]]] = [(start, [start])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node == goal:
            return path
        if node in seen:
            continue
        seen.add(node)
        for nxt in edges.get(node, ()):
            stack.append((nxt, [*path, nxt]))
    return None


@transaction.atomic
def task_save(*, task: Task, actor: Any, predecessors: Iterable[Task] = ()) -> Task:
    """Create or update a WBS task with its predecessors (no cycles, starts after every predecessor finishes)."""
    predecessors = list(predecessors)
    task.full_clean()
    if task.finish < task.start:
        raise ValidationError({"finish": _("The finish cannot be earlier than the start.")})
    parent = task.parent if task.parent_id else None
    if parent is not None and parent.project_id != task.project_id:
        raise ValidationError({"parent": _("The parent task belongs to another project.")})
    _check_dependencies(task, predecessors)
    if task.pk is not None:
        early = task.successors.filter(start__lte=task.finish).order_by("start").first()
        if early is not None:
            raise ValidationError(
                {
                    "finish": _("The successor “%(task)s” starts on %(date)s, before this task would finish.")
                    % {"task": early.title, "date": _date(early.start)}
                }
            )
    if task.pk is None:
        task.save()
    else:
        task.save(update_fields=[*TASK_FIELDS, "updated_at"])
    task.predecessors.set(predecessors)
    return task


@transaction.atomic
def task_delete(*, task: Task, actor: Any) -> None:
    task.delete()


# Baselines


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def plan_snapshot(project: Project) -> dict[str, Any]:
    """The current plan as plain JSON: dates of milestones and tasks, the planned finish, budget totals."""
    milestones = list(project.milestones.order_by("order", "planned_date", "id"))
    tasks = list(project.tasks.order_by("wbs_code", "start", "id"))
    lines = list(BudgetLine.objects.filter(project=project).order_by("year", "source"))
    by_year: dict[str, Decimal] = {}
    by_source: dict[str, Decimal] = {}
    for line in lines:
        by_year[str(line.year)] = by_year.get(str(line.year), Decimal("0")) + line.plan
        by_source[line.source] = by_source.get(line.source, Decimal("0")) + line.plan
    return {
        "planned_start": _iso(project.planned_start),
        "planned_finish": _iso(project.planned_finish),
        "forecast_finish": _iso(project.forecast_finish),
        "milestones": [
            {
                "id": m.pk,
                "title": m.title,
                "planned_date": _iso(m.planned_date),
                "forecast_date": _iso(m.forecast_date),
                "is_critical": m.is_critical,
            }
            for m in milestones
        ],
        "tasks": [
            {
                "id": t.pk,
                "wbs_code": t.wbs_code,
                "title": t.title,
                "start": _iso(t.start),
                "finish": _iso(t.finish),
            }
            for t in tasks
        ],
        "budget": {
            "total_plan": str(sum(by_year.values(), Decimal("0"))),
            "by_year": {k: str(v) for k, v in sorted(by_year.items())},
            "by_source": {k: str(v) for k, v in sorted(by_source.items())},
        },
    }


@transaction.atomic
def baseline_create(
    *, project: Project, actor: Any, reason: str = "", change_request: Any = None
) -> Baseline:
    """Freeze the current plan as the next baseline version of the project."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    last = Baseline.objects.filter(project=project).aggregate(v=Max("version"))["v"] or 0
    baseline = Baseline(
        project=project,
        version=last + 1,
        approved_by=actor,
        change_request=change_request,
        reason=reason,
        snapshot=plan_snapshot(project),
    )
    baseline.full_clean()
    baseline.save()
    return baseline


@transaction.atomic
def baseline_initial(*, project: Project, actor: Any) -> Baseline:
    """The first baseline (the approved plan at gate 2); later ones come only from approved change requests."""
    if Baseline.objects.filter(project=project).exists():
        raise ValidationError(
            _("The project already has a baseline. A new one comes from an approved change request.")
        )
    # no stored reason: the page names it "Initial plan baseline" in the reader's language
    return baseline_create(project=project, actor=actor, reason="")
