"""Reads of the publication tab, the edit form and the Project Office's queue, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When

from projects.models import Document, Project, Publication

Status = Publication.Status
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


@dataclass
class PublicationTab:
    versions: list[Publication]
    live: Publication | None
    draft: Publication | None  # the newest draft or returned version
    submitted: Publication | None
    latest: Publication | None
    extra: dict[str, Any] = field(default_factory=dict)


def publication_tab(project: Project) -> PublicationTab:
    """Every version of the project's public page (newest first) with its chosen files: two queries + two
    prefetches, whatever the number of versions."""
    files = Document.objects.only("id", "project_id", "title", "content_type", "doc_type").order_by(
        "created_at", "id"
    )
    versions = list(
        project.publications.select_related("author", "decided_by", "withdrawn_by")
        .prefetch_related(Prefetch("photos", queryset=files), Prefetch("documents", queryset=files))
        .order_by("-version")
    )
    live = next((v for v in versions if v.status == Status.LIVE), None)
    editable = next((v for v in versions if v.status in (Status.DRAFT, Status.RETURNED)), None)
    submitted = next((v for v in versions if v.status == Status.SUBMITTED), None)
    return PublicationTab(
        versions=versions,
        live=live,
        draft=editable,
        submitted=submitted,
        latest=versions[0] if versions else None,
    )


def publication_source(project: Project) -> Publication | None:
    """What the edit form starts from: the editable draft, else the latest version (copied on save)."""
    versions = project.publications.prefetch_related("photos", "documents").order_by("-version")
    return versions.first()


def publication_files(project: Project) -> tuple[list[Document], list[Document]]:
    """The project's documents the edit form offers: (images for photos, all documents), one query."""
    documents = list(project.documents.order_by("-created_at", "-id"))
    return [d for d in documents if d.content_type in PHOTO_TYPES], documents


def publication_queue(*, status: str = "", direction: Any = None, q: str = "") -> QuerySet[Publication]:
    """The Project Office's queue: versions awaiting approval (oldest submitted first), then live pages."""
    qs = Publication.objects.filter(status__in=[Status.SUBMITTED, Status.LIVE]).select_related(
        "project", "project__direction", "project__department", "author"
    )
    if status in (Status.SUBMITTED, Status.LIVE):
        qs = qs.filter(status=status)
    if direction:
        qs = qs.filter(project__direction=direction)
    if q:
        qs = qs.filter(
            Q(project__code__icontains=q)
            | Q(project__title_ru__icontains=q)
            | Q(project__title_kk__icontains=q)
            | Q(project__title_en__icontains=q)
        )
    awaiting_first = Case(When(status=Status.SUBMITTED, then=Value(0)), default=Value(1))
    return qs.order_by(awaiting_first, "submitted_at", "-published_at", "pk")


def awaiting_approval(limit: int = 5) -> tuple[list[Publication], int]:
    """Versions awaiting the Project Office's approval, oldest first, and their count (two queries)."""
    qs = Publication.objects.filter(status=Status.SUBMITTED, project__is_confidential=False)
    rows = list(qs.select_related("project").order_by("submitted_at", "pk")[:limit])
    return rows, qs.count()
