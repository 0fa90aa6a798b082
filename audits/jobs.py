"""Background jobs of the audits app: the report PDF (draft or final) and the yearly analytics summary PDF."""

from __future__ import annotations

from audits.models import AuditReport
from pmis.core.jobs import JobError, JobOutput, Progress, job_handler
from pmis.core.models import Job
from pmis.core.texts import msg


@job_handler("audits.report_pdf", queue="documents")
def report_pdf(job: Job, progress: Progress) -> JobOutput:
    """Render a report in its document language and keep the file, its SHA-256 and size. Idempotent: a final
    report's stored file is never replaced."""
    from audits.exports_reports import render_report_pdf
    from audits.services.reports import report_filename, report_pdf_store

    report = AuditReport.objects.select_related("audit").filter(pk=job.params.get("report_id")).first()
    if report is None:
        raise JobError(msg("The report no longer exists."))
    progress(10, msg("Rendering the report"))
    content = render_report_pdf(report, site_url=str(job.params.get("site_url") or ""))
    report = report_pdf_store(report=report, content=content)
    return JobOutput(
        filename=report_filename(report),
        result={"sha256": report.sha256},
        message=msg("Report of audit %(number)s rendered.", number=report.audit.number),
    )


@job_handler("audits.analytics_pdf", queue="documents")
def analytics_pdf(job: Job, progress: Progress) -> JobOutput:
    """The yearly summary of the analytics page, as its requester sees it, in the chosen document language."""
    from audits.exports_analytics import render_analytics_pdf

    if job.requested_by is None:
        raise JobError(msg("The requester no longer exists."))
    progress(10, msg("Computing the figures"))
    content = render_analytics_pdf(
        job.requested_by,
        year=job.params.get("year"),
        direction=job.params.get("direction"),
        language=str(job.params.get("language") or "ru"),
    )
    return JobOutput(
        filename=f"audit-analytics-{job.params.get('year') or 'all'}.pdf",
        content=content,
        message=msg("Audit analytics summary rendered."),
    )
