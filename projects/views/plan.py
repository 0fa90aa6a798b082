"""The plan and timeline tab: milestones, WBS tasks, the Gantt with the baseline beside the current plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmis.core.forms import add_service_errors
from pmis.core.htmx import hx_redirect
from projects import permissions
from projects.forms.delivery import MilestoneForm, TaskForm
from projects.selectors import card as card_selectors
from projects.selectors import delivery as selectors
from projects.services import plan as services
from projects.views.card import card_context, render_tab


def _tab_url(project: Any) -> str:
    return reverse("projects:plan", args=[project.pk])


@login_required
@require_GET
def project_plan(request: Any, pk: int) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk)
    plan = selectors.project_plan(project)
    return render_tab(request, project, "plan", "projects/card/plan.html", plan=plan)


def _form_page(request: Any, project: Any, form: Any, title: str, action: str) -> HttpResponse:
    return render(
        request,
        "projects/card/plan_form.html",
        card_context(request, project, "plan", form=form, form_title=title, action=action),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: Any, pk: int, milestone_pk: int | None = None) -> HttpResponse:
    """Create (no milestone_pk) or edit a milestone with its evidence documents."""
    project = card_selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    milestone = get_object_or_404(project.milestones, pk=milestone_pk) if milestone_pk else None
    form = MilestoneForm(request.POST or None, instance=milestone, project=project)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        try:
            services.milestone_save(
                milestone=form.instance, actor=request.user, evidence=form.cleaned_data["evidence"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone saved."))
            return hx_redirect(request, _tab_url(project))
    title = _("Edit milestone") if milestone else _("New milestone")
    action = request.path
    return _form_page(request, project, form, title, action)


@login_required
@require_POST
def milestone_delete(request: Any, pk: int, milestone_pk: int) -> HttpResponse:
    project = permissions.access_project(request.user, pk, perm=permissions.CHANGE_PROJECT)
    services.milestone_delete(
        milestone=get_object_or_404(project.milestones, pk=milestone_pk), actor=request.user
    )
    messages.success(request, _("Milestone deleted."))
    return redirect(_tab_url(project))


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: Any, pk: int, task_pk: int | None = None) -> HttpResponse:
    """Create or edit a WBS task; dependency cycles and starts before a predecessor's finish are refused."""
    project = card_selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    task = get_object_or_404(project.tasks, pk=task_pk) if task_pk else None
    form = TaskForm(request.POST or None, instance=task, project=project)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        try:
            services.task_save(
                task=form.instance, actor=request.user, predecessors=form.cleaned_data["predecessors"]
            )
        except ValidationError as exc:
            if task is None:
                form.instance.pk = None
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Task saved."))
            return hx_redirect(request, _tab_url(project))
    title = _("Edit task") if task else _("New task")
    return _form_page(request, project, form, title, request.path)


@login_required
@require_POST
def task_delete(request: Any, pk: int, task_pk: int) -> HttpResponse:
    project = permissions.access_project(request.user, pk, perm=permissions.CHANGE_PROJECT)
    services.task_delete(task=get_object_or_404(project.tasks, pk=task_pk), actor=request.user)
    messages.success(request, _("Task deleted."))
    return redirect(_tab_url(project))


@login_required
@require_POST
def baseline_initial(request: Any, pk: int) -> HttpResponse:
    """Record the first baseline of the plan (later baselines come from approved change requests)."""
    project = permissions.access_project(request.user, pk, perm=permissions.CHANGE_PROJECT)
    try:
        baseline = services.baseline_initial(project=project, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Baseline version %(v)s recorded.") % {"v": baseline.version})
    return redirect(_tab_url(project))
