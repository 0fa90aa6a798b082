"""The yearly analytics summary PDF, ordered as a job (the figures are the requester's, as on their page)."""

from __future__ import annotations

from typing import Any

from pmis.core.jobs import job_create
from pmis.core.models import Job
from pmis.core.pdf import document_language


def analytics_pdf_request(*, actor: Any, year: int, direction: Any = None, language: str) -> Job:
    """Queue the summary of `year` (and a basic direction, if given) in the document `language`."""
    return job_create(
        kind="audits.analytics_pdf",
        requested_by=actor,
        params={
            "year": int(year),
            "direction": getattr(direction, "pk", None),
            "language": document_language(language, "ru"),
        },
    )
