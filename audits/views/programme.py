"""Audit views: the yearly programme (list, create, edit, approve, history). Its sampling-policy versions are in
`audits/views/policy.py` and the checklist versions in `audits/views/checklists.py`; this module's
`urlpatterns` carries all three."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audits import selectors_programme as selectors
from audits.forms_programme import ApproveForm, ProgrammeFilterForm, ProgrammeForm, QuotaRaiseForm
from audits.models import AuditProgramme
from audits.permissions import (
    access_programme,
    can_approve_programme,
    is_auditor,
    require_audit_function,
    require_auditor,
)
from audits.services import programme as svc
from audits.views import checklists, policy
from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx

PAGE_SIZE = 25


def _filters(form: Any) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_valid() else {}


@login_required
@require_GET
def programme_list(request: AuthedHtmxRequest) -> HttpResponse:
    """Programmes by year, with filters, search, sorting, pagination and the Excel export of what is shown."""
    require_audit_function(request.user)
    form = ProgrammeFilterForm(request.GET or None)
    qs = selectors.programme_list(request.user, _filters(form))
    if wants_xlsx(request):
        return xlsx_response(
            "audit-programmes.xlsx",
            [
                _("Year"),
                _("Owner"),
                _("Quarter 1"),
                _("Quarter 2"),
                _("Quarter 3"),
                _("Quarter 4"),
                _("Audits planned in the year"),
                _("Policy versions"),
                _("Draws"),
                _("Audits"),
                _("Status"),
                _("Approved by"),
                _("Approved on"),
            ],
            [
                (
                    p.year,
                    str(p.owner),
                    p.quota_q1,
                    p.quota_q2,
                    p.quota_q3,
                    p.quota_q4,
                    p.total,
                    p.policy_count,
                    p.draw_count,
                    p.audit_count,
                    p.get_status_display(),
                    str(p.approved_by or ""),
                    timezone.localtime(p.approved_at).date() if p.approved_at else "",
                )
                for p in cast(Iterable[Any], qs[:EXPORT_LIMIT])  # annotated: total and the counts
            ],
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_create": is_auditor(request.user),
        "section": "programme",
    }
    return render_list(request, "audits/programme/list.html", context, fragments=["programme-table"])


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthedHtmxRequest) -> HttpResponse:
    """A new yearly programme (auditors), a draft until the head of the Project Office approves it."""
    require_auditor(request.user)
    initial = {"year": timezone.localdate().year + 1, "owner": request.user.pk}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            programme = svc.programme_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Audit programme %(year)s created.") % {"year": programme.year})
            return hx_redirect(request, programme)
    return render(request, "audits/programme/form.html", {"form": form, "section": "programme"})


@login_required
@require_GET
def programme_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Quotas per quarter against the draws and audits of each quarter, the policy versions, the approval."""
    programme = access_programme(request.user, pk)
    context = {
        "programme": programme,
        "owner": programme.owner,
        "approved_by": programme.approved_by,
        "quarters": selectors.programme_quarters(programme),
        "policies": list(selectors.programme_policies(programme)),
        "can_edit": is_auditor(request.user),
        "can_approve": can_approve_programme(request.user, programme),
        "is_owner": programme.owner_id == request.user.pk,
        "section": "programme",
    }
    return render(request, "audits/programme/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """A draft: every field. An approved programme: only raise quotas, with the reason kept in history."""
    programme = access_programme(request.user, pk, edit=True)
    approved = programme.status == AuditProgramme.Status.APPROVED
    quotas = {f"quota_q{q}": programme.quota(q) for q in (1, 2, 3, 4)}
    form: ProgrammeForm | QuotaRaiseForm
    if approved:
        form = QuotaRaiseForm(request.POST or None, initial=quotas)
    else:
        initial = {
            "year": programme.year,
            "owner": programme.owner_id,
            "objectives": programme.objectives,
            **quotas,
        }
        form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if approved:
            data.update(year=programme.year, owner=programme.owner, objectives=programme.objectives)
        try:
            svc.programme_update(programme=programme, actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Audit programme %(year)s saved.") % {"year": data["year"]})
            return hx_redirect(request, programme)
    context = {"form": form, "programme": programme, "approved": approved, "section": "programme"}
    return render(request, "audits/programme/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_approve(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The head of the Project Office approves a draft programme; its owner never does (four eyes)."""
    programme = access_programme(request.user, pk)
    if not can_approve_programme(request.user, programme):
        raise PermissionDenied
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.programme_approve(programme=programme, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Audit programme %(year)s approved.") % {"year": programme.year})
            return hx_redirect(request, programme)
    context = {"form": form, "programme": programme, "section": "programme"}
    return render(request, "audits/programme/approve.html", context)


@login_required
@require_GET
def programme_history(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    programme = access_programme(request.user, pk)
    context = {"programme": programme, "history": history_rows(programme), "section": "programme"}
    return render(request, "audits/programme/history.html", context)


urlpatterns: list[URLPattern] = [
    path("programmes/", programme_list, name="programme-list"),
    path("programmes/new/", programme_create, name="programme-create"),
    path("programmes/<int:pk>/", programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/approve/", programme_approve, name="programme-approve"),
    path("programmes/<int:pk>/history/", programme_history, name="programme-history"),
    *policy.urlpatterns,
    *checklists.urlpatterns,
]
