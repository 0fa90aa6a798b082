"""Assignments (поручения): list with execution rates, detail, the owner's report and the issuer's acceptance;
the tolerance rules that send change requests to the Committee."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmis.core.excel import xlsx_response
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from pmis.reference.models import Direction
from portfolio import permissions as perms
from portfolio import selectors, services
from portfolio.forms import AcceptForm, ReportForm, ToleranceRuleForm
from portfolio.models import Assignment, ToleranceRule
from portfolio.views.common import form_action, paginate, params


@login_required
@require_GET
def assignment_list(request: AuthedHtmxRequest) -> HttpResponse:
    qs = selectors.assignment_list(request.user, params(request))
    if wants_xlsx(request):
        return xlsx_response(
            "assignments.xlsx",
            [
                _("Title"),
                _("Responsible organization"),
                _("Responsible person"),
                _("Due date"),
                _("Status"),
                _("Overdue"),
                _("Project"),
                _("Direction"),
            ],
            [
                (
                    a.display_title,
                    a.owner_organization.name,
                    str(a.owner_person or ""),
                    a.due_date,
                    a.get_status_display(),
                    _("yes") if a.is_overdue else "",
                    a.project.code if a.project else "",
                    a.direction.number if a.direction else "",
                )
                for a in qs[:EXPORT_LIMIT]
            ],
            title=_("Assignments"),
        )
    page = paginate(request, qs)
    return render_list(
        request,
        "portfolio/assignment_list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "params": params(request),
            "statuses": Assignment.Status.choices,
            "directions": Direction.objects.order_by("number"),
        },
        fragments=["assignment-table"],
    )


@login_required
@require_GET
def assignment_stats(request: AuthedHtmxRequest) -> HttpResponse:
    rates = selectors.execution_rates(request.user)
    if wants_xlsx(request):
        rows = [
            (_("Responsible organization"), r["name"], r["total"], r["done"], r["overdue"], r["rate"])
            for r in rates["departments"]
        ]
        rows += [
            (_("Direction"), r["name"], r["total"], r["done"], r["overdue"], r["rate"])
            for r in rates["directions"]
        ]
        return xlsx_response(
            "assignment-execution.xlsx",
            [_("By"), _("Name"), _("Assignments"), _("Accepted"), _("Overdue"), _("Execution rate, %")],
            rows,
        )
    return render(request, "portfolio/assignment_stats.html", rates)


@login_required
@require_GET
def assignment_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    assignment = perms.access_assignment(request.user, pk)
    return render(request, "portfolio/assignment_detail.html", _context(request, assignment))


def _context(request: AuthedHtmxRequest, assignment: Assignment, **forms: object) -> dict[str, object]:
    user = request.user
    can_report = assignment.status == Assignment.Status.OPEN and perms.assignment_allows(
        user, assignment, perms.REPORT
    )
    can_accept = assignment.status == Assignment.Status.REPORTED and perms.assignment_allows(
        user, assignment, perms.ACCEPT
    )
    carried = list(assignment.carried_items.select_related("meeting"))
    context: dict[str, object] = {
        "assignment": assignment,
        "history": history_rows(assignment),
        "report_form": ReportForm() if can_report else None,
        "accept_form": AcceptForm(initial={"action": "accept"}) if can_accept else None,
        "carried": carried,
        # links only to the meeting and agenda items the reader may open
        "meeting_openable": bool(perms.visible_ids(perms.meetings_visible_to(user), [assignment.meeting])),
        "openable_items": perms.visible_ids(perms.items_visible_to(user), carried),
    }
    context.update(forms)
    return context


def _rerender(request: AuthedHtmxRequest, assignment: Assignment, **forms: object) -> HttpResponse:
    return render(request, "portfolio/assignment_detail.html", _context(request, assignment, **forms))


@login_required
@require_POST
def assignment_report(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    assignment = perms.access_assignment(request.user, pk, perm=perms.REPORT)
    return form_action(
        request,
        ReportForm(request.POST),
        lambda data: services.assignment_report(
            assignment=assignment, actor=request.user, evidence=data["evidence"]
        ),
        success=_("Reported to the issuer."),
        done=assignment,
        failed=lambda form: _rerender(request, assignment, report_form=form),
    )


@login_required
@require_POST
def assignment_accept(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    assignment = perms.access_assignment(request.user, pk, perm=perms.ACCEPT)
    return form_action(
        request,
        AcceptForm(request.POST),
        lambda data: services.assignment_accept(
            assignment=assignment, actor=request.user, accept=data["action"] == "accept", note=data["note"]
        ),
        success=_("Saved."),
        done=assignment,
        failed=lambda form: _rerender(request, assignment, accept_form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def tolerance(request: AuthedHtmxRequest, pk: int | None = None) -> HttpResponse:
    """The Project Office sets the tolerance rules (city default and per direction)."""
    if not perms.can_manage_tolerance(request.user):
        raise PermissionDenied
    instance = get_object_or_404(ToleranceRule, pk=pk) if pk else None
    form = ToleranceRuleForm(request.POST or None, instance=instance)

    def page(form: forms.BaseForm) -> HttpResponse:
        rules = list(ToleranceRule.objects.select_related("direction").order_by("direction__number"))
        return render(request, "portfolio/tolerance.html", {"form": form, "rules": rules, "rule": instance})

    return form_action(
        request,
        form,
        lambda data: services.tolerance_rule_save(rule=form.instance, actor=request.user),
        success=_("Tolerance rule saved."),
        done="portfolio:tolerance",
        failed=page,
    )
