"""Portfolio job benchmarks: the 20-item agenda pack (goal ≤ 30 s) and the one-page direction PDF."""

from __future__ import annotations

import time
from typing import Any


def _run(kind: str, params: dict[str, Any]) -> tuple[float, Any]:
    from pmis.accounts.models import User
    from pmis.core.jobs import job_run
    from pmis.core.models import Job

    user = User.objects.get(username="bench")
    # the row directly, not job_create: dispatching on commit would run it before the clock starts
    job = Job.objects.create(kind=kind, requested_by=user, params=params, language="ru")
    start = time.perf_counter()
    job = job_run(job_id=job.pk)
    return time.perf_counter() - start, job


def run(ctx: dict[str, Any]) -> list[str]:
    from pmis.core.models import Job
    from pmis.reference.models import Direction
    from portfolio.models import AgendaPack, Meeting

    lines = []
    meeting = Meeting.objects.filter(number="BENCH-PACK").first()
    if meeting is None:
        return ["BENCH portfolio.agenda_pack skipped (no bench meeting)"]
    seconds, job = _run("portfolio.agenda_pack", {"meeting_id": meeting.pk, "language": "ru"})
    if job is None or job.status != Job.Status.SUCCEEDED:
        lines.append(f"BENCH portfolio.agenda_pack failed error={getattr(job, 'error', 'missing')!r}")
    else:
        pack = AgendaPack.objects.filter(meeting=meeting).order_by("-version").first()
        lines.append(f"BENCH portfolio.agenda_pack seconds={seconds:.2f} items={meeting.items.count()} "
                     f"bytes={pack.file.size if pack else 0}")
    direction = Direction.objects.order_by("number").first()
    if direction is not None:
        seconds, job = _run("portfolio.direction_pdf", {"direction_id": direction.pk})
        status = "ok" if job is not None and job.status == Job.Status.SUCCEEDED else f"failed {getattr(job, 'error', '')!r}"
        lines.append(f"BENCH portfolio.direction_pdf seconds={seconds:.2f} {status}")
    return lines
