"""The reporting calendar: periods, completeness per department and direction, reminders, closing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from monitoring import selectors
from monitoring.forms import PeriodForm
from monitoring.permissions import access_period, can_manage_periods, reporting_periods_visible_to
from monitoring.services import periods as svc
from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect
from pmis.core.lists import wants_xlsx
from pmis.core.permissions import require


@login_required
@require_http_methods(["GET", "POST"])
def period_list(request: AuthedHtmxRequest) -> HttpResponse:
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        require(can_manage_periods(request.user))
        if form.is_valid():
            try:
                rp = svc.period_open(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except IntegrityError:
                form.add_error(None, _("This reporting period already exists."))
            else:
                messages.success(request, _("The reporting period is open and the owners are notified."))
                return hx_redirect(request, rp)
    qs = reporting_periods_visible_to(request.user).order_by("-year", "-due_date", "-pk")
    if status := request.GET.get("status"):
        qs = qs.filter(status=status)
    if wants_xlsx(request):
        return xlsx_response(
            "reporting-periods.xlsx",
            [_("Period"), _("Due date"), _("Status"), _("Closed")],
            [(p.label, p.due_date, p.get_status_display(), p.closed_at) for p in qs[:5000]],
        )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/period_list.html",
        {"page": page, "form": form, "can_manage": can_manage_periods(request.user)},
    )


@login_required
@require_GET
def period_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    rp = access_period(request.user, pk)
    data = selectors.completeness(rp, request.user)
    if wants_xlsx(request):
        rows = [
            (_("Department"), r["name"], r["expected"], r["submitted"], r["verified"])
            for r in data["departments"]
        ]
        rows += [
            (_("Direction"), r["name"], r["expected"], r["submitted"], r["verified"])
            for r in data["directions"]
        ]
        return xlsx_response(
            f"completeness-{rp.label}.xlsx",
            ["", _("Name"), _("Expected"), _("Submitted"), _("Verified")],
            [(str(a), str(b), c, d, e) for a, b, c, d, e in rows],
        )
    return render(
        request,
        "monitoring/period_detail.html",
        {
            "period": rp,
            **data,
            "can_manage": can_manage_periods(request.user),
            "snapshot_count": rp.snapshots.count(),
        },
    )


@login_required
@require_POST
def period_remind(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    rp = access_period(request.user, pk, manage=True, open_only=True)
    sent = svc.period_remind(reporting_period=rp, actor=request.user)
    messages.success(request, _("Reminders sent: %(n)d.") % {"n": sent})
    return hx_redirect(request, rp)


@login_required
@require_POST
def period_close(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    rp = access_period(request.user, pk, manage=True)
    try:
        frozen = svc.period_close(reporting_period=rp, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The period is closed; %(n)d ratings are frozen in its snapshot.") % {"n": frozen}
        )
    return hx_redirect(request, rp)
