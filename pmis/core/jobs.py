"""Background jobs: one Job row per slow operation, dispatched on commit, run by one Celery task.

Apps register a handler per job kind in their `jobs.py` (autodiscovered):

    @job_handler("projects.export", queue="documents")
    def export_register(job: Job, progress: Progress) -> JobOutput: ...

A handler gets the job (with params, requester and language) and a `progress(pct, message)` callback,
and returns a JobOutput (a file and/or a JSON result). Raise JobError for a failure the user should read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone, translation

from pmis.core.models import Job, current_language
from pmis.core.texts import Text, msg

if TYPE_CHECKING:
    from pmis.accounts.models import User

logger = logging.getLogger("pmis.jobs")

Progress = Callable[[int, Text | str], None]


class JobError(Exception):
    """A failure whose message is meant for the user (bad input, nothing to export...).

    Raise it with a pmis.core.texts.msg(...) so each reader of the job page gets it in their language."""


@dataclass
class JobOutput:
    filename: str = ""
    content: bytes | None = None
    result: dict[str, Any] = field(default_factory=dict)
    message: Text | str = ""  # give a pmis.core.texts.msg(...): the key is stored, rendered per reader


@dataclass(frozen=True)
class _Handler:
    func: Callable[[Job, Progress], JobOutput | None]
    queue: str


_HANDLERS: dict[str, _Handler] = {}


def job_handler(kind: str, *, queue: str = "default") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the function that performs jobs of `kind` (one handler per kind)."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        _HANDLERS[kind] = _Handler(func=func, queue=queue)
        return func

    return register


def registered_kinds() -> list[str]:
    return sorted(_HANDLERS)


def job_create(
    *,
    kind: str,
    requested_by: User,
    params: dict[str, Any] | None = None,
    target: models.Model | None = None,
    language: str | None = None,
) -> Job:
    """Create a queued Job and dispatch it when the surrounding transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"No handler registered for job kind {kind!r}")
    job = Job(
        kind=kind,
        requested_by=requested_by,
        params=params or {},
        language=language or current_language(),
    )
    if target is not None:
        job.target_type = ContentType.objects.get_for_model(target)
        job.target_id = str(target.pk)
    job.save()
    job_id = job.pk
    transaction.on_commit(lambda: job_dispatch(job_id=job_id))
    return job


def job_dispatch(*, job_id: int) -> bool:
    """Send the job to its queue. A broker outage is logged, never raised: the sweep retries later."""
    from pmis.core.tasks import job_run_task

    job = Job.objects.filter(pk=job_id).only("kind", "status").first()
    if job is None or job.status != Job.Status.QUEUED:
        return False
    handler = _HANDLERS.get(job.kind)
    queue = handler.queue if handler else "default"
    Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    try:
        job_run_task.apply_async(args=(job_id,), queue=queue, retry=False)
    except Exception:  # broker unreachable: the job stays queued, not dispatched, so the next sweep takes it
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(dispatched_at=None)
        logger.warning("job %s: dispatch failed, left queued for the sweep", job_id, exc_info=True)
        return False
    return True


def _stored(text: Text | str) -> tuple[dict[str, Any], str]:
    """The message key to store, and the plain rendering kept as the fallback (in the job's language)."""
    if isinstance(text, Text):
        return text.as_json(), text.render()
    return {}, str(text or "")


def _set_progress(job_id: int) -> Progress:
    def progress(pct: int, message: Text | str = "") -> None:
        stored, plain = _stored(message)
        Job.objects.filter(pk=job_id).update(
            progress=max(0, min(99, int(pct))),
            message=plain[:255],
            message_msg=stored,
            updated_at=timezone.now(),
        )

    return progress


def job_run(*, job_id: int) -> Job | None:
    """Run a queued job once. Idempotent: a job already running or finished is left alone."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return job
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = timezone.now()
        job.progress = 0
        job.save(update_fields=["status", "attempts", "started_at", "progress", "updated_at"])
    handler = _HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise JobError(msg("This kind of job is not known."))
        with translation.override(job.language):
            output = handler.func(job, _set_progress(job.pk)) or JobOutput()
    except JobError as exc:
        reason = exc.args[0] if exc.args else ""
        with translation.override(job.language):
            return _finish(
                job, status=Job.Status.FAILED, error=reason if isinstance(reason, Text) else str(exc)
            )
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        error = msg(
            "%(reason)s (%(exception)s)",
            reason=msg("The job failed unexpectedly. The administrators have been informed."),
            exception=type(exc).__name__,
        )
        with translation.override(job.language):
            return _finish(job, status=Job.Status.FAILED, error=error)
    job.refresh_from_db(fields=["progress", "message", "message_msg"])
    if output.content is not None:
        job.result_file.save(output.filename or f"job-{job.pk}", ContentFile(output.content), save=False)
        job.result_name = output.filename
    job.result = output.result
    if output.message:
        with translation.override(job.language):
            job.message_msg, plain = _stored(output.message)
        job.message = plain[:255]
    return _finish(job, status=Job.Status.SUCCEEDED)


def _finish(job: Job, *, status: str, error: Text | str = "") -> Job:
    job.status = status
    job.error_msg, job.error = _stored(error)
    job.finished_at = timezone.now()
    if status == Job.Status.SUCCEEDED:
        job.progress = 100
    job.save(
        update_fields=[
            "status",
            "error",
            "error_msg",
            "finished_at",
            "progress",
            "message",
            "message_msg",
            "result",
            "result_file",
            "result_name",
            "updated_at",
        ]
    )
    return job


def jobs_sweep() -> dict[str, int]:
    """Re-dispatch jobs stuck in `queued`; fail jobs that have been `running` past the hard time limit."""
    now = timezone.now()
    stuck_after = timedelta(seconds=settings.PMIS_JOB_STUCK_AFTER_SECONDS)
    stuck = list(
        Job.objects.filter(status=Job.Status.QUEUED)
        .filter(models.Q(dispatched_at__isnull=True) | models.Q(dispatched_at__lt=now - stuck_after))
        .values_list("pk", flat=True)[:500]
    )
    redispatched = sum(1 for pk in stuck if job_dispatch(job_id=pk))
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)
    timed_out = Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=now - limit).update(
        status=Job.Status.FAILED, error="Timed out.", error_msg=msg("Timed out.").as_json(), finished_at=now
    )
    return {"stuck": len(stuck), "redispatched": redispatched, "timed_out": timed_out}


@job_handler("core.selfcheck")
def selfcheck(job: Job, progress: Progress) -> JobOutput:
    """Proves the whole path works (request → queue → worker → database → file): used by the worker test."""
    import os

    from django.db import connection

    progress(50, "")
    vendor = connection.vendor
    return JobOutput(
        filename="selfcheck.txt",
        content=f"PMIS self-check: ok, database {vendor}\n".encode(),
        result={"ok": True, "db": vendor, "pid": os.getpid()},
    )
