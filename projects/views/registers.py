"""Risks and issues (with the 5×5 matrix), change requests with their workflow, baselines and their variance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmis.core.excel import xlsx_download
from pmis.core.forms import add_service_errors
from pmis.core.htmx import hx_redirect, render_list
from pmis.core.jobs import job_create
from pmis.core.permissions import require
from projects import permissions
from projects import permissions_delivery as rules
from projects.exports import issue_export_workbook, risk_export_workbook
from projects.forms.delivery import ChangeRequestForm, DecisionForm, IssueForm, RiskForm
from projects.models import ChangeRequest, ProjectIssue, Risk
from projects.selectors import card as card_selectors
from projects.selectors import delivery as selectors
from projects.services import registers as services
from projects.views.card import card_context

# Up to this many rows the file comes straight back; beyond it the export runs as a job with progress
# (a project's registers are tens of rows; the job keeps a huge one off the request without cutting rows).
INLINE_EXPORT_ROWS = 2000
EXPORTS = {"risks": "risk_queryset", "issues": "issue_queryset"}


@login_required
@require_POST
def register_export(request: Any, pk: int) -> HttpResponse:
    """Excel of the risks or issues the filters show (all pages): at once when small, as a job when large."""
    project = card_selectors.project_for_card(request.user, pk)
    what = request.POST.get("what", "")
    back = reverse("projects:risks", args=[project.pk])
    if what not in EXPORTS:
        messages.error(request, _("Choose what to export: risks or issues."))
        return redirect(back)
    query = request.POST.get("query", "")[:2000]
    params = QueryDict(query)
    qs, _filters, _sort = getattr(selectors, EXPORTS[what])(project, params)
    total = qs.count()
    if total == 0:
        messages.info(request, _("Nothing matches the filter: there is nothing to export."))
        return redirect(f"{back}?{query}" if query else back)
    if total <= INLINE_EXPORT_ROWS:
        build = risk_export_workbook if what == "risks" else issue_export_workbook
        return xlsx_download(build(qs.iterator(chunk_size=INLINE_EXPORT_ROWS)), f"{project.code}-{what}.xlsx")
    with transaction.atomic():
        job = job_create(
            kind="projects.register_item_export",
            requested_by=request.user,
            target=project,
            params={"project_id": project.pk, "what": what, "query": query},
        )
    return redirect(job.get_absolute_url())


@login_required
@require_GET
def project_risks(request: Any, pk: int) -> HttpResponse:
    """Risk matrix, the risk register and the issue log (each list exports what its filters show)."""
    project = card_selectors.project_for_card(request.user, pk)
    data = selectors.project_risks(project, request.GET)
    context = card_context(
        request,
        project,
        "risks",
        **data,
        risk_statuses=Risk.Status.choices,
        issue_statuses=ProjectIssue.Status.choices,
        issue_severities=ProjectIssue.Severity.choices,
        levels=range(1, 6),
    )
    return render_list(request, "projects/card/risks.html", context, fragments=["risk-list", "issue-list"])


def _register_form(request: Any, project: Any, form: Any, title: str) -> HttpResponse:
    return render(
        request,
        "projects/card/risks_form.html",
        card_context(request, project, "risks", form=form, form_title=title, action=request.path),
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: Any, pk: int, risk_pk: int | None = None) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    risk = get_object_or_404(project.risks, pk=risk_pk) if risk_pk else None
    form = RiskForm(request.POST or None, instance=risk)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        try:
            services.risk_save(risk=form.instance, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Risk saved."))
            return hx_redirect(request, reverse("projects:risks", args=[project.pk]))
    return _register_form(request, project, form, _("Edit risk") if risk else _("New risk"))


@login_required
@require_http_methods(["GET", "POST"])
def issue_edit(request: Any, pk: int, issue_pk: int | None = None) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    issue = get_object_or_404(project.issues, pk=issue_pk) if issue_pk else None
    form = IssueForm(request.POST or None, instance=issue)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        try:
            services.issue_save(issue=form.instance, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Issue saved."))
            return hx_redirect(request, reverse("projects:risks", args=[project.pk]) + "#issues")
    return _register_form(request, project, form, _("Edit issue") if issue else _("New issue"))


# Change requests and baselines


@login_required
@require_GET
def project_changes(request: Any, pk: int) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk)
    data = selectors.project_changes(project, request.GET)
    context = card_context(request, project, "changes", **data)
    return render_list(request, "projects/card/changes.html", context, fragments=["baseline-diff"])


@login_required
@require_http_methods(["GET", "POST"])
def change_edit(request: Any, pk: int, change_pk: int | None = None) -> HttpResponse:
    """Draft a change request, or edit a draft / returned one (project editors)."""
    project = card_selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    change = get_object_or_404(project.change_requests, pk=change_pk) if change_pk else None
    if change is not None and change.status not in services.EDITABLE_CR:
        messages.error(request, _("Only a draft or returned change request can be edited."))
        return redirect("projects:change-detail", project.pk, change.pk)
    form = ChangeRequestForm(request.POST or None, instance=change)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        try:
            saved = services.change_request_save(change=form.instance, actor=request.user)
        except ValidationError as exc:
            if change is None:
                form.instance.pk = None
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Change request saved."))
            return hx_redirect(request, reverse("projects:change-detail", args=[project.pk, saved.pk]))
    return render(
        request,
        "projects/card/changes_form.html",
        card_context(
            request,
            project,
            "changes",
            form=form,
            change=change,
            form_title=_("Edit change request") if change else _("New change request"),
        ),
    )


def _change(project: Any, change_pk: int) -> ChangeRequest:
    return get_object_or_404(
        project.change_requests.select_related(
            "submitted_by", "decided_by", "resulting_baseline", "project__direction"
        ),
        pk=change_pk,
    )


@login_required
@require_GET
def change_detail(request: Any, pk: int, change_pk: int) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk)
    change = _change(project, change_pk)
    return render(
        request,
        "projects/card/changes_detail.html",
        card_context(
            request,
            project,
            "changes",
            change=change,
            decision_form=DecisionForm(),
            can_assess_change=rules.can_assess_change(request.user, project),
            can_decide_change=rules.can_decide_change(request.user, project),
        ),
    )


# action → (who may take it, service)
_ACTIONS = {
    "submit": "edit",
    "assess": "assess",
    "return": "assess",
    "reject": "decide",
    "approve": "decide",
}


@login_required
@require_POST
def change_action(request: Any, pk: int, change_pk: int, action: str) -> HttpResponse:
    """One workflow move: submit (editors), assess / return (Project Office or direction coordinator),
    approve / reject (Project Office); the wrong person gets 403, a move from the wrong status a message."""
    project = card_selectors.project_for_card(request.user, pk)
    change = _change(project, change_pk)
    who = _ACTIONS.get(action)
    if who == "edit":
        require(permissions.can_edit_project(request.user, project))
    elif who == "assess":
        # an assessed request is returned only by whoever may decide on it
        allowed = rules.can_assess_change(request.user, project)
        if action == "return" and change.status == ChangeRequest.Status.ASSESSED:
            allowed = rules.can_decide_change(request.user, project)
        require(allowed)
    elif who == "decide":
        require(rules.can_decide_change(request.user, project))
    else:
        return redirect("projects:change-detail", project.pk, change.pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "submit":
            services.change_request_submit(change=change, actor=request.user)
            messages.success(request, _("Change request submitted for assessment."))
        elif action == "assess":
            services.change_request_assess(change=change, actor=request.user, assessment=note)
            messages.success(request, _("Assessment recorded."))
        elif action == "return":
            services.change_request_return(change=change, actor=request.user, note=note)
            messages.success(request, _("Change request returned for revision."))
        elif action == "reject":
            services.change_request_reject(change=change, actor=request.user, note=note)
            messages.success(request, _("Change request rejected."))
        else:
            services.change_request_approve(change=change, actor=request.user, note=note)
            baseline = change.resulting_baseline  # approving always records one
            messages.success(
                request,
                _("Change request approved; baseline version %(v)s recorded.")
                % {"v": baseline.version if baseline else ""},
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("projects:change-detail", project.pk, change.pk)
