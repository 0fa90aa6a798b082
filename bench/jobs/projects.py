"""Register job benchmark: the Excel export of every project (10,000 at the default scale) by the bench user."""

from __future__ import annotations

import time
from typing import Any


def run(ctx: dict[str, Any]) -> list[str]:
    from pmis.accounts.models import User
    from pmis.core.jobs import job_run
    from pmis.core.models import Job

    user = User.objects.get(username="bench")
    # the row directly, not job_create: dispatching on commit would run it before the clock starts
    job = Job.objects.create(kind="projects.register_export", requested_by=user, params={"query": ""}, language="ru")
    start = time.perf_counter()
    job = job_run(job_id=job.pk)
    seconds = time.perf_counter() - start
    if job is None or job.status != Job.Status.SUCCEEDED:
        return [f"BENCH register.export failed error={getattr(job, 'error', 'missing')!r}"]
    return [f"BENCH register.export seconds={seconds:.2f} rows={job.result.get('rows')}"]
