"""Background jobs of the portfolio app: the agenda pack and the one-page direction PDF."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pmis.core.jobs import JobError, JobOutput, Progress, job_handler
from pmis.core.models import Job
from pmis.core.texts import msg


@job_handler("portfolio.agenda_pack", queue="documents")
def agenda_pack_job(job: Job, progress: Progress) -> JobOutput:
    """Compile, store and publish the next version of a meeting's agenda pack (ru / kk / en)."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from portfolio.pack import agenda_pack_build
    from portfolio.permissions import MANAGE, access_meeting, pack_is_redacted_for

    try:
        meeting = access_meeting(job.requested_by, job.params.get("meeting_id"), perm=MANAGE)
    except (Http404, PermissionDenied) as exc:
        raise JobError(msg("The meeting no longer exists or you may not publish its pack.")) from exc
    if not meeting.items.exists():
        raise JobError(msg("The agenda is empty."))
    packs = agenda_pack_build(meeting=meeting, actor=job.requested_by, progress=progress)
    pack = next((p for p in packs if p.language == job.language), packs[0])  # the requester's copy
    file = pack.redacted_file if pack_is_redacted_for(job.requested_by, pack) else pack.file
    file.open("rb")
    try:
        content = file.read()
    finally:
        file.close()
    return JobOutput(
        filename=pack.download_name
        if file == pack.file
        else pack.download_name.replace(".pdf", "-public.pdf"),
        content=content,
        result={"pack_id": pack.pk, "version": pack.version, "url": pack.get_absolute_url()},
        message=msg("Version %(v)s published.", v=pack.version),
    )


@job_handler("portfolio.direction_pdf", queue="documents")
def direction_pdf_job(job: Job, progress: Progress) -> JobOutput:
    """The direction workspace as a one-page PDF, charts as server-side SVG."""
    from pmis.reference.models import Direction

    direction = (
        Direction.objects.filter(pk=job.params.get("direction_id")).select_related("host", "head").first()
    )
    if direction is None:
        raise JobError(msg("The direction no longer exists."))
    with translation.override(job.language):  # the document's language, whatever the worker's
        return _direction_pdf(job, direction, progress)


def _direction_pdf(job: Job, direction: Any, progress: Progress) -> JobOutput:
    from pmis.core.pdf import render_pdf
    from pmis.core.svg import Series, bar_chart
    from portfolio.selectors import direction_dashboard

    data = direction_dashboard(job.requested_by, direction)
    progress(40, msg("Drawing charts"))
    chart = data["chart"]
    stage_svg = bar_chart(
        chart["rag"]["labels"],
        [Series(_("Projects"), chart["rag"]["values"], "#6c757d")],
        title=_("Projects by RAG"),
        width=330,
        height=200,
    )
    budget_svg = bar_chart(
        chart["budget"]["labels"],
        [
            Series(_("Plan"), chart["budget"]["plan"], "#0d6efd"),
            Series(_("Allocated"), chart["budget"]["allocated"], "#fd7e14"),
            Series(_("Disbursed"), chart["budget"]["disbursed"], "#198754"),
        ],
        title=_("Budget by year, ₸"),
        width=330,
        height=200,
    )
    today = timezone.localdate()
    content = render_pdf(
        "portfolio/pdf/direction.html",
        {**data, "stage_svg": stage_svg, "budget_svg": budget_svg, "today": today},
        document_number=f"DIR-{direction.number}-{today:%Y%m%d}",
        language=job.language,
    )
    return JobOutput(filename=f"direction-{direction.number}-{today:%Y-%m-%d}.pdf", content=content)
