"""Background jobs of the surveys: the results report as a PDF (server-side SVG charts), rendered in the
requester's language as the document language, with the figures the requester may read."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pmis.core.jobs import JobError, JobOutput, Progress, job_handler
from pmis.core.models import Job
from pmis.core.texts import msg


def results_charts(results: Any, language: str | None = None) -> dict[str, Any]:
    """The page's charts as SVG: the headline trend with its interval, every question's distribution."""
    from pmis.core.svg import Series, bar_chart, line_chart

    charts: dict[str, Any] = {}
    data = results.charts
    trend = data["trend"]
    if trend["labels"]:
        charts["trend"] = mark_safe(  # noqa: S308 - pmis.core.svg escapes every label it draws
            line_chart(
                trend["labels"],
                [
                    Series(_("Satisfied (4–5), %"), trend["share"], color="#1f5fa8"),
                    Series(_("95 % interval, low"), trend["low"], color="#6c757d", dashed=True),
                    Series(_("95 % interval, high"), trend["high"], color="#6c757d", dashed=True),
                ],
                title=_("Headline CSAT by period"),
                language=language,
            )
        )
    questions: dict[str, Any] = {}
    for q in results.questions:
        if q.distribution and q.n:
            questions[q.key] = mark_safe(  # noqa: S308
                bar_chart(
                    [d[0] for d in q.distribution],
                    [Series(_("Answers"), [d[1] for d in q.distribution], color="#1f5fa8")],
                    title=q.text,
                    language=language,
                    height=200,
                )
            )
    charts["questions"] = questions
    return charts


def render_results_pdf(user: Any, survey_id: int, params: dict[str, Any], language: str) -> bytes:
    from pmis.core.pdf import document_language, render_pdf
    from surveys import permissions
    from surveys.models import Campaign
    from surveys.results import survey_results
    from surveys.selectors_results import Filters

    language = document_language(language, "ru")
    survey = permissions.surveys_visible_to(user).filter(pk=survey_id).first()
    if survey is None:
        raise JobError(msg("The survey no longer exists or you may no longer read its results."))
    filters = Filters.from_params(params)
    campaign = (
        Campaign.objects.filter(pk=filters.campaign_id, survey=survey).first()
        if filters.campaign_id
        else None
    )

    def context() -> dict[str, Any]:
        results = survey_results(survey, filters, campaign=campaign)
        return {
            "survey": survey,
            "campaign": campaign,
            "results": results,
            "charts": results_charts(results, language),
            "generated": timezone.localtime(),
        }

    return render_pdf(
        "surveys/results/pdf.html", context, document_number=f"SURVEY-{survey.pk}", language=language
    )


@job_handler("surveys.results_pdf", queue="documents")
def results_pdf(job: Job, progress: Progress) -> JobOutput:
    """The results report of a survey (filters as on the page), as the requester sees it."""
    if job.requested_by is None:
        raise JobError(msg("The requester no longer exists."))
    progress(10, msg("Computing the results"))
    content = render_results_pdf(
        job.requested_by,
        int(job.params.get("survey_id") or 0),
        dict(job.params.get("filters") or {}),
        job.language or "ru",
    )
    progress(90, msg("Rendering the report"))
    return JobOutput(
        filename=f"survey-{job.params.get('survey_id')}-results.pdf",
        content=content,
        message=msg("Survey results report rendered."),
    )


import surveys.jobs_exports  # noqa: E402,F401
