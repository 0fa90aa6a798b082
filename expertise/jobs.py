"""Background jobs of the expertise app: the opinion PDF and the archive import (check, then write)."""

from __future__ import annotations

from expertise.models import HistoryImport, Opinion
from pmis.core.jobs import JobError, JobOutput, Progress, job_handler
from pmis.core.models import Job
from pmis.core.texts import msg


@job_handler("expertise.opinion_pdf", queue="documents")
def opinion_pdf(job: Job, progress: Progress) -> JobOutput:
    """Render an issued opinion to PDF and keep the file and its SHA-256 on the opinion. Idempotent."""
    from expertise.exports import render_opinion_pdf
    from expertise.services.opinions import opinion_pdf_store

    opinion = (
        Opinion.objects.select_related("case", "appraisal", "regulatory_basis", "issued_by", "supersedes")
        .filter(pk=job.params.get("opinion_id"), status=Opinion.Status.ISSUED)
        .first()
    )
    if opinion is None:
        raise JobError(msg("The opinion is not issued or no longer exists."))
    progress(10, msg("Rendering the opinion"))
    content = render_opinion_pdf(opinion)
    opinion_pdf_store(opinion=opinion, content=content)
    return JobOutput(
        filename=f"opinion-{opinion.number.replace('/', '-')}.pdf",
        content=content,
        result={"sha256": opinion.pdf_sha256},
        message=msg("Opinion %(number)s rendered.", number=opinion.number),
    )


@job_handler("expertise.history_import", queue="documents")
def history_import(job: Job, progress: Progress) -> JobOutput:
    """Check an archive workbook (mode "check") or write it all-or-nothing (mode "commit")."""
    from expertise.services.history import history_check, history_commit

    record = HistoryImport.objects.filter(pk=job.params.get("import_id")).first()
    if record is None:
        raise JobError(msg("The import no longer exists."))
    if job.params.get("mode") == "commit":
        count = history_commit(record=record, actor=job.requested_by, progress=progress)
        return JobOutput(result={"imported": count}, message=msg("%(n)s opinions imported.", n=count))
    rows, errors = history_check(record=record, progress=progress)
    return JobOutput(result={"rows": rows, "errors": len(errors)})


# The tariff verification report ("expertise.tariff_report") registers itself where it is requested.
import expertise.tariffs.services  # noqa: E402,F401
