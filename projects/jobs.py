"""Background jobs of the projects app (autodiscovered by pmis.core)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core.jobs import JobError, JobOutput, Progress, job_handler
from pmis.core.models import Job
from pmis.core.pdf import render_pdf


@job_handler("projects.card_pdf", queue="documents")
def card_pdf(job: Job, progress: Progress) -> JobOutput:
    """The printable project card in the requester's language; access is checked again for the requester."""
    from projects.permissions import projects_visible_to
    from projects.selectors.card import project_card_queryset, project_overview

    project = (
        (project_card_queryset() & projects_visible_to(job.requested_by))
        .filter(pk=job.params.get("project_id"))
        .first()
    )
    if project is None:
        raise JobError(_("The project does not exist or is no longer available to you."))
    progress(20, _("Collecting the project data"))
    overview = project_overview(project)
    progress(50, _("Rendering the PDF"))
    content = render_pdf(
        "projects/pdf/card.html",
        {"project": project, "overview": overview, "generated_at": timezone.now(), "title": project.title},
        document_number=project.code,
        language=job.language,
    )
    return JobOutput(filename=f"{project.code}.pdf", content=content, message=_("The project card is ready."))
