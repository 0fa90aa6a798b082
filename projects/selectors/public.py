"""What the public side may read of the register: published projects only, public fields only.

A project is published when it is not confidential and has a live publication (`Publication.Status.LIVE`).
Every figure shown to citizens is computed here from the register (never typed twice): progress, budget plan
vs disbursed, milestones done / planned, stage, forecast finish. The public pages (portfolio), open data
(portfolio) and citizen feedback (surveys) read only through this module.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from projects.models import BudgetLine, Document, Milestone, Project, Publication, Task


def published_projects() -> QuerySet[Project]:
    """Every published project (not confidential, with a live publication), newest first."""
    live = Publication.objects.filter(project=OuterRef("pk"), status=Publication.Status.LIVE)
    return Project.objects.filter(Exists(live), is_confidential=False)


def published_ids() -> QuerySet[Any]:
    return published_projects().values("pk")


def is_published(project: Project) -> bool:
    return published_projects().filter(pk=project.pk).exists()


def live_publication(project: Project) -> Publication | None:
    if project.is_confidential:
        return None
    return (
        project.publications.filter(status=Publication.Status.LIVE)
        .prefetch_related(
            Prefetch("photos", queryset=Document.objects.order_by("created_at", "id")),
            Prefetch("documents", queryset=Document.objects.order_by("created_at", "id")),
        )
        .first()
    )


def published_project(code: str) -> tuple[Project, Publication]:
    """The published project with this code and its live publication; 404 for a missing, unpublished or
    confidential project alike (the public never learns which)."""
    project = (
        published_projects()
        .select_related("direction", "department")
        .prefetch_related("districts", "sdgs")
        .filter(code=code)
        .first()
    )
    publication = live_publication(project) if project is not None else None
    if project is None or publication is None:
        raise Http404
    return project, publication


def public_file(project: Project, document_id: int) -> Document:
    """A photo or document the live publication made public (404 otherwise)."""
    publication = live_publication(project)
    if publication is None:
        raise Http404
    document = (
        Document.objects.filter(pk=document_id, project=project)
        .filter(Q(public_photo_in=publication) | Q(public_document_in=publication))
        .first()
    )
    if document is None:
        raise Http404
    return document


def disbursed_share(disbursed: Decimal, plan: Decimal) -> int | None:
    """Disbursed as a whole per cent of the plan (None without a plan)."""
    if not plan:
        return None
    return int((disbursed * 100 / plan).quantize(Decimal("1")))


@dataclass(frozen=True)
class PublicFacts:
    """The figures of one published project, computed from the register."""

    progress: int | None  # % done: task progress weighted by duration; without tasks, milestones done
    budget_plan: Decimal
    budget_disbursed: Decimal
    milestones_done: int
    milestones_planned: int
    stage: str
    forecast_finish: datetime.date | None

    @property
    def disbursed_share(self) -> int | None:
        return disbursed_share(self.budget_disbursed, self.budget_plan)


def public_facts(projects: Sequence[Project]) -> dict[int, PublicFacts]:
    """PublicFacts per project, in three queries whatever the number of projects."""
    ids = [p.pk for p in projects]
    zero = Decimal("0")
    budgets: dict[int, dict[str, Any]] = {
        row["project_id"]: dict(row)
        for row in BudgetLine.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(plan=Coalesce(Sum("plan"), zero), disbursed=Coalesce(Sum("disbursed"), zero))
    }
    milestones: dict[int, dict[str, Any]] = {
        row["project_id"]: dict(row)
        for row in Milestone.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(planned=Count("id"), done=Count("id", filter=Q(actual_date__isnull=False)))
    }
    # leaf tasks only (a summary task's progress repeats its children's)
    leaves = Task.objects.filter(project_id__in=ids).exclude(
        Exists(Task.objects.filter(parent=OuterRef("pk")))
    )
    weights: dict[int, list[int]] = {}
    for project_id, start, finish, pct in leaves.values_list("project_id", "start", "finish", "progress"):
        days = max((finish - start).days, 0) + 1
        done, total = weights.setdefault(project_id, [0, 0])
        weights[project_id] = [done + days * pct, total + days]
    facts: dict[int, PublicFacts] = {}
    for project in projects:
        budget: dict[str, Any] = budgets.get(project.pk, {})
        counts: dict[str, Any] = milestones.get(project.pk, {})
        planned = int(counts.get("planned", 0))
        done = int(counts.get("done", 0))
        progress: int | None = None
        if project.pk in weights and weights[project.pk][1]:
            weighted, total = weights[project.pk]
            progress = round(weighted / total)
        elif planned:
            progress = round(done * 100 / planned)
        facts[project.pk] = PublicFacts(
            progress=progress,
            budget_plan=budget.get("plan", zero),
            budget_disbursed=budget.get("disbursed", zero),
            milestones_done=done,
            milestones_planned=planned,
            stage=project.stage,
            forecast_finish=project.forecast_finish or project.planned_finish,
        )
    return facts


def public_milestones(project: Project) -> list[Milestone]:
    """The milestones timeline of a published project (titles and dates only are public)."""
    return list(
        project.milestones.order_by("order", "planned_date", "id").only(
            "id", "project_id", "title", "planned_date", "forecast_date", "actual_date", "order"
        )
    )


__all__ = [
    "PublicFacts",
    "disbursed_share",
    "is_published",
    "live_publication",
    "public_facts",
    "public_file",
    "public_milestones",
    "published_ids",
    "published_project",
    "published_projects",
]
