"""Budget execution: cash plan vs payments, execution % by project, direction and funding source; RAG policy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from monitoring import selectors
from monitoring.forms import DisbursementForm, PolicyForm
from monitoring.models import CashPlan, Disbursement
from monitoring.permissions import can_edit_policy, can_record_budget
from monitoring.services.budget import record_month
from monitoring.services.policy import policy_new_version
from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from pmis.core.permissions import require
from projects.models import BudgetLine
from projects.models.policy import RagPolicy
from projects.permissions import CHANGE_PROJECT, access_project


def _year(request: AuthedHtmxRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@require_GET
def budget_overview(request: AuthedHtmxRequest) -> HttpResponse:
    year = _year(request)
    projects = selectors.budget_execution_projects(request.user, year)
    if q := (request.GET.get("q") or "").strip():
        projects = projects.filter(
            Q(code__icontains=q)
            | Q(title_ru__icontains=q)
            | Q(title_kk__icontains=q)
            | Q(title_en__icontains=q)
        )
    if wants_xlsx(request):
        rows = list(projects[:EXPORT_LIMIT])
        selectors.budget_paid_for_page(rows, year)
        return xlsx_response(
            f"budget-execution-{year}.xlsx",
            [_("Project"), _("Direction"), _("Plan, ₸"), _("Disbursed, ₸"), _("Execution, %")],
            [
                (
                    f"{p.code} {p.title}",
                    p.direction.name,
                    p.plan,
                    p.paid,
                    f"{p.pct * 100:.1f}" if p.pct is not None else "",
                )
                for p in rows
            ],
        )
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    selectors.budget_paid_for_page(list(page), year)
    visible = selectors.budget_visible_project_ids(request.user, year)
    return render(
        request,
        "monitoring/budget.html",
        {
            "year": year,
            "page": page,
            "query": query_without_page(request),
            "groups": selectors.budget_execution_groups(request.user, year),
            "curve": selectors.budget_curve(visible, year),
            "chart_labels": selectors.chart_labels(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_project(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """One project's monthly cash plan and disbursements; its editors record them."""
    project = access_project(request.user, pk)
    lines = list(BudgetLine.objects.filter(project=project).order_by("year", "source"))
    can_edit = can_record_budget(request.user, project)
    form = DisbursementForm(request.POST or None)
    if request.method == "POST":
        access_project(request.user, pk, perm=CHANGE_PROJECT)
        line = get_object_or_404(BudgetLine, pk=request.POST.get("budget_line") or 0, project=project)
        if form.is_valid():
            record_month(line=line, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return hx_redirect(request, "monitoring:budget-project", project.pk)
    paid = list(Disbursement.objects.filter(budget_line__project=project).order_by("year", "month"))
    plan = list(CashPlan.objects.filter(budget_line__project=project).order_by("year", "month"))
    return render(
        request,
        "monitoring/budget_project.html",
        {
            "project": project,
            "lines": lines,
            "form": form,
            "can_edit": can_edit,
            "paid": paid,
            "plan": plan,
            "curve": selectors.budget_curve([project.pk], _year(request)),
            "chart_labels": selectors.chart_labels(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy(request: AuthedHtmxRequest) -> HttpResponse:
    """The RAG policy versions; the Project Office saves a new version (old ratings keep theirs)."""
    current = RagPolicy.current()
    form = PolicyForm(
        request.POST or None,
        initial={
            "green_min": current.green_min,
            "amber_min": current.amber_min,
            "milestone_amber_days": current.milestone_amber_days,
            "achievement_cap": current.achievement_cap,
            "effective_from": timezone.localdate(),
        },
    )
    if request.method == "POST":
        require(can_edit_policy(request.user))
        if form.is_valid():
            from django.core.exceptions import ValidationError

            try:
                new = policy_new_version(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("RAG policy version %(v)d is in force.") % {"v": new.version})
                return hx_redirect(request, "monitoring:policy")
    versions = RagPolicy.objects.select_related("created_by").order_by("-version")[:50]
    return render(
        request,
        "monitoring/policy.html",
        {"current": current, "versions": versions, "form": form, "can_edit": can_edit_policy(request.user)},
    )
