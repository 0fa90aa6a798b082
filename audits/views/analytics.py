"""Audit analytics (auditors and the Project Office), the project card's Audits tab."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from audits import permissions
from audits import selectors_analytics as sel
from audits.exports_analytics import table_xlsx
from audits.forms_reports import AnalyticsFilterForm, AnalyticsPdfForm
from audits.models import Audit, CorrectiveAction
from audits.services.analytics import analytics_pdf_request
from pmis.core.excel import xlsx_download
from pmis.core.lists import query_without_page, wants_xlsx
from projects.selectors.card import project_for_card
from projects.views.card import render_tab


def _page(
    request: HttpRequest, form: AnalyticsFilterForm, pdf_form: AnalyticsPdfForm, status: int = 200
) -> HttpResponse:
    filters = form.filters()
    tables = sel.analytics_tables(request.user, **filters)
    charts = {t.key: t.chart for t in tables if t.chart}
    return render(
        request,
        "audits/analytics/analytics.html",
        {
            "section": "analytics",
            "form": form,
            "pdf_form": pdf_form,
            "tables": tables,
            "charts": charts,
            "query": query_without_page(request),
        },
        status=status,
    )


def _pdf_initial(request: HttpRequest, form: AnalyticsFilterForm, years: list[int]) -> dict[str, Any]:
    filters = form.filters()
    return {
        "year": filters["year"] or (years[0] if years else None),
        "direction": filters["direction"],
        "language": (getattr(request, "LANGUAGE_CODE", "") or "ru")[:2],
    }


@login_required
@require_GET
def analytics(request: HttpRequest) -> HttpResponse:
    """The figures; `?export=xlsx&table=<key>` downloads one table as shown (same filters)."""
    permissions.require_audit_function(request.user)
    years = sel.analytics_years(request.user)
    form = AnalyticsFilterForm(request.GET or None, years=years)
    if wants_xlsx(request):
        table = sel.analytics_table(request.user, request.GET.get("table", ""), **form.filters())
        if table is None:
            raise Http404
        return xlsx_download(table_xlsx(table), f"audit-analytics-{table.key}.xlsx")
    pdf_form = AnalyticsPdfForm(initial=_pdf_initial(request, form, years), prefix="pdf")
    return _page(request, form, pdf_form)


@login_required
@require_POST
def analytics_pdf(request: HttpRequest) -> HttpResponse:
    """Order the yearly summary PDF (a job with progress; the job page offers the file)."""
    permissions.require_audit_function(request.user)
    pdf_form = AnalyticsPdfForm(request.POST, prefix="pdf")
    if pdf_form.is_valid():
        job = analytics_pdf_request(actor=request.user, **pdf_form.cleaned_data)
        return redirect(job)
    years = sel.analytics_years(request.user)
    return _page(request, AnalyticsFilterForm(None, years=years), pdf_form)


@login_required
@require_GET
def project_audits(request: HttpRequest, pk: int) -> HttpResponse:
    """The card's Audits tab: the project's audits the reader may see, and their open corrective actions."""
    project = project_for_card(request.user, pk)
    audits = list(
        permissions.audits_visible_to(request.user)
        .filter(project=project)
        .select_related("lead")
        .order_by("-planned_start", "-id")
    )
    actions = list(
        permissions.actions_visible_to(request.user)
        .filter(finding__audit__project=project)
        .exclude(status=CorrectiveAction.Status.VERIFIED)
        .select_related("finding", "finding__audit", "owner")
        .order_by("due_date", "id")
    )
    return render_tab(
        request,
        project,
        "audits",
        "audits/analytics/project_audits.html",
        audits=audits,
        actions=actions,
        issued=Audit.Status.ISSUED,
    )


urlpatterns = [
    path("analytics/", analytics, name="analytics"),
    path("analytics/pdf/", analytics_pdf, name="analytics-pdf"),
    path("project/<int:pk>/", project_audits, name="project-audits"),
]
