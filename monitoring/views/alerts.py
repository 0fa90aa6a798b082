"""Lag alerts, the "Run scan now" job, and recommendations (SAC → manager → coordinator → implemented)."""

from __future__ import annotations

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from monitoring import selectors
from monitoring.escalation import lag_escalations
from monitoring.forms import DecisionForm, RecommendationForm, ResponseForm
from monitoring.models import Alert, Recommendation
from monitoring.permissions import (
    access_alert,
    access_recommendation,
    alerts_visible_to,
    can_decide,
    can_mark_implemented,
    can_respond,
    can_run_scan,
    is_sac,
    recommendations_visible_to,
)
from monitoring.services import recommendations as recs
from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.history import HistoryRow, history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.jobs import job_create
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from pmis.core.numbers import parse_int
from pmis.core.permissions import require
from pmis.reference.models import Direction


@login_required
@require_GET
def alert_list(request: AuthedHtmxRequest) -> HttpResponse:
    qs = selectors.alert_list(request.user, request.GET)
    if wants_xlsx(request):
        return xlsx_response(
            "alerts.xlsx",
            [
                _("Severity"),
                _("Kind"),
                _("Subject"),
                _("Detail"),
                _("Period"),
                _("Direction"),
                _("Responsible"),
                _("Opened"),
                _("Lagging since"),
                _("Closed"),
            ],
            [
                (
                    a.get_severity_display(),
                    a.get_object_type_display(),
                    a.title,
                    a.detail_text,
                    a.period_label,
                    a.direction.name if a.direction else "",
                    str(a.responsible or ""),
                    a.opened_at,
                    a.lagging_since,
                    a.closed_at,
                )
                for a in qs[:EXPORT_LIMIT]
            ],
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query_without_page(request),
        "filters": request.GET,
        "directions": Direction.objects.order_by("number"),
        "types": Alert.ObjectType.choices,
        "can_scan": can_run_scan(request.user),
        "is_sac": is_sac(request.user),
    }
    return render_list(request, "monitoring/alert_list.html", context, fragments=["alert-table"])


@login_required
@require_GET
def alert_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    alert = access_alert(request.user, pk)
    recommendations = (
        recommendations_visible_to(request.user).filter(alerts=alert).select_related("drafted_by")
    )
    return render(
        request,
        "monitoring/alert_detail.html",
        {
            "alert": alert,
            "recommendations": recommendations,
            "is_sac": is_sac(request.user),
            "escalations": lag_escalations(alert),
            "history": history_rows(alert, limit=50),
        },
    )


@login_required
@require_POST
def scan_start(request: AuthedHtmxRequest) -> HttpResponse:
    """SAC's "Run scan now": a job with progress (the same service the daily beat task runs)."""
    require(can_run_scan(request.user))
    with transaction.atomic():
        job = job_create(kind="monitoring.scan", requested_by=request.user)
    return hx_redirect(request, job)


@login_required
@require_GET
def recommendation_list(request: AuthedHtmxRequest) -> HttpResponse:
    qs = (
        recommendations_visible_to(request.user)
        .select_related("project", "indicator", "drafted_by")
        .order_by("-created_at")
    )
    if status := request.GET.get("status"):
        qs = qs.filter(status=status)
    if kind := request.GET.get("kind"):
        qs = qs.filter(kind=kind)
    if request.GET.get("mine"):
        qs = qs.filter(project__manager=request.user)
    if q := (request.GET.get("q") or "").strip():
        qs = qs.filter(text__icontains=q)
    if wants_xlsx(request):
        return xlsx_response(
            "recommendations.xlsx",
            [_("Kind"), _("Status"), _("Project"), _("Recommendation"), _("Response"), _("Created")],
            [
                (
                    r.get_kind_display(),
                    r.get_status_display(),
                    r.project.code if r.project else "",
                    r.text,
                    r.response,
                    r.created_at,
                )
                for r in qs[:EXPORT_LIMIT]
            ],
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/recommendation_list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "filters": request.GET,
            "statuses": Recommendation.Status.choices,
            "kinds": Recommendation.Kind.choices,
            "is_sac": is_sac(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: AuthedHtmxRequest) -> HttpResponse:
    require(is_sac(request.user))
    open_alerts = alerts_visible_to(request.user).filter(closed_at__isnull=True).select_related("project")
    initial: dict[str, object] = {}
    start = None
    if alert_id := parse_int(request.GET.get("alert") or request.POST.get("for_alert")):
        start = open_alerts.filter(pk=alert_id).first()
    if start is not None:
        # started from an alert: offer that project's open alerts (ticked: the one the analyst came from)
        open_alerts = (
            open_alerts.filter(project_id=start.project_id)
            if start.project_id
            else open_alerts.filter(pk=start.pk)
        )
        initial["alerts"] = [start.pk]
    form = RecommendationForm(
        request.POST or None,
        initial=initial,
        alerts=open_alerts.order_by("-severity", "title"),
        compact=start is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            rec = recs.recommendation_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                alerts=list(form.cleaned_data["alerts"]),
                send=form.cleaned_data["send"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The recommendation is saved."))
            return hx_redirect(request, rec)
    return render(request, "monitoring/recommendation_form.html", {"form": form, "start": start})


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    rec = access_recommendation(request.user, pk)
    response_form = ResponseForm(
        request.POST if request.POST.get("action") == "respond" else None, initial={"response": rec.response}
    )
    decision_form = DecisionForm(request.POST if request.POST.get("action") == "decide" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "send":
                require(is_sac(request.user))
                recs.recommendation_send(rec=rec, actor=request.user)
            elif action == "respond":
                require(can_respond(request.user, rec))
                if not response_form.is_valid():
                    raise ValidationError("")
                recs.recommendation_respond(
                    rec=rec, actor=request.user, response=response_form.cleaned_data["response"]
                )
            elif action == "decide":
                require(can_decide(request.user, rec))
                if not decision_form.is_valid():
                    raise ValidationError("")
                recs.recommendation_decide(
                    rec=rec,
                    actor=request.user,
                    accept=decision_form.cleaned_data["decision"] == "accept",
                    note=decision_form.cleaned_data["note"],
                )
            elif action == "implemented":
                require(can_mark_implemented(request.user, rec))
                recs.recommendation_implemented(rec=rec, actor=request.user)
            else:
                require(False)
        except ValidationError as exc:
            if any(exc.messages):
                add_service_errors(response_form if action == "respond" else decision_form, exc)
        else:
            messages.success(request, _("The recommendation is updated."))
            return hx_redirect(request, rec)
    alerts = list(rec.alerts.select_related("direction", "responsible"))
    return render(
        request,
        "monitoring/recommendation_detail.html",
        {
            "rec": rec,
            "alerts": alerts,
            "steps": _steps(rec),
            "waiting_for": _waiting_for(rec),
            "response_form": response_form,
            "decision_form": decision_form,
            "can_send": is_sac(request.user) and rec.status == Recommendation.Status.DRAFT,
            "can_respond": can_respond(request.user, rec),
            "can_decide": can_decide(request.user, rec),
            "can_implement": can_mark_implemented(request.user, rec),
            "history": _readable_history(rec, alerts),
        },
    )


def _steps(rec: Recommendation) -> list[dict[str, object]]:
    """The recommendation's path SAC → manager → coordinator → implemented, each step with who and when."""
    S = Recommendation.Status
    order: list[str] = [S.DRAFT, S.SENT, S.RESPONDED, S.ACCEPTED, S.IMPLEMENTED]
    reached = order.index(rec.status) if rec.status in order else order.index(S.RESPONDED) + 1
    decided_label = (
        _("Rejected")
        if rec.status == S.REJECTED
        else _("Accepted")
        if rec.decided_at
        else _("Coordinator's decision")
    )
    return [
        {"label": _("Drafted by SAC"), "done": True, "who": rec.drafted_by, "when": rec.created_at},
        {
            "label": _("Sent to the project manager"),
            "done": reached >= 1 or rec.status == S.REJECTED,
            "who": None,
            "when": None,
        },
        {
            "label": _("Manager's response"),
            "done": bool(rec.responded_at),
            "who": rec.responded_by,
            "when": rec.responded_at,
        },
        {
            "label": decided_label,
            "done": bool(rec.decided_at),
            "who": rec.decided_by,
            "when": rec.decided_at,
            "rejected": rec.status == S.REJECTED,
        },
        {
            "label": _("Implemented"),
            "done": rec.status == S.IMPLEMENTED,
            "who": None,
            "when": rec.implemented_at,
        },
    ]


def _waiting_for(rec: Recommendation) -> str:
    S = Recommendation.Status
    texts: dict[str, str] = {
        S.DRAFT: _("Waiting for SAC to send it to the project manager."),
        S.SENT: _("Waiting for the project manager's response."),
        S.RESPONDED: _("Waiting for the direction coordinator's decision."),
        S.ACCEPTED: _("Accepted: waiting for implementation."),
    }
    return texts.get(rec.status, "")


def _readable_history(rec: Recommendation, alerts: list[Alert]) -> list[HistoryRow]:
    """History rows with the linked alerts shown by their titles instead of raw link rows."""
    rows = history_rows(rec, limit=50)
    label = str(Recommendation._meta.get_field("alerts").verbose_name)
    titles = {a.pk: a.title for a in alerts}

    def names(raw: str) -> str:
        ids = [int(i) for i in re.findall(r"'alert': (\d+)", raw)]
        return "; ".join(titles.get(i, f"#{i}") for i in ids) or "—"

    def when(raw: str) -> str:
        try:
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError:
            return raw
        return date_format(
            timezone.localtime(moment) if timezone.is_aware(moment) else moment, "SHORT_DATETIME_FORMAT"
        )

    moments = {
        str(f.verbose_name) for f in Recommendation._meta.get_fields() if isinstance(f, models.DateTimeField)
    }
    for row in rows:
        for change in row.changes:
            if str(change.label) == label:
                change.old, change.new = names(change.old), names(change.new)
            elif str(change.label) in moments:
                change.old, change.new = when(change.old), when(change.new)
    return rows
