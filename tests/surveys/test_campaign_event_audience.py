"""A gate or closure campaign goes to the project's team: it needs no chosen departments or people; a
scheduled campaign to departments still needs them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from surveys.models import Campaign
from tests.surveys.factories import SurveyManagerFactory
from tests.surveys.factories_campaigns import make_campaign

pytestmark = pytest.mark.django_db


def test_project_event_campaign_needs_no_departments() -> None:
    owner = SurveyManagerFactory()
    campaign = make_campaign(owner, trigger=Campaign.Trigger.EVENT, event=Campaign.Event.GATE_PASSED)
    assert campaign.status == Campaign.Status.ACTIVE
    assert campaign.departments.count() == 0


def test_scheduled_campaign_to_departments_needs_one() -> None:
    owner = SurveyManagerFactory()
    with pytest.raises(ValidationError) as refused:
        make_campaign(owner)
    assert "departments" in refused.value.message_dict
    assert not Campaign.objects.exists()
