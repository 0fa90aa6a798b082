"""Celery wrappers around pmis.core.jobs. Task names are stable: renaming breaks in-flight messages."""

from typing import Any

from celery import Task, shared_task
from django.db import OperationalError

from pmis.core.models import Job


@shared_task(
    name="core.run_job",
    bind=True,
    acks_late=True,
    max_retries=3,
    soft_time_limit=14 * 60,
    time_limit=15 * 60,
)
def job_run_task(self: Task[Any, Any], job_id: int) -> str:
    from pmis.core.jobs import job_run

    try:
        job = job_run(job_id=job_id)
    except OperationalError as exc:  # database blip: put the job back and retry a bounded number of times
        Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(status=Job.Status.QUEUED)
        raise self.retry(exc=exc, countdown=10) from exc
    return job.status if job else "missing"


@shared_task(name="core.sweep_stuck_jobs", acks_late=True, soft_time_limit=100, time_limit=120)
def jobs_sweep_task() -> dict[str, int]:
    from pmis.core.jobs import jobs_sweep

    return jobs_sweep()
