"""Audit views: findings (the audit's findings tab, add / edit, management response, accepting a minor
finding's response) and corrective actions (add, my actions list, detail, report done with evidence, verify or
send back, evidence download). Access goes through audits.permissions only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits import permissions
from audits.forms_findings import (
    ActionFilterForm,
    ActionForm,
    CompleteForm,
    FindingForm,
    ResponseForm,
    VerifyForm,
)
from audits.models import CorrectiveAction
from audits.selectors_findings import action_list as select_actions
from audits.selectors_findings import findings_page
from audits.services import findings as services
from pmis.core.excel import xlsx_response
from pmis.core.files import file_response
from pmis.core.forms import add_service_errors
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx

PAGE_SIZE = 25


def _findings_url(audit_pk: int) -> str:
    return reverse("audits:audit-findings", args=[audit_pk])


@login_required
@require_GET
def audit_findings(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The findings tab: findings with severity, checklist item, status, response and actions; the score."""
    audit = permissions.access_audit(request.user, pk)
    page = findings_page(request.user, audit, today=services.local_today())
    if wants_xlsx(request):
        return xlsx_response(
            f"{audit.number}-findings.xlsx",
            [
                _("No."),
                _("Severity"),
                _("Checklist item"),
                _("Finding"),
                _("Status"),
                _("Management response"),
            ]
            + [_("Response late"), _("Corrective actions")],
            (
                (
                    row.finding.number,
                    row.finding.get_severity_display(),
                    str(row.finding.item) if row.finding.item else "",
                    row.finding.title,
                    row.finding.get_status_display(),
                    row.finding.management_response,
                    _("yes") if row.late else "",
                    "\n".join(
                        f"{a.description} — {a.owner} — {a.due_date:%Y-%m-%d} — {a.get_status_display()}"
                        for a in row.actions
                    ),
                )
                for row in page.rows
            ),
            title=_("Findings"),
        )
    context = {
        "audit": audit,
        "tab": "findings",
        "can_papers": permissions.reads_working_papers(request.user, audit),
        "page": page,
        "today": services.local_today(),
    }
    return render(request, "audits/findings/findings_tab.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    audit = permissions.access_audit(request.user, pk, perm="work")
    form = FindingForm(request.POST or None, audit=audit)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_create(audit=audit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Finding %(n)s recorded.") % {"n": finding.number})
            return hx_redirect(request, _findings_url(audit.pk))
    return render(
        request, "audits/findings/finding_form.html", {"audit": audit, "tab": "findings", "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request: AuthedHtmxRequest, pk: int, finding: int) -> HttpResponse:
    audit = permissions.access_audit(request.user, pk, perm="work")
    obj = permissions.access_finding_edit(request.user, audit, finding, perm="work")
    initial = {
        "severity": obj.severity,
        "item": obj.item_id,
        "title": obj.title,
        "description": obj.description,
        "recommendation": obj.recommendation,
    }
    form = FindingForm(request.POST or None, audit=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_update(finding=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Finding %(n)s updated.") % {"n": obj.number})
            return hx_redirect(request, _findings_url(audit.pk))
    context = {"audit": audit, "tab": "findings", "form": form, "finding": obj}
    return render(request, "audits/findings/finding_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def finding_respond(request: AuthedHtmxRequest, pk: int, finding: int) -> HttpResponse:
    """The project team's management response (while the draft is out for response)."""
    audit = permissions.access_audit(request.user, pk)
    obj = permissions.access_finding_edit(request.user, audit, finding, perm="respond")
    form = ResponseForm(request.POST or None, initial={"management_response": obj.management_response})
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_respond(
                finding=obj, actor=request.user, response=form.cleaned_data["management_response"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Response to finding %(n)s saved.") % {"n": obj.number})
            return hx_redirect(request, _findings_url(audit.pk))
    context = {
        "audit": audit,
        "tab": "findings",
        "form": form,
        "finding": obj,
        "response_due": services.response_due_of(obj, audit),
    }
    return render(request, "audits/findings/finding_respond.html", context)


@login_required
@require_POST
def finding_accept(request: AuthedHtmxRequest, pk: int, finding: int) -> HttpResponse:
    """The auditor accepts a minor finding's response: it closes."""
    audit = permissions.access_audit(request.user, pk)
    obj = permissions.access_finding_edit(request.user, audit, finding, perm="follow_up")
    try:
        services.finding_accept_response(finding=obj, actor=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Finding %(n)s closed.") % {"n": obj.number})
    return hx_redirect(request, _findings_url(audit.pk))


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: AuthedHtmxRequest, pk: int, finding: int) -> HttpResponse:
    """A corrective action: the audit's auditors before issue, the project's team during the response."""
    from projects.selectors.team import project_team_users

    audit = permissions.access_audit(request.user, pk)
    obj = permissions.access_finding_edit(request.user, audit, finding, perm="add_action")
    form = ActionForm(request.POST or None, owners=project_team_users(audit.project))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(finding=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Corrective action added."))
            return hx_redirect(request, _findings_url(audit.pk))
    context = {"audit": audit, "tab": "findings", "form": form, "finding": obj}
    return render(request, "audits/findings/action_form.html", context)


@login_required
@require_GET
def action_list(request: AuthedHtmxRequest) -> HttpResponse:
    """My corrective actions (auditors: every action they see), with filters, search and pages."""
    permissions.require_corrective_actions(request.user)
    form = ActionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = services.local_today()
    rows = select_actions(request.user, filters, today=today)
    if wants_xlsx(request):
        return xlsx_response(
            "corrective-actions.xlsx",
            [_("Audit"), _("Project"), _("Finding"), _("Severity"), _("Action"), _("Owner"), _("Due")]
            + [_("Status")],
            (
                (
                    a.finding.audit.number,
                    a.finding.audit.project.code,
                    a.finding.number,
                    a.finding.get_severity_display(),
                    a.description,
                    str(a.owner),
                    a.due_date,
                    a.get_status_display(),
                )
                for a in rows[:EXPORT_LIMIT]
            ),
            title=_("Corrective actions"),
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "today": today,
        "section": "actions",
    }
    return render_list(request, "audits/findings/action_list.html", context, fragments=["action-table"])


@login_required
@require_GET
def action_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    action = permissions.access_action(request.user, pk)
    audit = action.finding.audit
    is_auditor = permissions.is_auditor(request.user)
    context = {
        "action": action,
        "finding": action.finding,
        "audit": audit,
        "section": "actions",
        "today": services.local_today(),
        "can_complete": action.owner_id == request.user.pk and action.status == CorrectiveAction.Status.OPEN,
        "can_verify": (
            is_auditor
            and action.owner_id != request.user.pk
            and action.status == CorrectiveAction.Status.DONE
        ),
        "history": action.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "audits/findings/action_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_complete(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The owner reports the action done, with a note and the evidence file."""
    action = permissions.access_action(request.user, pk, perm="complete")
    form = CompleteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_complete(
                action=action,
                actor=request.user,
                note=form.cleaned_data["completion_note"],
                uploaded_file=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The action is reported done; an auditor will verify it."))
            return hx_redirect(request, reverse("audits:action-detail", args=[action.pk]))
    context = {"action": action, "finding": action.finding, "form": form, "section": "actions"}
    return render(request, "audits/findings/action_complete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_verify(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """An auditor who is not the owner verifies the closure or sends the action back with a note."""
    action = permissions.access_action(request.user, pk, perm="verify")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "verify":
                services.action_verify(action=action, actor=request.user, note=note)
                messages.success(request, _("The closure is verified."))
            else:
                services.action_return(action=action, actor=request.user, note=note)
                messages.success(request, _("The action is sent back to its owner."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return hx_redirect(request, reverse("audits:action-detail", args=[action.pk]))
    context = {"action": action, "finding": action.finding, "form": form, "section": "actions"}
    return render(request, "audits/findings/action_verify.html", context)


@login_required
@require_GET
def action_evidence(request: AuthedHtmxRequest, pk: int) -> HttpResponseBase:
    """The evidence of completion, to whoever sees the action."""
    action = permissions.access_action(request.user, pk)
    return file_response(action.evidence, filename=action.evidence_name or "evidence")


urlpatterns: list[URLPattern] = [
    path("<int:pk>/findings/", audit_findings, name="audit-findings"),
    path("<int:pk>/findings/new/", finding_create, name="finding-create"),
    path("<int:pk>/findings/<int:finding>/edit/", finding_edit, name="finding-edit"),
    path("<int:pk>/findings/<int:finding>/respond/", finding_respond, name="finding-respond"),
    path("<int:pk>/findings/<int:finding>/accept/", finding_accept, name="finding-accept"),
    path("<int:pk>/findings/<int:finding>/actions/new/", action_create, name="action-create"),
    path("actions/", action_list, name="action-list"),
    path("actions/<int:pk>/", action_detail, name="action-detail"),
    path("actions/<int:pk>/complete/", action_complete, name="action-complete"),
    path("actions/<int:pk>/verify/", action_verify, name="action-verify"),
    path("actions/<int:pk>/evidence/", action_evidence, name="action-evidence"),
]
