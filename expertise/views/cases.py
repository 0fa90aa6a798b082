"""Case pages: list, intake, detail, documents, completeness, assignment, remarks, return and resubmission."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from expertise import selectors
from expertise.exports import cases_xlsx, metrics
from expertise.forms import (
    AssignForm,
    CaseFilterForm,
    CaseForm,
    ChecklistForm,
    DocumentForm,
    RemarkForm,
    RemarkResponseForm,
    RemarkUpdateForm,
)
from expertise.models import ReviewCase
from expertise.permissions import (
    EDIT,
    MANAGE,
    RESPOND,
    RESUBMIT,
    access_case,
    access_remark,
    can_add_document,
    can_import_history,
    can_register_cases,
    case_perms,
    is_case_staff,
)
from expertise.services import cases as svc
from expertise.services.opinions import working_opinion
from pmis.core.excel import xlsx_download
from pmis.core.files import file_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page

PAGE_SIZE = 25


def _filters(form: Any) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_valid() else {}


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """Cases the user may see, with filters, search, sorting and pagination."""
    form = CaseFilterForm(request.GET or None)
    params = _filters(form)
    if request.GET.get("mine"):
        params["mine"] = True
    page = Paginator(selectors.case_list(request.user, params), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_register": can_register_cases(request.user),
        "can_import": can_import_history(request.user),
        "today": timezone.localdate(),
        "is_staff": is_case_staff(request.user),
    }
    return render_list(request, "expertise/case_list.html", context, fragments=["case-table"])


@login_required
@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as Excel (what the list shows, all pages)."""
    form = CaseFilterForm(request.GET or None)
    params = _filters(form)
    content = cases_xlsx(selectors.case_list(request.user, params)[:EXPORT_LIMIT])
    return xlsx_download(content, "review-cases.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    """Intake: register an incoming case with its first document."""
    if not can_register_cases(request.user):
        raise PermissionDenied
    form = CaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in CaseForm.Meta.fields}
        data["project"] = form.cleaned_data.get("project_code")
        documents = []
        if form.cleaned_data.get("document"):
            upload = form.cleaned_data["document"]
            documents.append((form.cleaned_data["doc_type"], upload.name, upload))
        try:
            case = svc.case_register(actor=request.user, data=data, documents=documents)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
            return hx_redirect(request, case)
    return render(request, "expertise/case_form.html", {"form": form})


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case(
        request.user,
        pk,
        queryset=ReviewCase.objects.select_related("applicant", "project", "regulatory_basis", "created_by"),
    )
    can = case_perms(request.user, case)
    data = selectors.case_detail(request.user, case)
    context = {
        "case": case,
        "can": can,
        "m": metrics(data["result"].results if data["result"] else None),
        "working": working_opinion(case),
        "document_form": DocumentForm(),
        "remark_form": RemarkForm(),
        "checklist_complete": svc.checklist_complete(case),
        "today": timezone.localdate(),
        **data,
    }
    return render(request, "expertise/case_detail.html", context)


@login_required
@require_GET
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    return render(request, "expertise/case_history.html", {"case": case, "history": history_rows(case)})


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case(request.user, pk)
    if not can_add_document(request.user, case):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        svc.document_add(
            case=case,
            actor=request.user,
            doc_type=form.cleaned_data["doc_type"],
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
        messages.success(request, _("Document added."))
        return redirect(case)
    return render(request, "expertise/document_form.html", {"case": case, "form": form})


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, doc: int) -> HttpResponseBase:
    case = access_case(request.user, pk)
    document = get_object_or_404(case.documents, pk=doc)
    return file_response(
        document.file, filename=document.original_name or (document.file.name or "").rsplit("/", 1)[-1]
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case(request.user, pk, perm=MANAGE)
    form = ChecklistForm(request.POST or None, initial_checklist=case.checklist)
    if request.method == "POST" and form.is_valid():
        try:
            svc.completeness_record(case=case, actor=request.user, checklist=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Completeness check saved."))
            return hx_redirect(request, case)
    return render(request, "expertise/case_checklist.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case(request.user, pk, perm=MANAGE)
    lead = case.assignments.filter(role="lead").values_list("expert_id", flat=True).first()
    members = list(case.assignments.filter(role="member").values_list("expert_id", flat=True))
    form = AssignForm(request.POST or None, initial={"lead": lead, "members": members})
    if request.method == "POST" and form.is_valid():
        try:
            svc.experts_assign(
                case=case,
                actor=request.user,
                lead=form.cleaned_data["lead"],
                members=list(form.cleaned_data["members"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Experts assigned."))
            return hx_redirect(request, case)
    return render(request, "expertise/case_assign.html", {"case": case, "form": form})


@login_required
@require_POST
def remark_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = access_case(request.user, pk, perm=EDIT)
    form = RemarkForm(request.POST)
    if form.is_valid():
        try:
            svc.remark_add(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Remark added."))
            return redirect(f"{case.get_absolute_url()}#remarks")
    return render(request, "expertise/remark_form.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def remark_update(request: HttpRequest, pk: int, remark: int) -> HttpResponse:
    case = access_case(request.user, pk, perm=EDIT)
    obj = access_remark(request.user, case, remark)
    form = RemarkUpdateForm(request.POST or None, initial={"resolved": obj.resolved})
    if request.method == "POST" and form.is_valid():
        try:
            svc.remark_update(
                remark=obj,
                actor=request.user,
                initiator_response=obj.initiator_response,
                resolved=form.cleaned_data["resolved"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Remark updated."))
            return hx_redirect(request, f"{case.get_absolute_url()}#remarks")
    return render(request, "expertise/remark_update.html", {"case": case, "form": form, "remark": obj})


@login_required
@require_http_methods(["GET", "POST"])
def remark_respond(request: HttpRequest, pk: int, remark: int) -> HttpResponse:
    """The applicant department types its response to one remark of the current round."""
    case = access_case(request.user, pk, perm=RESPOND)
    obj = access_remark(request.user, case, remark)
    form = RemarkResponseForm(request.POST or None, initial={"initiator_response": obj.initiator_response})
    if request.method == "POST" and form.is_valid():
        try:
            svc.remark_respond(
                remark=obj, actor=request.user, response=form.cleaned_data["initiator_response"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Response saved."))
            return hx_redirect(request, f"{case.get_absolute_url()}#remarks")
    return render(request, "expertise/remark_respond.html", {"case": case, "form": form, "remark": obj})


@login_required
@require_POST
def case_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the open remarks to the initiator (the clock stops)."""
    case = access_case(request.user, pk, perm=EDIT)
    try:
        svc.case_return_for_revision(case=case, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The case is returned to the initiator for revision."))
    return redirect(case)


@login_required
@require_POST
def case_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    """The initiator's revised documents are back: a new remarks round opens."""
    case = access_case(request.user, pk, perm=RESUBMIT)
    try:
        round_ = svc.case_resubmit(case=case, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Round %(n)s opened.") % {"n": round_.number})
    return redirect(case)
