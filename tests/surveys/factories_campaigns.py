"""Factories of the campaign tests: an open customer survey and a campaign of it."""

from __future__ import annotations

from typing import Any

from surveys.models import Campaign, Survey
from surveys.services import campaigns as svc
from tests.surveys.factories import make_survey


def open_customer_survey(owner: Any, **fields: Any) -> Survey:
    survey = make_survey(owner, **fields)
    assert survey.audience == Survey.Audience.CUSTOMER
    survey.status = Survey.Status.OPEN
    survey._history_user = owner  # type: ignore[attr-defined]
    survey.save()
    return survey


def make_campaign(owner: Any, *, survey: Survey | None = None, launch: bool = True, **data: Any) -> Campaign:
    """A campaign (launched unless `launch=False`); audience: the chosen `departments` by default."""
    survey = survey or open_customer_survey(owner)
    fields: dict[str, Any] = {
        "name": "Customer satisfaction",
        "audience_kind": Campaign.AudienceKind.DEPARTMENTS,
        "departments": [],
        "direction": None,
        "recipients": [],
        "trigger": Campaign.Trigger.SCHEDULE,
        "period": Campaign.Period.QUARTER,
        "event": "",
        "reminder_days": 5,
        "answer_days": 14,
    }
    fields.update(data)
    campaign = svc.campaign_create(actor=owner, survey=survey, **fields)
    if launch:
        campaign = svc.campaign_launch(campaign=campaign, actor=owner)
    return campaign
