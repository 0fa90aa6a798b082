"""Indicators: list, detail (targets, actuals in both states, ratings, history), entering and verifying actuals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from monitoring import selectors, selectors_indicators
from monitoring.forms import ActualForm, RejectForm
from monitoring.models import Frequency, Indicator, Target
from monitoring.permissions import (
    ENTER_ACTUAL,
    access_actual,
    access_indicator,
    can_create_indicators,
    can_enter_actual,
    can_manage_indicator,
    can_verify,
    can_verify_actual,
    indicators_visible_to,
    verifiable_actuals,
)
from monitoring.services.actuals import actual_reject, actual_save, actuals_verify
from monitoring.services.ratings import rate
from pmis.accounts.models import Organization
from pmis.core.excel import xlsx_response
from pmis.core.files import file_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from pmis.core.numbers import parse_int
from pmis.core.permissions import require
from pmis.reference.models import Direction
from projects.models.policy import RagPolicy


@login_required
@require_GET
def indicator_list(request: AuthedHtmxRequest) -> HttpResponse:
    qs = selectors_indicators.indicator_list_with_retired(
        selectors.indicator_list(request.user, request.GET), request.GET
    )
    if wants_xlsx(request):
        rows = list(qs[:EXPORT_LIMIT])
        selectors.latest_official(rows)
        return xlsx_response(
            "indicators.xlsx",
            [
                _("Code"),
                _("Indicator"),
                _("Level"),
                _("Unit"),
                _("Frequency"),
                _("Direction"),
                _("Project"),
                _("National project code"),
                _("Responsible organization"),
                _("Latest RAG"),
                _("Retired"),
            ],
            [
                (
                    i.code,
                    i.name,
                    i.get_level_display(),
                    i.unit_text,
                    i.get_frequency_display(),
                    i.direction.name if i.direction else "",
                    i.project.code if i.project else "",
                    i.national_project_code,
                    str(i.responsible_organization or ""),
                    i.official.get_rag_display() if i.official else "",
                    i.retired_at.date() if i.retired_at else "",
                )
                for i in rows
            ],
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    selectors.latest_official(list(page))
    context = {
        "page": page,
        "query": query_without_page(request),
        "directions": Direction.objects.order_by("number"),
        "levels": Indicator.Level.choices,
        "filters": request.GET,
        "can_create": can_create_indicators(request.user),
        "frequencies": Frequency.choices,
    }
    return render_list(request, "monitoring/indicator_list.html", context, fragments=["indicator-table"])


@login_required
@require_GET
def indicator_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_for_detail(access_indicator(request.user, pk))
    timeline = selectors.indicator_timeline(indicator)
    series = selectors._series(indicator)
    children = list(
        indicators_visible_to(request.user)
        .filter(parent=indicator, retired_at__isnull=True)
        .order_by("code")
        .only("pk", "code")[:31]
    )
    if wants_xlsx(request):
        return xlsx_response(
            f"{indicator.code}.xlsx",
            [
                _("Period"),
                _("Plan"),
                _("Actual"),
                _("Status"),
                _("Achievement, %"),
                _("RAG"),
                _("RAG policy version"),
            ],
            [
                (
                    r["label"],
                    r["target"].value if r["target"] else None,
                    r["actual"].value if r["actual"] else None,
                    r["actual"].get_status_display() if r["actual"] else "",
                    f"{r['official'].achievement * 100:.1f}"
                    if r["official"] and r["official"].achievement is not None
                    else "",
                    r["official"].get_rag_display() if r["official"] else "",
                    r["official"].policy_version if r["official"] else "",
                )
                for r in timeline
            ],
        )
    return render(
        request,
        "monitoring/indicator_detail.html",
        {
            "indicator": indicator,
            "timeline": timeline,
            "chart": {"id": "indicator-chart", "title": str(indicator), "unit": indicator.unit, **series},
            "can_enter": can_enter_actual(request.user, indicator),
            "can_manage": can_manage_indicator(request.user, indicator),
            "can_verify": can_verify(request.user),
            "tab": "values",
            "chart_labels": selectors.chart_labels(),
            "children": children[:30],
            "children_more": len(children) > 30,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def actual_enter(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    indicator = access_indicator(request.user, pk, perm=ENTER_ACTUAL)
    year, period = selectors_indicators.period_to_report(indicator, request.GET)
    form = ActualForm(request.POST or None, request.FILES or None, initial={"year": year, "period": period})
    if request.method == "POST" and form.is_valid():
        try:
            actual_save(indicator=indicator, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The value is submitted for verification."))
            return hx_redirect(request, indicator)
    target = Target.objects.filter(indicator=indicator, year=year, period=period).first()
    return render(
        request,
        "monitoring/actual_form.html",
        {
            "indicator": indicator,
            "form": form,
            "target": target,
            "label": indicator.label(year, period),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def actual_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    actual = access_actual(request.user, pk)
    form = RejectForm(request.POST or None)
    may_verify = can_verify_actual(request.user, actual)
    if request.method == "POST":
        require(may_verify)
        action = request.POST.get("action")
        if action == "verify":
            actuals_verify(actuals=[actual], actor=request.user)
            messages.success(request, _("The value is verified."))
            return hx_redirect(request, "monitoring:actual", actual.pk)
        if form.is_valid():
            try:
                actual_reject(actual=actual, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The value is rejected and returned to its owner."))
                return hx_redirect(request, "monitoring:actual", actual.pk)
    target = Target.objects.filter(indicator=actual.indicator, year=actual.year, period=actual.period).first()
    achievement, rag = (None, "")
    if target is not None:
        achievement, rag = rate(
            target.value,
            actual.value,
            higher_is_better=actual.indicator.higher_is_better,
            policy=RagPolicy.current(),
        )
    return render(
        request,
        "monitoring/actual_detail.html",
        {
            "actual": actual,
            "form": form,
            "can_verify": may_verify,
            "history": history_rows(actual),
            "entered_by_me": actual.entered_by_id == request.user.pk,
            "label": actual.indicator.label(actual.year, actual.period),
            "target": target,
            "achievement": achievement,
            "rag": rag,
        },
    )


@login_required
@require_GET
def actual_evidence(request: AuthedHtmxRequest, pk: int) -> HttpResponseBase:
    """The evidence file of a value, for whoever may see the indicator (SAC checks it before verifying)."""
    actual = access_actual(request.user, pk)
    name = actual.evidence_name or (actual.evidence.name or "").rsplit("/", 1)[-1]
    return file_response(actual.evidence, filename=name, content_type="application/octet-stream")


@login_required
@require_GET
def verify_queue(request: AuthedHtmxRequest) -> HttpResponse:
    """Submitted values waiting for this verifier (verifiable_actuals), oldest first; nothing is pre-selected."""
    require(can_verify(request.user))
    waiting = verifiable_actuals(request.user)
    qs = (
        waiting.select_related("indicator__responsible_organization", "entered_by")
        .prefetch_related("indicator__targets")
        .order_by("updated_at", "pk")
    )
    if q := (request.GET.get("q") or "").strip():
        qs = qs.filter(indicator__code__icontains=q)
    if org := request.GET.get("organization"):
        qs = qs.filter(indicator__responsible_organization_id=parse_int(org))
    if wants_xlsx(request):
        return xlsx_response(
            "verification.xlsx",
            [
                _("Indicator code"),
                _("Indicator"),
                _("Year"),
                _("Period"),
                _("Actual value"),
                _("Source"),
                _("Entered by"),
            ],
            [
                (
                    a.indicator.code,
                    a.indicator.name,
                    a.year,
                    a.period,
                    a.value,
                    a.source,
                    str(a.entered_by or ""),
                )
                for a in qs[:EXPORT_LIMIT]
            ],
        )
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    policy = RagPolicy.current()
    for actual in page:
        actual.plan = next(
            (
                t.value
                for t in actual.indicator.targets.all()
                if (t.year, t.period) == (actual.year, actual.period)
            ),
            None,
        )
        actual.label = actual.indicator.label(actual.year, actual.period)
        actual.achievement, actual.rag = (
            (None, "")
            if actual.plan is None
            else rate(
                actual.plan, actual.value, higher_is_better=actual.indicator.higher_is_better, policy=policy
            )
        )
    organizations = Organization.objects.filter(
        pk__in=waiting.values("indicator__responsible_organization_id")
    ).order_by("name_ru")
    return render(
        request,
        "monitoring/verify_queue.html",
        {
            "page": page,
            "query": query_without_page(request),
            "organizations": organizations,
            "filters": request.GET,
        },
    )


@login_required
@require_POST
def verify_selected(request: AuthedHtmxRequest) -> HttpResponse:
    require(can_verify(request.user))
    ids = [int(v) for v in request.POST.getlist("actual") if v.isdigit()][:5000]
    qs = verifiable_actuals(request.user)
    if request.POST.get("all") != "1":
        qs = qs.filter(pk__in=ids)
    count = actuals_verify(actuals=list(qs), actor=request.user)
    messages.success(request, _("Values verified: %(n)d.") % {"n": count})
    return hx_redirect(request, "monitoring:verify")
