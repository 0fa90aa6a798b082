"""Audit views: fieldwork — the audit list, starting an audit, the audit page (team, schedule, document requests,
checklist with pre-checks and evidence), its history, and the writes of the audit's team."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits import selectors
from audits.forms_fieldwork import (
    AnswerForm,
    AuditStartForm,
    EvidenceLinkForm,
    EvidenceUploadForm,
    RequestForm,
    RequestUpdateForm,
    ScheduleForm,
    TeamAddForm,
)
from audits.models import Audit, ChecklistAnswer
from audits.permissions import (
    access_answer,
    access_audit,
    access_document_request,
    access_draw_item,
    access_evidence,
    access_team_member,
    can_start_audit,
    reads_working_papers,
    require_auditor,
)
from audits.services import fieldwork as svc
from pmis.core.excel import xlsx_response
from pmis.core.files import file_response
from pmis.core.forms import add_service_errors
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, is_swap, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from projects.selectors.audit_facts import project_documents

PAGE_SIZE = 25


def _params(request: AuthedHtmxRequest) -> dict[str, str]:
    return {k: v for k, v in request.GET.items() if isinstance(v, str)}


def _errors(request: AuthedHtmxRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


# --- the list ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def audit_list(request: AuthedHtmxRequest) -> HttpResponse:
    """The audits the user sees, with filters, search, sorting, pagination and Excel of what is shown."""
    params = _params(request)
    qs = selectors.audit_list(request.user, params)
    if wants_xlsx(request):
        return xlsx_response(
            "audits.xlsx",
            [
                _("Audit"),
                _("Project"),
                _("Title"),
                _("Direction"),
                _("Department"),
                _("Programme"),
                _("Status"),
                _("Lead auditor"),
                _("Fieldwork from"),
                _("Fieldwork to"),
                _("Data as of"),
                _("Answered"),
                _("Items"),
                _("Score"),
            ],
            [
                (
                    a.number,
                    a.project.code,
                    a.project.title,
                    a.project.direction.number,
                    a.project.department.name,
                    a.programme.year,
                    a.get_status_display(),
                    a.lead.get_full_name() or a.lead.get_username(),
                    a.planned_start,
                    a.planned_finish,
                    a.cutoff_date,
                    a.answered,  # type: ignore[attr-defined]
                    a.items,  # type: ignore[attr-defined]
                    a.score,
                )
                for a in qs[:EXPORT_LIMIT]
            ],
            title=_("Audits"),
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "page": page,
        "query": query_without_page(request),
        "params": params,
        "section": "list",
        "can_start": can_start_audit(request.user),
    }
    if not is_swap(request):
        context.update(selectors.list_filters())
    return render_list(request, "audits/audit_list.html", context, fragments=["audit-table"])


# --- starting an audit ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def audit_create(request: AuthedHtmxRequest) -> HttpResponse:
    """Open an audit of a drawn project (`?item=<drawn item>`) or, without it, an ad-hoc one."""
    require_auditor(request.user)
    item = access_draw_item(request.user, request.GET["item"]) if request.GET.get("item") else None
    initial: dict[str, Any] = {"lead": request.user.pk}
    if item is not None:
        initial["cutoff_date"] = item.draw.cutoff_date
    form = AuditStartForm(request.POST or None, initial=initial, drawn=item is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = svc.audit_start(
                actor=request.user,
                project=item.project if item is not None else data["project_code"],
                programme=item.draw.programme if item is not None else data["programme"],
                draw_item=item,
                lead=data["lead"],
                members=list(data["members"]),
                cutoff_date=data["cutoff_date"],
                planned_start=data["planned_start"],
                planned_finish=data["planned_finish"],
                scope=data["scope"],
                declared=data["declared"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Audit %(number)s opened.") % {"number": audit.number})
            return hx_redirect(request, audit)
    return render(
        request,
        "audits/audit/start.html",
        {"form": form, "item": item, "section": "list"},
        status=400 if form.is_bound else 200,
    )


# --- the audit page ------------------------------------------------------------------------------------------


def _detail_context(request: AuthedHtmxRequest, audit: Audit) -> dict[str, Any]:
    return {
        "audit": audit,
        "tab": "overview",
        "can_papers": reads_working_papers(request.user, audit),
        **selectors.audit_detail(request.user, audit),
    }


@login_required
@require_GET
def audit_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    audit = access_audit(request.user, pk)
    return render(request, "audits/audit/detail.html", _detail_context(request, audit))


@login_required
@require_GET
def audit_history(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    audit = access_audit(request.user, pk)
    papers = reads_working_papers(request.user, audit)
    context = {
        "audit": audit,
        "tab": "history",
        "can_papers": papers,
        "history": selectors.audit_history(audit, papers=papers),
    }
    return render(request, "audits/audit/history.html", context)


def _form_page(
    request: AuthedHtmxRequest, audit: Audit, form: Any, *, title: str, action: str, multipart: bool = False
) -> HttpResponse:
    context = {
        "audit": audit,
        "form": form,
        "title": title,
        "action": action,
        "multipart": multipart,
        "tab": "overview",
    }
    return render(request, "audits/audit/form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def audit_schedule(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="lead")
    initial = {
        "cutoff_date": audit.cutoff_date,
        "planned_start": audit.planned_start,
        "planned_finish": audit.planned_finish,
        "scope": audit.scope,
    }
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.schedule_update(audit=audit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Schedule saved."))
            return hx_redirect(request, audit)
    return _form_page(
        request, audit, form, title=_("Schedule"), action=reverse("audits:audit-schedule", args=[audit.pk])
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="lead")
    form = TeamAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.team_add(audit=audit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Auditor added to the team."))
            return hx_redirect(request, audit)
    return _form_page(
        request,
        audit,
        form,
        title=_("Add an auditor"),
        action=reverse("audits:audit-team-add", args=[audit.pk]),
    )


@login_required
@require_POST
def team_remove(request: AuthedHtmxRequest, pk: int, member: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="lead")
    row = access_team_member(request.user, audit, member)
    try:
        svc.team_remove(audit=audit, actor=request.user, member=row)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Auditor removed from the team."))
    return hx_redirect(request, audit)


@login_required
@require_POST
def fieldwork_start(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="lead")
    try:
        svc.fieldwork_start(audit=audit, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Fieldwork started."))
    return hx_redirect(request, audit)


@login_required
@require_POST
def team_notify(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="lead")
    try:
        sent = svc.team_notify(audit=audit, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The project team was notified (%(n)s people).") % {"n": sent})
    return hx_redirect(request, audit)


@login_required
@require_POST
def prechecks_recompute(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="work")
    try:
        changed = svc.prechecks_recompute(audit=audit, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Pre-checks computed again: %(n)s changed.") % {"n": changed})
    return hx_redirect(request, audit)


@login_required
@require_http_methods(["GET", "POST"])
def request_add(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="work")
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.request_add(audit=audit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document requested."))
            return hx_redirect(request, reverse("audits:audit-detail", args=[audit.pk]) + "#requests")
    return _form_page(
        request,
        audit,
        form,
        title=_("Request a document"),
        action=reverse("audits:audit-request-add", args=[audit.pk]),
    )


@login_required
@require_POST
def request_update(request: AuthedHtmxRequest, pk: int, req: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="work")
    row = access_document_request(request.user, audit, req)
    form = RequestUpdateForm(request.POST)
    if form.is_valid():
        try:
            svc.request_update(request_row=row, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Document request updated."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return hx_redirect(request, reverse("audits:audit-detail", args=[audit.pk]) + "#requests")


# --- checklist answers and evidence ----------------------------------------------------------------------------


def _answer_response(
    request: AuthedHtmxRequest, audit: Audit, answer: ChecklistAnswer, form: Any = None, status: int = 200
) -> HttpResponse:
    """The answer's row (read, or its edit form when `form` is given) and the running score beside it."""
    answers = selectors.answers_for_page(audit)
    current = next(a for a in answers if a.pk == answer.pk)
    context = {
        **_detail_context(request, audit),
        "answer": current,
        "form": form,
        "oob": True,
    }
    return render(request, "audits/audit/_answer_response.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def answer_edit(request: AuthedHtmxRequest, pk: int, answer: int) -> HttpResponseBase:
    """GET: the row, or its edit form with `?edit=1` (htmx in place); POST: save the answer."""
    audit = access_audit(request.user, pk, perm="papers")
    editing = request.method == "POST" or request.GET.get("edit")
    row = access_answer(request.user, audit, answer, perm="work" if editing else "papers")
    anchor = reverse("audits:audit-detail", args=[audit.pk]) + f"#answer-{row.pk}"
    if request.method == "GET":
        if not is_swap(request):
            return redirect(anchor)
        form = (
            AnswerForm(
                initial={"result": row.result, "comment": row.comment, "override_reason": row.override_reason}
            )
            if editing
            else None
        )
        return _answer_response(request, audit, row, form)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            svc.answer_save(answer=row, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not is_swap(request):
                messages.success(request, _("Answer saved."))
                return redirect(anchor)
            return _answer_response(request, audit, row)
    if not is_swap(request):
        return _form_page(request, audit, form, title=_("Answer"), action=request.path)
    return _answer_response(request, audit, row, form, status=200)


@login_required
@require_POST
def evidence_upload(request: AuthedHtmxRequest, pk: int, answer: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="work")
    row = access_answer(request.user, audit, answer, perm="work")
    form = EvidenceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            svc.evidence_upload(
                answer=row,
                actor=request.user,
                uploaded_file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field="file")
        else:
            messages.success(request, _("Evidence added."))
            return hx_redirect(request, reverse("audits:audit-detail", args=[audit.pk]) + f"#answer-{row.pk}")
    return _form_page(request, audit, form, title=_("Upload evidence"), action=request.path, multipart=True)


@login_required
@require_POST
def evidence_link(request: AuthedHtmxRequest, pk: int, answer: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="work")
    row = access_answer(request.user, audit, answer, perm="work")
    form = EvidenceLinkForm(request.POST, documents=project_documents(audit.project))
    if form.is_valid():
        try:
            svc.evidence_link(answer=row, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evidence added."))
            return hx_redirect(request, reverse("audits:audit-detail", args=[audit.pk]) + f"#answer-{row.pk}")
    return _form_page(request, audit, form, title=_("Cite a register document"), action=request.path)


@login_required
@require_GET
def evidence_download(request: AuthedHtmxRequest, pk: int, evidence: int) -> HttpResponseBase:
    audit = access_audit(request.user, pk, perm="papers")
    row = access_evidence(request.user, audit, evidence)
    if row.project_document is not None:
        from projects.services.documents import document_download_name

        return file_response(row.project_document.file, filename=document_download_name(row.project_document))
    return file_response(row.file, filename=row.original_name or f"evidence-{row.pk}")


@login_required
@require_POST
def evidence_remove(request: AuthedHtmxRequest, pk: int, evidence: int) -> HttpResponse:
    audit = access_audit(request.user, pk, perm="work")
    row = access_evidence(request.user, audit, evidence, perm="work")
    anchor = reverse("audits:audit-detail", args=[audit.pk]) + f"#answer-{row.answer_id}"
    try:
        svc.evidence_remove(evidence=row, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Evidence removed."))
    return hx_redirect(request, anchor)


urlpatterns: list[URLPattern] = [
    path("", audit_list, name="home"),
    path("new/", audit_create, name="audit-create"),
    path("<int:pk>/", audit_detail, name="audit-detail"),
    path("<int:pk>/history/", audit_history, name="audit-history"),
    path("<int:pk>/schedule/", audit_schedule, name="audit-schedule"),
    path("<int:pk>/team/add/", team_add, name="audit-team-add"),
    path("<int:pk>/team/<int:member>/remove/", team_remove, name="audit-team-remove"),
    path("<int:pk>/fieldwork/", fieldwork_start, name="audit-fieldwork-start"),
    path("<int:pk>/notify/", team_notify, name="audit-notify"),
    path("<int:pk>/prechecks/", prechecks_recompute, name="audit-prechecks"),
    path("<int:pk>/requests/add/", request_add, name="audit-request-add"),
    path("<int:pk>/requests/<int:req>/", request_update, name="audit-request-update"),
    path("<int:pk>/answers/<int:answer>/", answer_edit, name="audit-answer"),
    path("<int:pk>/answers/<int:answer>/upload/", evidence_upload, name="audit-evidence-upload"),
    path("<int:pk>/answers/<int:answer>/cite/", evidence_link, name="audit-evidence-link"),
    path("<int:pk>/evidence/<int:evidence>/", evidence_download, name="audit-evidence"),
    path("<int:pk>/evidence/<int:evidence>/remove/", evidence_remove, name="audit-evidence-remove"),
]
