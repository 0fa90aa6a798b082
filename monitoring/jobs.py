"""Background jobs of the monitoring app: the lag scan, import check/apply, Excel exports."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pmis.core.jobs import JobError, JobOutput, Progress, job_handler
from pmis.core.models import Job


@job_handler("monitoring.scan")
def scan_job(job: Job, progress: Progress) -> JobOutput:
    from monitoring.services.scan import run_scan

    stats = run_scan(progress=progress)
    return JobOutput(
        result=stats,
        message=_("Scan finished: %(opened)d alerts opened, %(closed)d closed, %(escalated)d escalated.") % stats,
    )


@job_handler("monitoring.import_check", queue="documents")
def import_check_job(job: Job, progress: Progress) -> JobOutput:
    from monitoring.models import ImportBatch
    from monitoring.services.imports import import_check

    batch = ImportBatch.objects.filter(pk=job.params.get("batch_id"), uploaded_by=job.requested_by).first()
    if batch is None:
        raise JobError(_("The import no longer exists."))
    batch = import_check(batch=batch, progress=progress)
    if batch.status == ImportBatch.Status.FAILED:
        raise JobError(batch.errors[0]["message"] if batch.errors else _("The file cannot be read."))
    return JobOutput(
        result={"batch_id": batch.pk, "valid": batch.valid_rows, "errors": len(batch.errors)},
        message=_("%(valid)d rows ready, %(errors)d rejected.") % {"valid": batch.valid_rows, "errors": len(batch.errors)},
    )


@job_handler("monitoring.import_apply", queue="documents")
def import_apply_job(job: Job, progress: Progress) -> JobOutput:
    from monitoring.models import ImportBatch
    from monitoring.services.imports import import_apply

    batch = ImportBatch.objects.filter(
        pk=job.params.get("batch_id"), uploaded_by=job.requested_by, status=ImportBatch.Status.CHECKED
    ).first()
    if batch is None:
        raise JobError(_("The import is not waiting for confirmation."))
    batch = import_apply(batch=batch, progress=progress)
    return JobOutput(result={"batch_id": batch.pk, "written": batch.applied_rows},
                     message=_("%(n)d values written.") % {"n": batch.applied_rows})
