"""Surveys — customer campaigns: the survey's owners (here the Project Office user `pmo`) run them; the Project
Office and the SAC read them (counts only); everyone else is refused (403: not confidential, just not theirs).
Administrators hold no survey role. "My invitations" is every signed-in user's own page."""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN, Entry

READ = {"anonymous": LOGIN, "pmo": 200, "sac": 200, "*": 403}
OWNER = {"anonymous": LOGIN, "pmo": 200, "*": 403}
OWNER_POST = {"anonymous": LOGIN, "pmo": 302, "*": 403}
SIGNED_IN = {"anonymous": LOGIN, "*": 200}


def setup(world: Any) -> None:
    from surveys.models import Campaign, Survey
    from surveys.services import campaigns as svc
    from tests.surveys.factories import make_survey

    pmo = world.users["pmo"]
    survey = make_survey(pmo)
    survey.status = Survey.Status.OPEN
    survey.save()
    world.sv_campaigns_survey = survey
    world.sv_campaigns_campaign = svc.campaign_create(
        actor=pmo,
        survey=survey,
        name="Matrix campaign",
        audience_kind=Campaign.AudienceKind.USERS,
        departments=[],
        direction=None,
        recipients=[u for u in world.users.values() if u is not None],
        trigger=Campaign.Trigger.SCHEDULE,
        period=Campaign.Period.QUARTER,
        event="",
        reminder_days=5,
        answer_days=14,
    )


def _campaign(w: Any) -> list[Any]:
    return [w.sv_campaigns_campaign.pk]


ENTRIES = [
    Entry("surveys:campaign-list", expect=READ),
    Entry("surveys:campaign-create", expect=OWNER, note="creating needs an open customer survey one owns"),
    Entry("surveys:campaign-detail", args=_campaign, expect=READ),
    Entry("surveys:campaign-edit", args=_campaign, expect=OWNER),
    Entry("surveys:campaign-history", args=_campaign, expect=READ),
    Entry("surveys:campaign-rate", args=_campaign, expect=READ, note="the htmx-polled response rate"),
    Entry("surveys:campaign-launch", args=_campaign, method="POST", expect=OWNER_POST),
    Entry(
        "surveys:campaign-send",
        args=_campaign,
        method="POST",
        expect=OWNER_POST,
        note="after the launch above the wave is sent; refused with a message otherwise — both back to the page",
    ),
    Entry("surveys:campaign-pause", args=_campaign, method="POST", expect=OWNER_POST),
    Entry("surveys:campaign-close", args=_campaign, method="POST", expect=OWNER_POST),
    Entry("surveys:my-invitations", expect=SIGNED_IN, note="each signed-in user's own open invitations"),
]
