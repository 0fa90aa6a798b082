"""Published projects for the public pages' tests: a live Publication written directly (the publication workflow
is tested with its services), and the event the public cache listens to."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pmis.core import events
from projects.models import Project, Publication
from tests.projects.factories import BudgetLineFactory, DocumentFactory, MilestoneFactory, ProjectFactory

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def publish(
    project: Project, *, photos: list[Any] | None = None, documents: list[Any] | None = None
) -> Publication:
    """Make `project`'s next version the live one (the previous live one is superseded) and tell the cache."""
    Publication.objects.filter(project=project, status=Publication.Status.LIVE).update(
        status=Publication.Status.SUPERSEDED
    )
    version = Publication.objects.filter(project=project).count() + 1
    publication = Publication.objects.create(
        project=project,
        version=version,
        status=Publication.Status.LIVE,
        summary_kk=f"{project.title_kk}: қысқаша сипаттама.",
        summary_ru=f"{project.title_ru}: краткое описание для жителей.",
        summary_en=f"{project.title_en}: a short summary for residents.",
        benefits_kk="Тұрғындар үшін не өзгереді.",
        benefits_ru="Что изменится для жителей.",
        benefits_en="What changes for residents.",
        published_at=timezone.now(),
    )
    if photos:
        publication.photos.set(photos)
    if documents:
        publication.documents.set(documents)
    events.publication_changed.send(sender="tests", project_id=project.pk)
    return publication


def withdraw(project: Project) -> None:
    Publication.objects.filter(project=project, status=Publication.Status.LIVE).update(
        status=Publication.Status.WITHDRAWN, withdrawn_at=timezone.now()
    )
    events.publication_changed.send(sender="tests", project_id=project.pk)


def published_project(**kwargs: Any) -> Project:
    """A published project with a budget line (plan 1,000,000, disbursed 250,000), two milestones (one done),
    a position on the map, a public photo and a public document."""
    kwargs.setdefault("latitude", Decimal("43.250000"))
    kwargs.setdefault("longitude", Decimal("76.900000"))
    project = ProjectFactory(**kwargs)
    BudgetLineFactory(project=project)
    MilestoneFactory(project=project, title="Проект готов", actual_date=datetime.date(2026, 3, 1))
    MilestoneFactory(project=project, title="Работы завершены")
    photo = DocumentFactory(
        project=project,
        title="Фото площадки",
        content=PNG,
        content_type="image/png",
        original_name="site.png",
    )
    document = DocumentFactory(project=project, title="Паспорт проекта")
    publish(project, photos=[photo], documents=[document])
    return project
