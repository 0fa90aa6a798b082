"""Reads of the campaign pages: the user-scoped list (counts annotated, flat query count), a campaign's waves
with their counts, the signed-in user's open invitations and the open campaigns of the home panel. Counts only:
nothing here says who answered."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from surveys.models import Campaign, Invitation, Wave
from surveys.permissions import campaigns_visible_to, invitations_of
from surveys.services.campaigns import response_rate

SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "status": ("status", "name"),
    "-created": ("-created_at",),
    "created": ("created_at",),
    "-rate": ("-answered", "name"),
}


def _with_counts(qs: QuerySet[Campaign]) -> QuerySet[Campaign]:
    return qs.annotate(
        wave_count=Count("waves", distinct=True),
        invited=Count("waves__invitations", distinct=True),
        answered=Count(
            "waves__invitations", filter=Q(waves__invitations__used_at__isnull=False), distinct=True
        ),
    )


def campaign_list(user: Any, params: Mapping[str, Any]) -> QuerySet[Campaign]:
    """Campaigns the user reads, filtered by status, trigger and survey, searched by name, sorted; each with
    its wave, invitation and answer counts (one query per page)."""
    qs = campaigns_visible_to(user).select_related("survey", "owner")
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("trigger"):
        qs = qs.filter(trigger=params["trigger"])
    if params.get("survey"):
        qs = qs.filter(survey=params["survey"])
    if params.get("q"):
        text = params["q"]
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(survey__title_ru__icontains=text)
            | Q(survey__title_kk__icontains=text)
            | Q(survey__title_en__icontains=text)
        )
    qs = _with_counts(qs)
    return qs.order_by(*SORTS.get(params.get("sort") or "", ("-created_at",)), "-id")


def rate_of(campaign: Any) -> Any:
    return response_rate(getattr(campaign, "invited", 0) or 0, getattr(campaign, "answered", 0) or 0)


def campaign_waves(campaign: Campaign) -> list[Wave]:
    """The campaign's waves, newest first, each with invited / answered counts and its rate (one query)."""
    waves: list[Any] = list(
        Wave.objects.filter(campaign=campaign)
        .select_related("version", "project")
        .annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__used_at__isnull=False)),
        )
        .order_by("-period_start", "-opened_at", "-pk")
    )
    for wave in waves:
        wave.rate = response_rate(wave.invited, wave.answered)
    return waves


def campaign_totals(campaign: Campaign) -> dict[str, Any]:
    """Invitations, answers and the response rate over all the campaign's waves (one query)."""
    row = Invitation.objects.filter(wave__campaign=campaign).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(used_at__isnull=False))
    )
    return {**row, "rate": response_rate(row["invited"], row["answered"])}


def open_invitations(user: Any) -> QuerySet[Invitation]:
    """The user's invitations still to answer: unused, the wave open, not expired; soonest closing first."""
    now = timezone.now()
    return (
        invitations_of(user)
        .filter(used_at__isnull=True, expires_at__gt=now, wave__closed_at__isnull=True)
        .select_related("wave__campaign__survey")
        .order_by("expires_at", "pk")
    )


def open_campaigns(limit: int = 6) -> list[Campaign]:
    """Active campaigns with an open wave, with their counts over the open waves (one query)."""
    now = timezone.now()
    open_wave = Wave.objects.filter(campaign=OuterRef("pk"), closed_at__isnull=True, closes_at__gt=now)
    live = Q(waves__closed_at__isnull=True, waves__closes_at__gt=now)
    qs = (
        Campaign.objects.filter(status=Campaign.Status.ACTIVE)
        .filter(Exists(open_wave))
        .select_related("survey")
        .annotate(
            invited=Count("waves__invitations", filter=live, distinct=True),
            answered=Count(
                "waves__invitations",
                filter=live & Q(waves__invitations__used_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("name", "pk")
    )
    return list(qs[:limit])
