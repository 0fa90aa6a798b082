"""Factories of the fieldwork tests: a completed draw with a drawn project, evidence rows, uploads."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audits import models
from tests.audits.factories import PolicyFactory, ProgrammeFactory


def drawn_item(project: Any, *, year: int = 2026, quarter: int = 4) -> models.DrawItem:
    """A completed draw of the year's programme that drew `project`."""
    programme = ProgrammeFactory(year=year)
    policy = PolicyFactory(programme=programme)
    draw = models.AuditDraw.objects.create(
        number=f"DRW-{year}-Q{quarter}",
        programme=programme,
        quarter=quarter,
        policy=policy,
        status=models.AuditDraw.Status.DRAWN,
        cutoff_date=datetime.date(year, 9, 30),
        population=[project.code],
        population_sha256="0" * 64,
        frozen_by=programme.owner,
        frozen_at=timezone.now(),
        seed="12345678901234567890",
        drawn_at=timezone.now(),
    )
    return models.DrawItem.objects.create(
        draw=draw, project=project, code=project.code, reason=models.DrawItem.Reason.SAMPLED, rank=1
    )


def pdf_upload(name: str = "act.pdf", content: bytes = b"%PDF-1.4 evidence") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
