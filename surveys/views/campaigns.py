"""Survey views: customer campaigns (list, create, edit, history, launch, pause, close, send now, the live
response rate) and the signed-in user's open invitations. This module's `urlpatterns` is included by
surveys/urls.py. Counts only: no page says who answered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from surveys import permissions
from surveys import selectors_campaigns as selectors
from surveys.forms_campaigns import CampaignFilterForm, CampaignForm
from surveys.models import Campaign
from surveys.services import campaigns as svc

PAGE_SIZE = 25
SECTION = "campaigns"


def _filters(form: Any) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_valid() else {}


def _rate_text(rate: Any) -> str:
    return f"{rate}%" if rate is not None else "—"


@login_required
@require_GET
def campaign_list(request: AuthedHtmxRequest) -> HttpResponse:
    """Campaigns with filters (status, trigger, survey), search, sorting, pagination and the Excel export."""
    permissions.require_results_reader(request.user)
    form = CampaignFilterForm(request.GET or None, user=request.user)
    qs = selectors.campaign_list(request.user, _filters(form))
    if wants_xlsx(request):
        return xlsx_response(
            "survey-campaigns.xlsx",
            [
                _("Campaign"),
                _("Survey"),
                _("Audience"),
                _("Sent"),
                _("Status"),
                _("Waves"),
                _("Invitations"),
                _("Answers"),
                _("Response rate, %"),
                _("Owner"),
            ],
            [
                (
                    c.name,
                    c.survey.title,
                    c.get_audience_kind_display(),
                    c.get_event_display() if c.trigger == Campaign.Trigger.EVENT else c.get_period_display(),
                    c.get_status_display(),
                    c.wave_count,  # type: ignore[attr-defined]
                    c.invited,  # type: ignore[attr-defined]
                    c.answered,  # type: ignore[attr-defined]
                    selectors.rate_of(c) if selectors.rate_of(c) is not None else "",
                    str(c.owner),
                )
                for c in qs[:EXPORT_LIMIT]
            ],
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for c in page:
        c.rate = selectors.rate_of(c)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_create": permissions.manages_surveys(request.user),
        "section": SECTION,
    }
    return render_list(request, "surveys/campaigns/list.html", context, fragments=["campaign-table"])


def _save_errors(form: CampaignForm, exc: ValidationError) -> None:
    add_service_errors(form, exc)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthedHtmxRequest) -> HttpResponse:
    """A new campaign of an open customer survey the user owns (`?survey=<pk>` preselects it)."""
    permissions.require_manager(request.user)
    initial: dict[str, Any] = {
        "audience_kind": Campaign.AudienceKind.DEPARTMENTS,
        "trigger": Campaign.Trigger.SCHEDULE,
        "period": Campaign.Period.QUARTER,
        "reminder_days": 5,
        "answer_days": 14,
    }
    survey_pk = request.GET.get("survey", "")
    if survey_pk.isdigit():
        survey = permissions.access_survey(request.user, int(survey_pk), write=True)
        initial["survey"] = survey.pk
        initial["name"] = survey.title
    form = CampaignForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        survey = data.pop("survey")
        try:
            campaign = svc.campaign_create(actor=request.user, survey=survey, **data)
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, _("Campaign “%(name)s” created as a draft.") % {"name": campaign.name})
            return hx_redirect(request, campaign)
    return render(request, "surveys/campaigns/form.html", {"form": form, "section": SECTION})


@login_required
@require_GET
def campaign_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The campaign's settings and its waves (period, sent, answered, response rate, closes): counts only."""
    campaign = permissions.access_campaign(request.user, pk)
    context = {
        "campaign": campaign,
        "departments": list(campaign.departments.all()),
        "recipients_count": campaign.recipients.count(),
        "direction": campaign.direction,
        "waves": selectors.campaign_waves(campaign),
        "totals": selectors.campaign_totals(campaign),
        "can_edit": permissions.can_edit_campaign(request.user, campaign),
        "section": SECTION,
    }
    return render(request, "surveys/campaigns/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    campaign = permissions.access_campaign(request.user, pk, write=True)
    initial = {
        "name": campaign.name,
        "audience_kind": campaign.audience_kind,
        "departments": list(campaign.departments.values_list("pk", flat=True)),
        "direction": campaign.direction_id,
        "recipients": list(campaign.recipients.values_list("pk", flat=True)),
        "trigger": campaign.trigger,
        "period": campaign.period,
        "event": campaign.event,
        "reminder_days": campaign.reminder_days,
        "answer_days": campaign.answer_days,
    }
    form = CampaignForm(request.POST or None, initial=initial, user=request.user, with_survey=False)
    if request.method == "POST" and form.is_valid():
        try:
            svc.campaign_update(campaign=campaign, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, _("Campaign “%(name)s” saved.") % {"name": form.cleaned_data["name"]})
            return hx_redirect(request, campaign)
    context = {"form": form, "campaign": campaign, "section": SECTION}
    return render(request, "surveys/campaigns/form.html", context)


@login_required
@require_GET
def campaign_history(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    campaign = permissions.access_campaign(request.user, pk)
    context = {"campaign": campaign, "history": history_rows(campaign), "section": SECTION}
    return render(request, "surveys/campaigns/history.html", context)


def _action(
    service: Callable[..., Any], done: StrOrPromise
) -> Callable[[AuthedHtmxRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
        campaign = permissions.access_campaign(request.user, pk, write=True)
        try:
            service(campaign=campaign, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(done) % {"name": campaign.name})
        return hx_redirect(request, campaign)

    view.__doc__ = f"POST: {service.__doc__ or ''}"
    return view


campaign_launch = _action(svc.campaign_launch, gettext_lazy("Campaign “%(name)s” launched."))
campaign_pause = _action(svc.campaign_pause, gettext_lazy("Campaign “%(name)s” paused."))
campaign_close = _action(svc.campaign_close, gettext_lazy("Campaign “%(name)s” closed."))


@login_required
@require_POST
def campaign_send(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Send the current period's wave now (once per period) instead of waiting for the morning run."""
    campaign = permissions.access_campaign(request.user, pk, write=True)
    try:
        wave = svc.send_current_wave(campaign=campaign, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The wave of the period from %(date)s was sent.")
            % {"date": date_format(wave.period_start, "SHORT_DATE_FORMAT")},
        )
    return hx_redirect(request, campaign)


@login_required
@require_GET
def campaign_rate(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The live response rate (htmx polls it every 30 seconds on the campaign's page)."""
    campaign = permissions.access_campaign(request.user, pk)
    context = {"campaign": campaign, "totals": selectors.campaign_totals(campaign), "now": timezone.now()}
    return render(request, "surveys/campaigns/_rate.html", context)


@login_required
@require_GET
def my_invitations(request: AuthedHtmxRequest) -> HttpResponse:
    """The signed-in user's surveys still to answer (anyone: an invitation is its own key)."""
    invitations = list(selectors.open_invitations(request.user)[:100])
    for invitation in invitations:
        invitation.answer_url = svc.invitation_answer_url(invitation)  # type: ignore[attr-defined]
    return render(
        request,
        "surveys/campaigns/my_invitations.html",
        {"invitations": invitations, "section": "invitations"},
    )


urlpatterns: list[URLPattern] = [
    path("campaigns/", campaign_list, name="campaign-list"),
    path("campaigns/new/", campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/edit/", campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/history/", campaign_history, name="campaign-history"),
    path("campaigns/<int:pk>/launch/", campaign_launch, name="campaign-launch"),
    path("campaigns/<int:pk>/pause/", campaign_pause, name="campaign-pause"),
    path("campaigns/<int:pk>/close/", campaign_close, name="campaign-close"),
    path("campaigns/<int:pk>/send/", campaign_send, name="campaign-send"),
    path("campaigns/<int:pk>/rate/", campaign_rate, name="campaign-rate"),
    path("invitations/", my_invitations, name="my-invitations"),
]
