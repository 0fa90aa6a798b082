"""Factories of the feedback tests: a published project (a live publication, as the Project Office's approval
leaves it) and feedback in each state."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from projects.models import Project, Publication
from surveys.models import Feedback
from tests.projects.factories import ProjectFactory

_counter = {"n": 0}


def publish(project: Project) -> Publication:
    """A live publication for the project (rows only; the publication workflow is tested by its owners)."""
    return Publication.objects.create(
        project=project,
        version=1,
        status=Publication.Status.LIVE,
        summary_kk="Жоба туралы",
        summary_ru="О проекте",
        summary_en="About the project",
        benefits_kk="Тұрғындар үшін",
        benefits_ru="Для жителей",
        benefits_en="For residents",
        published_at=timezone.now(),
    )


def published_project(**kwargs: Any) -> Project:
    project = ProjectFactory(**kwargs)
    publish(project)
    return project


def make_feedback(project: Project, *, status: str = Feedback.Status.PENDING, **kwargs: Any) -> Feedback:
    _counter["n"] += 1
    values: dict[str, Any] = {
        "reference": f"FB-2026-{_counter['n']:06d}",
        "project": project,
        "kind": Feedback.Kind.QUESTION,
        "text": "When will the works near school No. 12 be finished?",
        "consent_at": timezone.now(),
        "language": "ru",
        "status": status,
    }
    if status in (Feedback.Status.ROUTED, Feedback.Status.ANSWERED):
        values.update(
            public_text=values["text"],
            theme=Feedback.Theme.SCHEDULE,
            department_id=project.department_id,
            due_date=timezone.localdate() + datetime.timedelta(days=21),
            moderated_at=timezone.now(),
        )
    if status == Feedback.Status.ANSWERED:
        values.update(answer="The works end in October.", answered_at=timezone.now())
    if status == Feedback.Status.REJECTED:
        values.update(reject_reason=Feedback.RejectReason.INSULT)
    values.update(kwargs)
    return Feedback.objects.create(**values)
