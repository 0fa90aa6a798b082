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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pmis.core.excel import xlsx_response
from pmis.core.htmx import AuthedHtmxRequest
from pmis.core.jobs import job_create
from pmis.core.lists import wants_xlsx
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


BREAKDOWN_TITLES = {
    "direction": "By basic direction",
    "department": "By department",
    "district": "By district",
}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _xlsx(survey: Survey, results: Results, campaign: Campaign | None) -> HttpResponse:
    """What the page shows, as one sheet: headline, NPS, weighted share, trend, breakdowns (cells under 5 say so,
    as on the page) and every question's distribution. Percentages in points; intervals at 95 %."""
    rows: list[tuple[Any, ...]] = []
    if results.headline:
        h = results.headline
        rows.append(
            (
                _("CSAT (share of 4 and 5)"),
                results.headline_key,
                h.n,
                _pct(h.share.value),
                _pct(h.share.interval.low),
                _pct(h.share.interval.high),
            )
        )
    if results.nps:
        n = results.nps
        rows.append(
            (
                _("NPS (promoters − detractors)"),
                "",
                n.n,
                round(n.score, 1),
                round(n.interval.low, 2),
                round(n.interval.high, 2),
            )
        )
    w = results.weighting
    if w is not None and w.applied and w.share is not None:
        rows.append(
            (
                _("Weighted CSAT"),
                _("Effective sample size (Kish)"),
                round(w.n_eff or 0, 2),
                _pct(w.share.value),
                _pct(w.share.interval.low),
                _pct(w.share.interval.high),
            )
        )
    if results.response_rate is not None:
        r = results.response_rate
        rows.append(
            (
                _("Response rate"),
                "",
                results.invitations,
                _pct(r.value),
                _pct(r.interval.low),
                _pct(r.interval.high),
            )
        )
    for point in results.trend:
        c = point.csat
        rows.append(
            (
                _("Trend by period"),
                point.label,
                c.n,
                _pct(c.share.value),
                _pct(c.share.interval.low),
                _pct(c.share.interval.high),
            )
        )
    for kind, items in results.breakdowns.items():
        for item in items:
            if item.csat is None:
                rows.append(
                    (
                        str(BREAKDOWN_TITLES.get(kind, kind)),
                        item.label,
                        _("fewer than 5 answers"),
                        None,
                        None,
                        None,
                    )
                )
            else:
                c = item.csat
                rows.append(
                    (
                        str(BREAKDOWN_TITLES.get(kind, kind)),
                        item.label,
                        c.n,
                        _pct(c.share.value),
                        _pct(c.share.interval.low),
                        _pct(c.share.interval.high),
                    )
                )
    for q in results.questions:
        for label, count, share in q.distribution:
            rows.append((f"{q.key}: {q.text}", label, count, _pct(share), None, None))
    name = (
        f"survey-{survey.pk}-campaign-{campaign.pk}-results.xlsx"
        if campaign
        else f"survey-{survey.pk}-results.xlsx"
    )
    headers = [
        _("Measure"),
        _("Item"),
        _("Answers"),
        _("Value, %"),
        _("95 % interval from"),
        _("95 % interval to"),
    ]
    return xlsx_response(name, headers, rows, title=_("Results"))


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
    data = survey_results(survey, filters)
    if wants_xlsx(request):
        return _xlsx(survey, data, None)
    return _page(request, survey, data, form)


@login_required
@require_GET
def campaign_results(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = permissions.access_campaign(request.user, pk)
    survey = campaign.survey
    form = _form(request, survey, with_campaigns=False)
    filters = form.filters(campaign_id=campaign.pk)
    data = survey_results(survey, filters, campaign=campaign)
    if wants_xlsx(request):
        return _xlsx(survey, data, campaign)
    return _page(request, survey, data, form, campaign=campaign)


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
