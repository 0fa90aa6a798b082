"""The audit's report tab: the lead auditor's workflow (draft → management response → final report), the
renderings with their progress, SHA-256 and downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits import permissions, scoring
from audits.forms_reports import DocumentLanguageForm
from audits.models import Audit, AuditReport
from audits.services import reports as svc
from pmis.core.files import file_response
from pmis.core.forms import add_service_errors
from pmis.core.htmx import hx_redirect

FRAGMENT = "report-status"


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _context(request: HttpRequest, audit: Audit, **extra: Any) -> dict[str, Any]:
    user = request.user
    reports = list(
        permissions.reports_visible_to(user)
        .filter(audit=audit)
        .select_related("job", "issued_by")
        .order_by("-created_at", "-id")
    )
    can_lead = permissions.can_lead(user, audit)
    return {
        "audit": audit,
        "tab": "report",
        "can_papers": permissions.reads_working_papers(user, audit),
        "can_lead": can_lead,
        "reports": reports,
        "polling": any(r.job is not None and not r.job.is_finished for r in reports),
        "bands": [label for _bound, _code, label in scoring.BANDS],
        "send_form": DocumentLanguageForm(prefix="send"),
        "issue_form": DocumentLanguageForm(prefix="issue"),
        "blockers": svc.issue_blockers(audit) if can_lead and audit.status == Audit.Status.RESPONSE else [],
        **extra,
    }


@login_required
@require_GET
def audit_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report tab; an htmx poll gets only the renderings' status while a PDF is being rendered."""
    audit = permissions.access_audit(request.user, pk)
    template = "audits/report/report.html"
    if getattr(request, "htmx", False) and request.headers.get("HX-Target") == FRAGMENT:
        template += f"#{FRAGMENT}"
    return render(request, template, _context(request, audit))


@login_required
@require_POST
def audit_report_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    audit = permissions.access_audit(request.user, pk, perm="lead")
    try:
        svc.report_draft_prepare(audit=audit, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The fieldwork is closed; the draft report is being prepared."))
    return redirect("audits:audit-report", audit.pk)


@login_required
@require_http_methods(["POST"])
def audit_report_send(request: HttpRequest, pk: int) -> HttpResponse:
    audit = permissions.access_audit(request.user, pk, perm="lead")
    form = DocumentLanguageForm(request.POST, prefix="send")
    if form.is_valid():
        try:
            svc.report_draft_send(
                audit=audit,
                actor=request.user,
                language=form.cleaned_data["language"],
                site_url=_site_url(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is sent to the project team for the management response."))
            return hx_redirect(request, reverse("audits:audit-report", args=[audit.pk]))
    return render(request, "audits/report/report.html", _context(request, audit, send_form=form))


@login_required
@require_http_methods(["POST"])
def audit_report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    audit = permissions.access_audit(request.user, pk, perm="lead")
    form = DocumentLanguageForm(request.POST, prefix="issue")
    if form.is_valid():
        try:
            report = svc.report_issue(
                audit=audit,
                actor=request.user,
                language=form.cleaned_data["language"],
                site_url=_site_url(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Report %(number)s issued; its PDF is being prepared.") % {"number": report.number}
            )
            return hx_redirect(request, reverse("audits:audit-report", args=[audit.pk]))
    return render(request, "audits/report/report.html", _context(request, audit, issue_form=form))


@login_required
@require_POST
def audit_report_render(request: HttpRequest, pk: int, report: int) -> HttpResponse:
    """Render a report's PDF again when its job failed; a kept final file never changes."""
    audit = permissions.access_audit(request.user, pk, perm="lead")
    obj = permissions.access_report(request.user, audit, report)
    if obj.sha256 and obj.kind == AuditReport.Kind.FINAL:
        raise Http404
    job = svc.report_pdf_request(report=obj, actor=request.user, site_url=_site_url(request))
    return redirect(job)


@login_required
@require_GET
def audit_report_pdf(request: HttpRequest, pk: int, report: int) -> HttpResponseBase:
    audit = permissions.access_audit(request.user, pk)
    obj = permissions.access_report(request.user, audit, report)
    obj.audit = audit
    return file_response(obj.file, filename=svc.report_filename(obj), content_type="application/pdf")


urlpatterns = [
    path("<int:pk>/report/", audit_report, name="audit-report"),
    path("<int:pk>/report/prepare/", audit_report_prepare, name="audit-report-prepare"),
    path("<int:pk>/report/send/", audit_report_send, name="audit-report-send"),
    path("<int:pk>/report/issue/", audit_report_issue, name="audit-report-issue"),
    path("<int:pk>/report/<int:report>/render/", audit_report_render, name="audit-report-render"),
    path("<int:pk>/report/<int:report>/pdf/", audit_report_pdf, name="audit-report-pdf"),
]
