"""Publication part of the synthetic city: 2,000 of the bench projects (non-confidential) published, each with a
live version whose summary and "what changes for residents" are written in kk, ru and en, and coordinates in
Almaty for the map. Bulk inserts (history through simple_history's bulk helpers); idempotent (a project that
already has a version is left as it is).
"""

from __future__ import annotations

import random
import time
from decimal import Decimal
from typing import Any

PUBLISHED = 2000
BATCH = 1000


def build(scale: int, stdout: Any) -> None:
    from django.db.models import Exists, OuterRef
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from pmis.accounts.models import User
    from projects.models import Project, Publication

    started = time.perf_counter()
    rng = random.Random(20261202)
    actor = User.objects.filter(username="bench").first()
    has_version = Publication.objects.filter(project=OuterRef("pk"))
    projects = list(
        Project.objects.filter(code__startswith="PRJ-BENCH-", is_confidential=False)
        .exclude(Exists(has_version))
        .order_by("code")
        .only("pk", "code", "title_ru", "title_kk", "title_en", "latitude", "longitude")[
            : min(PUBLISHED, max(1, scale // 5))
        ]
    )
    located = []
    for project in projects:
        if project.latitude is None or project.longitude is None:
            project.latitude = Decimal(f"{rng.uniform(43.18, 43.33):.6f}")
            project.longitude = Decimal(f"{rng.uniform(76.82, 77.02):.6f}")
            located.append(project)
    if located:
        bulk_update_with_history(
            located,
            Project,
            ["latitude", "longitude"],
            batch_size=BATCH,
            default_user=actor,
            default_change_reason="bench: coordinates for the public map",
        )
    now = timezone.now()
    rows = [
        Publication(
            project=project,
            version=1,
            status=Publication.Status.LIVE,
            summary_kk=f"{project.title_kk}: қала тұрғындарына арналған жоба. Жұмыстар кезең-кезеңімен жүргізіледі.",
            summary_ru=f"{project.title_ru}: проект для жителей города. Работы ведутся поэтапно.",
            summary_en=f"{project.title_en}: a project for the city's residents, carried out in stages.",
            benefits_kk="Аудан тұрғындары үшін қолжетімділік пен қауіпсіздік артады.",
            benefits_ru="Для жителей района станет удобнее и безопаснее.",
            benefits_en="Residents of the district get safer and more convenient surroundings.",
            author=actor,
            submitted_at=now,
            decided_by=actor,
            decided_at=now,
            published_at=now,
        )
        for project in projects
    ]
    bulk_create_with_history(
        rows, Publication, batch_size=BATCH, default_user=actor, default_change_reason="bench: published"
    )
    live = Publication.objects.filter(
        status=Publication.Status.LIVE, project__code__startswith="PRJ-BENCH-"
    ).count()
    stdout.write(
        f"publication: {len(rows)} projects published ({live} live) in {time.perf_counter() - started:.1f} s\n"
    )
