"""The status reports tab: monthly reports with the computed RAG beside the assessed confidence, and their review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import hx_redirect
from pmis.core.permissions import require
from projects import permissions
from projects import permissions_delivery as rules
from projects.forms.delivery import ReviewForm, StatusReportForm
from projects.models import Rag, StatusReport
from projects.selectors import card as card_selectors
from projects.selectors import delivery as selectors
from projects.services import reports as services
from projects.views.card import card_context, render_tab


def _labels(indicators: str, milestones: str, finance: str, overall: str) -> dict[str, StrOrPromise]:
    names = dict(Rag.choices)
    return {
        "indicators": names.get(indicators, ""),
        "milestones": names.get(milestones, ""),
        "finance": names.get(finance, ""),
        "overall": names.get(overall, ""),
    }


@login_required
@require_GET
def project_reports(request: Any, pk: int) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk)
    return render_tab(
        request, project, "reports", "projects/card/reports.html", reports=selectors.project_reports(project)
    )


def _report(project: Any, report_pk: int) -> StatusReport:
    return get_object_or_404(
        project.status_reports.select_related("submitted_by", "reviewed_by", "project__direction"),
        pk=report_pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: Any, pk: int, report_pk: int | None = None) -> HttpResponse:
    """Create a report for a month, or edit a draft / returned one; accepted and submitted reports are read-only."""
    project = card_selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    report = _report(project, report_pk) if report_pk else None
    if report is not None and report.status not in services.EDITABLE:
        messages.error(request, _("This report is submitted or accepted and can no longer be changed."))
        return redirect("projects:report-detail", project.pk, report.pk)
    instance = report or StatusReport(project=project)
    if report is None:
        today = timezone.localdate()
        instance.period_year, instance.period_month = today.year, today.month
    preview = services.compute_rag(project, as_of=services.report_as_of(instance))
    form = StatusReportForm(request.POST or None, instance=report, computed_rag=preview.overall)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        try:
            saved = services.status_report_save(report=form.instance, actor=request.user)
        except ValidationError as exc:
            if report is None:
                form.instance.pk = None
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Status report saved."))
            return hx_redirect(request, reverse("projects:report-detail", args=[project.pk, saved.pk]))
    return render(
        request,
        "projects/card/reports_form.html",
        card_context(
            request,
            project,
            "reports",
            form=form,
            report=report,
            preview=preview,
            preview_labels=_labels(preview.indicators, preview.milestones, preview.finance, preview.overall),
            form_title=_("Edit status report") if report else _("New status report"),
        ),
    )


@login_required
@require_GET
def report_detail(request: Any, pk: int, report_pk: int) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk)
    report = _report(project, report_pk)
    return render(
        request,
        "projects/card/reports_detail.html",
        card_context(
            request,
            project,
            "reports",
            report=report,
            review_form=ReviewForm(),
            can_review_report=rules.can_review_report(request.user, project),
            is_editable=report.status in services.EDITABLE,
            rationale_needed=services.confidence_differs(report.confidence, report.rag_overall),
            history=history_rows(report, limit=20),
            rag={
                "indicators": report.rag_indicators,
                "milestones": report.rag_milestones,
                "finance": report.rag_finance,
                "overall": report.rag_overall,
                "policy_version": report.rag_policy_version,
            },
            rag_labels=_labels(
                report.rag_indicators, report.rag_milestones, report.rag_finance, report.rag_overall
            ),
        ),
    )


@login_required
@require_POST
def report_submit(request: Any, pk: int, report_pk: int) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    report = _report(project, report_pk)
    try:
        services.status_report_submit(report=report, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if hasattr(exc, "error_dict"):
            return redirect("projects:report-edit", project.pk, report.pk)
    else:
        messages.success(request, _("Status report submitted to the direction's coordinators."))
    return redirect("projects:report-detail", project.pk, report.pk)


@login_required
@require_POST
def report_review(request: Any, pk: int, report_pk: int, action: str) -> HttpResponse:
    """Accept or return with remarks: only a coordinator of the project's direction (others 403)."""
    project = card_selectors.project_for_card(request.user, pk)
    require(rules.can_review_report(request.user, project))
    report = _report(project, report_pk)
    form = ReviewForm(request.POST)
    remarks = form.cleaned_data["remarks"] if form.is_valid() else ""
    try:
        if action == "accept":
            services.status_report_accept(report=report, actor=request.user, remarks=remarks)
            messages.success(request, _("Status report accepted."))
        elif action == "return":
            services.status_report_return(report=report, actor=request.user, remarks=remarks)
            messages.success(request, _("Status report returned with remarks."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("projects:report-detail", project.pk, report.pk)
