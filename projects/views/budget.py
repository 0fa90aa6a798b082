"""The budget tab: budget lines per year × funding source, edited in place with htmx, and the multi-year table.

Click a row (or "Add line") → the row becomes an inline form → save → the table (rows and totals) is
re-rendered; an invalid form re-renders just that row with the errors next to the cells. Without htmx the
same URLs serve whole pages.
"""

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
from django_htmx.http import reswap, retarget

from pmis.core.forms import add_service_errors
from projects import permissions
from projects.forms.delivery import BudgetLineForm
from projects.models import BudgetLine
from projects.selectors import card as card_selectors
from projects.selectors import delivery as selectors
from projects.services import budget as services
from projects.views.card import render_tab

TEMPLATE = "projects/card/budget.html"


def _tab_url(project: Any) -> str:
    return reverse("projects:budget", args=[project.pk])


def _page(request: Any, project: Any, **extra: Any) -> HttpResponse:
    return render_tab(request, project, "budget", TEMPLATE, budget=selectors.project_budget(project), **extra)


def _table(request: Any, project: Any) -> HttpResponse:
    """The table fragment (rows, totals, multi-year table), swapped in place of #budget-table."""
    context = {
        "project": project,
        "budget": selectors.project_budget(project),
        "can_edit": permissions.can_edit_project(request.user, project),
    }
    response = render(request, f"{TEMPLATE}#budget-table", context)
    return reswap(retarget(response, "#budget-table"), "outerHTML")


def _row_form(request: Any, project: Any, form: Any, line: BudgetLine | None) -> HttpResponse:
    return render(request, f"{TEMPLATE}#budget-form-row", {"project": project, "form": form, "line": line})


@login_required
@require_GET
def project_budget(request: Any, pk: int) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk)
    if request.htmx and request.htmx.target == "budget-table":
        return _table(request, project)
    return _page(request, project)


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request: Any, pk: int, line_pk: int | None = None) -> HttpResponse:
    """GET: the inline form row (htmx) or the form page; POST: save and re-render the table, or the row with errors."""
    project = card_selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    line = get_object_or_404(BudgetLine.objects.filter(project=project), pk=line_pk) if line_pk else None
    form = BudgetLineForm(request.POST or None, instance=line, prefix=f"line-{line_pk or 'new'}")
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        try:
            services.budget_line_save(line=form.instance, actor=request.user)
        except ValidationError as exc:
            if line is None:
                form.instance.pk = None
            add_service_errors(form, exc)
        else:
            if request.htmx:
                project.refresh_from_db(fields=["total_budget_plan"])
                return _table(request, project)
            messages.success(request, _("Budget line saved."))
            return redirect(_tab_url(project))
    if request.htmx:
        return _row_form(request, project, form, line)
    return _page(request, project, form=form, edit_line=line, editing=True)


@login_required
@require_GET
def budget_line_row(request: Any, pk: int, line_pk: int) -> HttpResponse:
    """One line read-only (htmx "Cancel" of an inline edit)."""
    project = card_selectors.project_for_card(request.user, pk)
    line = get_object_or_404(BudgetLine.objects.filter(project=project), pk=line_pk)
    if not request.htmx:
        return redirect(_tab_url(project))
    context = {
        "project": project,
        "line": line,
        "can_edit": permissions.can_edit_project(request.user, project),
    }
    return render(request, f"{TEMPLATE}#budget-row", context)


@login_required
@require_POST
def budget_line_delete(request: Any, pk: int, line_pk: int) -> HttpResponse:
    project = card_selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    line = get_object_or_404(BudgetLine.objects.filter(project=project).select_related("project"), pk=line_pk)
    services.budget_line_delete(line=line, actor=request.user)
    if request.htmx:
        return _table(request, project)
    messages.success(request, _("Budget line deleted."))
    return redirect(_tab_url(project))
