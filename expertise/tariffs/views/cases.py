"""Tariff and subsidy verification pages: thin views (access → form → one service → response)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from expertise.tariffs import services as services
from expertise.tariffs.forms import (
    CostLineForm,
    RoutePeriodDataForm,
    TariffCaseAssignForm,
    TariffCaseCreateForm,
    TariffCaseFilterForm,
    TariffCaseSettingsForm,
    TransitionForm,
)
from expertise.tariffs.models import CostLine, RoutePeriodData
from expertise.tariffs.permissions import (
    CHANGE_TARIFF_CASE,
    MANAGE_TARIFF_CASES,
    access_tariff_case,
    can_change_tariff_case,
    can_manage_tariff_cases,
    is_tariff_staff,
    require_tariff_manager,
)
from expertise.tariffs.selectors import tariff_case_list, tariff_case_page
from pmis.core.excel import write_xlsx, xlsx_download
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx

PAGE_SIZE = 25


def _list_or_404(request: AuthedHtmxRequest) -> None:
    if not is_tariff_staff(request.user):
        raise Http404


@login_required
@require_GET
def tariff_list(request: AuthedHtmxRequest) -> HttpResponse:
    """Tariff cases with filters, search, sorting, pagination and an Excel export of what is shown."""
    _list_or_404(request)
    form = TariffCaseFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    cases = tariff_case_list(
        request.user,
        status=params.get("status") or "",
        expert=params.get("expert") or "",
        year=params.get("year"),
        search=(params.get("q") or "").strip(),
        sort=params.get("sort") or "-period",
    )
    if wants_xlsx(request):
        return _export(cases)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_manage": can_manage_tariff_cases(request.user),
    }
    return render_list(request, "expertise/tariffs/case_list.html", context, fragments=["tariff-table"])


def _export(cases: object) -> HttpResponse:
    headers = [
        _("Tariff case"),
        _("Carrier"),
        _("Contract"),
        _("Period start"),
        _("Period end"),
        _("Status"),
        _("Assigned expert"),
        _("Routes"),
        _("Claimed subsidy"),
        _("Verified subsidy"),
    ]
    rows = (
        [
            c.pk,
            c.contract.carrier.name,
            c.contract.number,
            c.period_start,
            c.period_end,
            c.get_status_display(),
            str(c.assigned_expert or ""),
            c.route_count,
            c.claimed_subsidy,
            c.verified_subsidy,
        ]
        for c in cases[:EXPORT_LIMIT]  # type: ignore[index]
    )
    content = write_xlsx(
        headers, rows, title=_("Tariff cases"), column_widths=[8, 40, 16, 12, 12, 14, 28, 8, 18, 18]
    )
    return xlsx_download(content, "tariff-cases.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def tariff_create(request: AuthedHtmxRequest) -> HttpResponse:
    """The head of expertise opens a case for a contract and period and assigns an expert."""
    require_tariff_manager(request.user)
    form = TariffCaseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.tariff_case_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tariff case opened."))
            return hx_redirect(request, case)
    return render(request, "expertise/tariffs/case_form.html", {"form": form})


@login_required
@require_GET
def tariff_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The case: per-route calculation, subsidy both ways, the netting alternative, claim checks, data entry."""
    case = access_tariff_case(request.user, pk)
    netting = {"on": True, "off": False}.get(request.GET.get("netting", ""))
    return render(request, "expertise/tariffs/case_detail.html", _detail_context(request, case, netting))


@login_required
@require_http_methods(["GET", "POST"])
def tariff_update(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The assigned expert sets the cost method, netting policy, claimed amount and conclusion."""
    case = access_tariff_case(request.user, pk, perm=CHANGE_TARIFF_CASE)
    form = TariffCaseSettingsForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.tariff_case_update(case=case, fields=form.changed_data, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Case updated."))
            return hx_redirect(request, case)
    return render(request, "expertise/tariffs/case_settings.html", {"form": form, "case": case})


@login_required
@require_http_methods(["GET", "POST"])
def tariff_assign(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The head of expertise (or an administrator) assigns the case's expert."""
    case = access_tariff_case(request.user, pk, perm=MANAGE_TARIFF_CASES)
    form = TariffCaseAssignForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        services.tariff_case_assign(
            case=case, expert=form.cleaned_data["assigned_expert"], actor=request.user
        )
        messages.success(request, _("Expert assigned."))
        return hx_redirect(request, case)
    return render(request, "expertise/tariffs/case_assign.html", {"form": form, "case": case})


@login_required
@require_http_methods(["GET", "POST"])
def tariff_route_edit(request: AuthedHtmxRequest, pk: int, data_pk: int | None = None) -> HttpResponse:
    """Add or change one route's figures (htmx inline form on the case page)."""
    case = access_tariff_case(request.user, pk, perm=CHANGE_TARIFF_CASE)
    instance = get_object_or_404(RoutePeriodData, case=case, pk=data_pk) if data_pk else None
    form = RoutePeriodDataForm(request.POST or None, instance=instance, case=case, prefix="route")
    if request.method == "POST" and form.is_valid():
        try:
            services.route_data_save(case=case, data=form.instance, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Route figures saved."))
            return hx_redirect(request, reverse("expertise:tariff-detail", args=[case.pk]) + "#routes")
    template = "expertise/tariffs/route_form.html"
    if request.htmx:
        template += "#route-form"
    return render(request, template, {"form": form, "case": case, "data": instance})


@login_required
@require_POST
def tariff_route_delete(request: AuthedHtmxRequest, pk: int, data_pk: int) -> HttpResponse:
    case = access_tariff_case(request.user, pk, perm=CHANGE_TARIFF_CASE)
    data = get_object_or_404(RoutePeriodData, case=case, pk=data_pk)
    try:
        services.route_data_delete(case=case, data=data, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Route removed from the case."))
    return hx_redirect(request, case)


@login_required
@require_http_methods(["GET", "POST"])
def tariff_cost_add(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Add a claimed cost line (htmx inline form on the case page)."""
    case = access_tariff_case(request.user, pk, perm=CHANGE_TARIFF_CASE)
    form = CostLineForm(request.POST or None, case=case, prefix="cost")
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_line_create(case=case, line=form.instance, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return _workspace(
                    request, case, _("Cost line added; the tariff and the subsidy are recomputed.")
                )
            messages.success(request, _("Cost line added."))
            return hx_redirect(request, reverse("expertise:tariff-detail", args=[case.pk]) + "#costs")
    template = "expertise/tariffs/cost_form.html"
    if request.htmx:
        template += "#cost-form"
    return render(request, template, {"form": form, "case": case})


def _detail_context(request: AuthedHtmxRequest, case: Any, netting: bool | None = None) -> dict[str, Any]:
    context = tariff_case_page(case=case, netting=netting)
    can_edit = can_change_tariff_case(request.user, case) and case.is_editable
    context.update(
        can_edit=can_edit,
        can_act=can_change_tariff_case(request.user, case),
        can_manage=can_manage_tariff_cases(request.user),
        route_form=RoutePeriodDataForm(case=case, prefix="route") if can_edit else None,
        cost_form=CostLineForm(case=case, prefix="cost") if can_edit else None,
        what_if=netting is not None and netting != case.netting,
    )
    return context


def _workspace(request: AuthedHtmxRequest, case: Any, notice: str) -> HttpResponse:
    """The cost lines and the recomputed calculation, swapped in place of the page's workspace."""
    context = {**_detail_context(request, case), "notice": notice}
    response = render(request, "expertise/tariffs/case_detail.html#tariff-workspace", context)
    return reswap(retarget(response, "#tariff-workspace"), "outerHTML")


@login_required
@require_http_methods(["GET", "POST"])
def tariff_cost_edit(request: AuthedHtmxRequest, pk: int, line_pk: int) -> HttpResponse:
    """Edit a cost line in place: GET gives the form row; a valid POST recomputes the tariff and the subsidy."""
    case = access_tariff_case(request.user, pk, perm=CHANGE_TARIFF_CASE)
    line = get_object_or_404(CostLine.objects.select_related("route", "norm"), case=case, pk=line_pk)
    if not case.is_editable:
        messages.error(request, _("A verified or rejected case cannot be changed; reopen it first."))
        return hx_redirect(request, case)
    form = CostLineForm(request.POST or None, instance=line, case=case, prefix=f"line-{line.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_line_update(case=case, line=form.instance, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return _workspace(
                    request, case, _("Cost line saved; the tariff and the subsidy are recomputed.")
                )
            messages.success(request, _("Cost line saved."))
            return redirect(reverse("expertise:tariff-detail", args=[case.pk]) + "#costs")
    if request.htmx:
        return render(
            request,
            "expertise/tariffs/case_detail.html#cost-form-row",
            {"case": case, "line": line, "form": form},
        )
    return render(request, "expertise/tariffs/cost_form.html", {"form": form, "case": case, "line": line})


@login_required
@require_GET
def tariff_cost_row(request: AuthedHtmxRequest, pk: int, line_pk: int) -> HttpResponse:
    """One cost line read-only (htmx "Cancel" of an inline edit)."""
    case = access_tariff_case(request.user, pk)
    line = get_object_or_404(CostLine.objects.select_related("route", "norm"), case=case, pk=line_pk)
    if not request.htmx:
        return redirect(reverse("expertise:tariff-detail", args=[case.pk]) + "#costs")
    can_edit = can_change_tariff_case(request.user, case) and case.is_editable
    return render(
        request,
        "expertise/tariffs/case_detail.html#cost-row",
        {"case": case, "line": line, "can_edit": can_edit},
    )


@login_required
@require_POST
def tariff_cost_delete(request: AuthedHtmxRequest, pk: int, line_pk: int) -> HttpResponse:
    case = access_tariff_case(request.user, pk, perm=CHANGE_TARIFF_CASE)
    line = get_object_or_404(CostLine, case=case, pk=line_pk)
    try:
        services.cost_line_delete(case=case, line=line, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return hx_redirect(request, case)
    if request.htmx:
        return _workspace(request, case, _("Cost line removed; the tariff and the subsidy are recomputed."))
    messages.success(request, _("Cost line removed."))
    return hx_redirect(request, reverse("expertise:tariff-detail", args=[case.pk]) + "#costs")


@login_required
@require_POST
def tariff_transition(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Send to review, verify, reject or reopen; sending and verifying record the claim checks."""
    case = access_tariff_case(request.user, pk, perm=CHANGE_TARIFF_CASE)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return hx_redirect(request, case)
    try:
        services.tariff_case_transition(
            case=case,
            action=form.cleaned_data["action"],
            actor=request.user,
            conclusion=form.cleaned_data["conclusion"],
            unchecked_reason=form.cleaned_data["unchecked_reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Status changed to “%(status)s”.") % {"status": case.get_status_display()}
        )
    return hx_redirect(request, case)


@login_required
@require_POST
def tariff_report(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Queue the verification report PDF and show its progress page."""
    case = access_tariff_case(request.user, pk)
    job = services.tariff_report_request(case=case, actor=request.user, language=request.POST.get("language"))
    return hx_redirect(request, job)


@login_required
@require_GET
def tariff_history(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    case = access_tariff_case(request.user, pk)
    return render(
        request, "expertise/tariffs/case_history.html", {"case": case, "history": history_rows(case)}
    )
