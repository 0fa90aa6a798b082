"""City KPI dashboard, direction and project views (drill-down city → direction → project → indicator)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from monitoring import selectors
from monitoring.permissions import can_run_scan, is_sac
from pmis.accounts.models import Organization
from pmis.core.excel import xlsx_response
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect
from pmis.core.jobs import job_create
from pmis.core.lists import wants_xlsx
from pmis.reference.models import Direction
from projects.permissions import access_project


def _pct(value: Decimal | float | None) -> str:
    return "" if value is None else f"{float(value) * 100:.1f}"


@login_required
@require_GET
def city(request: AuthedHtmxRequest) -> HttpResponse:
    data = selectors.city_dashboard(request.user)
    if wants_xlsx(request):
        return xlsx_response(
            "city-kpi.xlsx",
            [_("Direction"), _("Indicators"), _("Green"), _("Amber"), _("Red"), _("Mean achievement, %")],
            [
                (
                    f"{r['direction'].number}. {r['direction'].name}",
                    r["n"],
                    r["green"],
                    r["amber"],
                    r["red"],
                    _pct(r["achievement"]),
                )
                for r in data["rows"]
            ],
            title=_("City KPI"),
        )
    return render(
        request,
        "monitoring/city.html",
        {**data, "can_scan": can_run_scan(request.user), "chart_labels": selectors.chart_labels()},
    )


@login_required
@require_POST
def city_pdf(request: AuthedHtmxRequest) -> HttpResponse:
    """The city dashboard as a PDF with server-side SVG charts, built by a job (the page shows its progress)."""
    with transaction.atomic():
        job = job_create(kind="monitoring.city_pdf", requested_by=request.user)
    return hx_redirect(request, job)


@login_required
@require_GET
def direction(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Direction, pk=pk)
    data = selectors.direction_dashboard(request.user, obj, page=request.GET.get("page") or 1)
    if wants_xlsx(request):
        return xlsx_response(
            f"direction-{obj.number}.xlsx",
            [_("Project"), _("Green"), _("Amber"), _("Red")],
            [
                (f"{p.code} {p.title}", p.counts["green"], p.counts["amber"], p.counts["red"])
                for p in data["page"]
            ],
        )
    return render(request, "monitoring/direction.html", {"direction": obj, **data})


@login_required
@require_GET
def project(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    obj = access_project(request.user, pk)
    data = selectors.project_monitoring(request.user, obj)
    if wants_xlsx(request):
        return xlsx_response(
            f"{obj.code}-indicators.xlsx",
            [
                _("Code"),
                _("Indicator"),
                _("Unit"),
                _("Period"),
                _("Plan"),
                _("Actual"),
                _("Achievement, %"),
                _("RAG"),
            ],
            [
                (
                    i.code,
                    i.name,
                    i.unit,
                    i.official and i.label(i.official.year, i.official.period),
                    i.official and i.official.plan,
                    i.official and i.official.actual,
                    _pct(i.official.achievement) if i.official else "",
                    i.official.get_rag_display() if i.official else "",
                )
                for i in data["indicators"]
            ],
        )
    return render(
        request, "monitoring/project.html", {"project": obj, **data, "chart_labels": selectors.chart_labels()}
    )


@login_required
@require_GET
def situation(request: AuthedHtmxRequest) -> HttpResponse:
    data = selectors.situation(request.user)
    if wants_xlsx(request):
        return xlsx_response(
            "situation.xlsx",
            [
                _("Severity"),
                _("Subject"),
                _("Direction"),
                _("Lagging since"),
                _("Responsible"),
                _("Recommendations"),
            ],
            [
                (
                    a.get_severity_display(),
                    a.title,
                    a.direction.name if a.direction else "",
                    a.lagging_since,
                    str(a.responsible or ""),
                    "; ".join(r.get_kind_display() for r in a.recommendations.all()),
                )
                for a in data["oldest"]
            ],
        )
    # who answers for a lag with no named person: the project's department (one query for the page)
    departments = Organization.objects.in_bulk(
        {a.project.department_id for a in data["oldest"] if a.project_id}
    )
    for alert in data["oldest"]:
        alert.department = departments.get(alert.project.department_id) if alert.project_id else None
    return render(
        request,
        "monitoring/situation.html",
        {**data, "can_scan": can_run_scan(request.user), "is_sac": is_sac(request.user)},
    )
