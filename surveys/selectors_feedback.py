"""Reads of citizen feedback for the public pages (portfolio reads feedback only through this module)."""

from __future__ import annotations

from django.db.models import QuerySet

from surveys.models import Feedback


def answered_for_project(project_id: int, limit: int = 5) -> list[Feedback]:
    """The latest answered feedback of a project, newest answer first (public text and answer only)."""
    rows: QuerySet[Feedback] = Feedback.objects.filter(
        project_id=project_id, status=Feedback.Status.ANSWERED
    ).only("id", "reference", "kind", "public_text", "answer", "answered_at", "created_at", "project_id")
    return list(rows.order_by("-answered_at", "-id")[:limit])
