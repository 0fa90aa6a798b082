"""Survey views: results. This module's `urlpatterns` is included by surveys/urls.py.

The results of a survey (or of one campaign of it): headline CSAT and NPS with their intervals, every
question's distribution, the trend by period, the breakdowns with small cells suppressed, the weighted share of
citizen surveys, and the PDF report (a job, in the requester's language)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from pmis.core.htmx import AuthedHtmxRequest
from pmis.core.jobs import job_create
from surveys import permissions
from surveys import selectors_results as sel
from surveys.forms_results import ResultsFilterForm
from surveys.models import Campaign, PopulationReference, Survey
from surveys.results import Results, survey_results


def _dimensions(survey: Survey) -> list[str]:
    if survey.audience != Survey.Audience.CITIZEN:
        return []
    return [d for d in survey.weighting or [] if d in sel.DIMENSION_FIELDS]


def _form(request: HttpRequest, survey: Survey, *, with_campaigns: bool) -> ResultsFilterForm:
    dims = _dimensions(survey)
    refs: list[PopulationReference] = sel.references(dims) if dims else []
    return ResultsFilterForm(
        request.GET or None,
        versions=sel.versions(survey),
        campaigns=sel.campaigns_of(survey) if with_campaigns else None,
        references=refs,
        dimensions=dims,
    )


def _page(
    request: HttpRequest,
    survey: Survey,
    results: Results,
    form: ResultsFilterForm,
    *,
    campaign: Campaign | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "survey": survey,
        "campaign": campaign,
        "results": results,
        "form": form,
        "charts": results.charts,
        "small_cell": 5,
        "query": request.GET.urlencode(),
        "can_texts": permissions.can_read_texts(request.user, survey),
        "section": "results",
    }
    return render(request, "surveys/results/results.html", context)


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk)
    form = _form(request, survey, with_campaigns=True)
    filters = form.filters()
    return _page(request, survey, survey_results(survey, filters), form)


@login_required
@require_GET
def campaign_results(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = permissions.access_campaign(request.user, pk)
    survey = campaign.survey
    form = _form(request, survey, with_campaigns=False)
    filters = form.filters(campaign_id=campaign.pk)
    return _page(request, survey, survey_results(survey, filters, campaign=campaign), form, campaign=campaign)


@login_required
@require_POST
def results_pdf(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Order the results report as a PDF (a job with progress, in the requester's language)."""
    survey = permissions.access_survey(request.user, pk)
    form = ResultsFilterForm(
        request.POST,
        versions=sel.versions(survey),
        campaigns=sel.campaigns_of(survey),
        references=sel.references(_dimensions(survey)),
        dimensions=_dimensions(survey),
    )
    filters = form.filters()  # a tampered value falls back to the unfiltered report
    job = job_create(
        kind="surveys.results_pdf",
        requested_by=request.user,
        params={"survey_id": survey.pk, "filters": filters.as_params()},
        target=survey,
    )
    return redirect(job)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/results/", results, name="results"),
    path("<int:pk>/results/pdf/", results_pdf, name="results-pdf"),
    path("campaigns/<int:pk>/results/", campaign_results, name="campaign-results"),
]
