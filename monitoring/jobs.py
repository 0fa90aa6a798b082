"""Background jobs of the monitoring app: the lag scan, import check/apply, Excel exports."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pmis.core.jobs import JobError, JobOutput, Progress, job_handler
from pmis.core.models import Job
from pmis.core.texts import msg


@job_handler("monitoring.scan")
def scan_job(job: Job, progress: Progress) -> JobOutput:
    from monitoring.services.scan import run_scan

    stats = run_scan(progress=progress)
    return JobOutput(
        result=stats,
        message=msg("Scan finished: %(opened)d alerts opened, %(closed)d closed, %(escalated)d escalated.", **stats),
    )


@job_handler("monitoring.import_check", queue="documents")
def import_check_job(job: Job, progress: Progress) -> JobOutput:
    from monitoring.models import ImportBatch
    from monitoring.services.imports import import_check

    batch = ImportBatch.objects.filter(pk=job.params.get("batch_id"), uploaded_by=job.requested_by).first()
    if batch is None:
        raise JobError(msg("The import no longer exists."))
    batch = import_check(batch=batch, progress=progress)
    if batch.status == ImportBatch.Status.FAILED:
        raise JobError(batch.errors[0]["message"] if batch.errors else msg("The file cannot be read."))
    return JobOutput(
        result={"batch_id": batch.pk, "valid": batch.valid_rows, "errors": len(batch.errors)},
        message=msg("%(valid)d rows ready, %(errors)d rejected.", valid=batch.valid_rows, errors=len(batch.errors)),
    )


@job_handler("monitoring.import_apply", queue="documents")
def import_apply_job(job: Job, progress: Progress) -> JobOutput:
    from monitoring.models import ImportBatch
    from monitoring.services.imports import import_apply

    batch = ImportBatch.objects.filter(
        pk=job.params.get("batch_id"), uploaded_by=job.requested_by, status=ImportBatch.Status.CHECKED
    ).first()
    if batch is None:
        raise JobError(msg("The import is not waiting for confirmation."))
    batch = import_apply(batch=batch, progress=progress)
    return JobOutput(result={"batch_id": batch.pk, "written": batch.applied_rows},
                     message=msg("%(n)d values written.", n=batch.applied_rows))


@job_handler("monitoring.city_pdf", queue="documents")
def city_pdf_job(job: Job, progress: Progress) -> JobOutput:
    """The city KPI dashboard as a PDF, charts drawn as server-side SVG (pmis.core.svg)."""
    from django.utils import timezone

    from monitoring import selectors
    from pmis.core.pdf import render_pdf
    from pmis.core.svg import Series, bar_chart, line_chart

    data = selectors.city_dashboard(job.requested_by)
    progress(40, msg("Drawing charts"))
    dist = data["distribution"]
    distribution_svg = bar_chart(
        dist["labels"],
        [Series(_("Green"), dist["green"], "#198754"), Series(_("Amber"), dist["amber"], "#fd7e14"),
         Series(_("Red"), dist["red"], "#dc3545")],
        title=_("Indicators by RAG in each direction"), stacked=True,
    )
    trends = [
        {"title": c["title"], "svg": line_chart(
            c["labels"], [Series(_("Plan"), c["plan"], "#0d6efd", dashed=True), Series(_("Actual (verified)"), c["actual"], "#198754")],
        )}
        for c in data["charts"]
    ]
    today = timezone.localdate()
    content = render_pdf(
        "monitoring/pdf/city.html",
        {**data, "distribution_svg": distribution_svg, "trends": trends, "title": _("City KPI dashboard"), "today": today},
        document_number=f"KPI-{today:%Y%m%d}", language=job.language,
    )
    return JobOutput(filename=f"city-kpi-{today:%Y-%m-%d}.pdf", content=content)
