"""Published projects for the open-data tests. The publication rows are created directly, faster than the
workflow's services (tested in tests/projects); `publish`/`withdraw` send `publication_changed` on commit as
those services do."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pmis.core import events
from projects.models import Publication
from tests.factories import DistrictFactory
from tests.projects.factories import BudgetLineFactory, DocumentFactory, MilestoneFactory, ProjectFactory


def publish(
    project: Any,
    *,
    photos: list[Any] | None = None,
    documents: list[Any] | None = None,
    notify: bool = False,
    **texts: str,
) -> Publication:
    """A live publication of `project` (superseding a live one), texts in kk / ru / en."""
    Publication.objects.filter(project=project, status=Publication.Status.LIVE).update(
        status=Publication.Status.SUPERSEDED
    )
    version = Publication.objects.filter(project=project).count() + 1
    publication = Publication.objects.create(
        project=project,
        version=version,
        status=Publication.Status.LIVE,
        summary_kk=texts.get("summary_kk", f"{project.code}: жоба туралы қысқаша"),
        summary_ru=texts.get("summary_ru", f"{project.code}: кратко о проекте"),
        summary_en=texts.get("summary_en", f"{project.code}: the project in brief"),
        benefits_kk=texts.get("benefits_kk", "Тұрғындар үшін жаңа жол."),
        benefits_ru=texts.get("benefits_ru", "Новая дорога для жителей."),
        benefits_en=texts.get("benefits_en", "A new road for residents."),
        published_at=timezone.now(),
    )
    publication.photos.set(photos or [])
    publication.documents.set(documents or [])
    if notify:
        events.send_on_commit(events.publication_changed, "projects", project_id=project.pk)
    return publication


def withdraw(project: Any, *, notify: bool = True) -> None:
    Publication.objects.filter(project=project, status=Publication.Status.LIVE).update(
        status=Publication.Status.WITHDRAWN, withdrawn_at=timezone.now()
    )
    if notify:
        events.send_on_commit(events.publication_changed, "projects", project_id=project.pk)


def published_project(*, full: bool = True, **kwargs: Any) -> Any:
    """A published project; `full` gives it coordinates, two districts, milestones (one met, one overdue,
    one ahead), a budget line, a public photo and a public document."""
    project = ProjectFactory(**kwargs)
    if not full:
        publish(project)
        return project
    project.latitude = Decimal("43.238949")
    project.longitude = Decimal("76.889709")
    project.save(update_fields=["latitude", "longitude"])
    project.districts.set([DistrictFactory(code="almaly"), DistrictFactory(code="bostandyk")])
    BudgetLineFactory(project=project, plan=Decimal("1500000.50"), disbursed=Decimal("250000"))
    today = timezone.localdate()
    MilestoneFactory(
        project=project,
        title="Проект",
        planned_date=today - datetime.timedelta(days=60),
        actual_date=today - datetime.timedelta(days=50),
    )
    MilestoneFactory(project=project, title="Фундамент", planned_date=today - datetime.timedelta(days=10))
    MilestoneFactory(project=project, title="Открытие", planned_date=today + datetime.timedelta(days=100))
    photo = DocumentFactory(project=project, doc_type="photo", title="Вид стройки", content_type="image/jpeg")
    document = DocumentFactory(project=project, doc_type="plan", title="План работ")
    DocumentFactory(project=project, title="Внутренняя записка")  # not made public
    publish(project, photos=[photo], documents=[document])
    return project
