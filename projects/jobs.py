"""Background jobs of the projects app (autodiscovered by pmis.core)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from pmis.core.jobs import JobError, JobOutput, Progress, job_handler
from pmis.core.models import Job
from pmis.core.pdf import document_language, render_pdf
from pmis.core.texts import msg


@job_handler("projects.card_pdf", queue="documents")
def card_pdf(job: Job, progress: Progress) -> JobOutput:
    """The printable project card in the document language chosen when it was ordered (default: the requester's);
    access is checked again for the requester. Progress and result messages stay in the reader's language."""
    from projects.permissions import projects_visible_to
    from projects.selectors.card import project_card_queryset, project_overview

    project = (
        (project_card_queryset() & projects_visible_to(job.requested_by))
        .filter(pk=job.params.get("project_id"))
        .first()
    )
    if project is None:
        raise JobError(msg("The project does not exist or is no longer available to you."))
    progress(20, msg("Collecting the project data"))
    generated_at = timezone.now()
    content = render_pdf(
        "projects/pdf/card.html",
        lambda: {
            "project": project,
            "overview": project_overview(project),
            "generated_at": generated_at,
            "title": project.title,
        },
        document_number=project.code,
        language=document_language(job.params.get("language"), job.language),
    )
    return JobOutput(
        filename=f"{project.code}.pdf", content=content, message=msg("The project card is ready.")
    )


@job_handler("projects.register_item_export", queue="documents")
def register_item_export(job: Job, progress: Progress) -> JobOutput:
    """A large export of one project's risks or issues: the filters and the requester's access applied again."""
    from django.http import QueryDict

    from projects.exports import issue_export_workbook, risk_export_workbook
    from projects.permissions import projects_visible_to
    from projects.selectors import delivery

    project = projects_visible_to(job.requested_by).filter(pk=job.params.get("project_id")).first()
    what = job.params.get("what")
    if project is None or what not in ("risks", "issues"):
        raise JobError(msg("The project does not exist or is no longer available to you."))
    params = QueryDict(str(job.params.get("query", "")))
    qs: QuerySet[Any]
    build: Callable[..., bytes]
    if what == "risks":
        qs, _filters, _sort = delivery.risk_queryset(project, params)
        build = risk_export_workbook
    else:
        qs, _filters, _sort = delivery.issue_queryset(project, params)
        build = issue_export_workbook
    total = qs.count()
    if total == 0:
        raise JobError(msg("Nothing matches the filter: there is nothing to export."))
    progress(5, msg("Exporting %(n)s rows", n=total))

    def tick(index: int) -> None:
        if index and index % 2000 == 0:
            progress(5 + int(90 * index / total), msg("Exported %(n)s of %(total)s", n=index, total=total))

    content = build(qs.iterator(chunk_size=2000), progress=tick)
    return JobOutput(
        filename=f"{project.code}-{what}.xlsx",
        content=content,
        result={"rows": total},
        message=msg("%(n)s rows exported.", n=total),
    )


# The register (projects-register): Excel export of a filtered list, and the two steps of the Excel import.


@job_handler("projects.register_export", queue="documents")
def register_export(job: Job, progress: Progress) -> JobOutput:
    """Export exactly what the register shows the requester for the saved query string (visibility again)."""
    from django.http import QueryDict

    from projects.exports import export_rows, export_workbook
    from projects.selectors.register import register_export_rows

    params = QueryDict(str(job.params.get("query", "")))
    total, values = register_export_rows(job.requested_by, params)
    if total == 0:
        raise JobError(msg("No projects match the filter: there is nothing to export."))
    progress(5, msg("Exporting %(n)s projects", n=total))

    def tracked() -> Any:
        for index, row in enumerate(values.iterator(chunk_size=2000)):
            if index and index % 2000 == 0:
                progress(
                    5 + int(90 * index / total),
                    msg("Exported %(n)s of %(total)s", n=index, total=total),
                )
            yield row

    content = export_workbook(export_rows(tracked(), job.language))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return JobOutput(
        filename=f"projects-{stamp}.xlsx",
        content=content,
        result={"rows": total},
        message=msg("%(n)s projects exported.", n=total),
    )


@job_handler("projects.register_import", queue="documents")
def register_import(job: Job, progress: Progress) -> JobOutput:
    """Check every row of an uploaded import file; write nothing; keep valid and rejected rows for the preview."""
    from django.core.files.storage import default_storage

    from pmis.core.excel import ExcelError
    from projects.services.register import register_import_validate

    path = str(job.params.get("path", ""))
    if not path.startswith("imports/projects/") or not default_storage.exists(path):
        raise JobError(msg("The uploaded file is no longer available. Upload it again."))
    with default_storage.open(path, "rb") as handle:
        content = handle.read()
    progress(5, msg("Reading the workbook"))
    try:
        result = register_import_validate(user=job.requested_by, content=content, progress=progress)
    except ExcelError as exc:
        raise JobError(str(exc)) from exc
    result["file_name"] = job.params.get("name", "")
    return JobOutput(
        result=result,
        message=msg(
            "%(valid)s rows can be imported, %(rejected)s rejected.",
            valid=len(result["valid"]),
            rejected=len(result["rejected"]),
        ),
    )


@job_handler("projects.register_import_commit", queue="documents")
def register_import_commit(job: Job, progress: Progress) -> JobOutput:
    """Create the valid rows of a checked import the requester confirmed, all in one transaction."""
    from django.core.exceptions import ValidationError

    from projects.services.register import register_import_commit as commit

    source = Job.objects.filter(
        pk=job.params.get("source_job"),
        requested_by=job.requested_by,
        kind="projects.register_import",
        status=Job.Status.SUCCEEDED,
    ).first()
    if source is None:
        raise JobError(msg("The checked import file was not found."))
    progress(5, msg("Creating the projects"))
    try:
        created = commit(user=job.requested_by, valid_rows=source.result.get("valid", []), progress=progress)
    except ValidationError as exc:
        raise JobError(" ".join(exc.messages)) from exc
    return JobOutput(
        result={"created": [p.pk for p in created], "codes": [p.code for p in created]},
        message=msg("%(n)s projects imported.", n=len(created)),
    )
