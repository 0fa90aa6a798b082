"""The survey's result settings: headline question, weighting dimensions, the indicator a citizen survey feeds."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys.services import builder as svc
from tests.factories import DistrictFactory
from tests.surveys.factories import SurveyManagerFactory, make_survey

pytestmark = pytest.mark.django_db


def test_citizen_survey_takes_headline_weighting_and_indicator() -> None:
    DistrictFactory()
    owner = SurveyManagerFactory()
    survey = make_survey(owner, key="citizen_city")
    svc.survey_update(
        survey=survey,
        actor=owner,
        headline_key="satisfaction",
        weighting=["sex", "district"],
        feeds_indicator_code=" S-02 ",
    )
    survey.refresh_from_db()
    assert survey.headline_key == "satisfaction"
    assert survey.weighting == ["district", "sex"]  # kept in raking order
    assert survey.feeds_indicator_code == "S-02"


def test_customer_survey_is_not_weighted_and_headline_must_be_a_scale_question() -> None:
    owner = SurveyManagerFactory()
    survey = make_survey(owner)
    with pytest.raises(ValidationError) as weighting:
        svc.survey_update(survey=survey, actor=owner, weighting=["district"])
    assert "weighting" in weighting.value.message_dict
    with pytest.raises(ValidationError) as headline:
        svc.survey_update(survey=survey, actor=owner, headline_key="recommend")  # an NPS question
    assert "headline_key" in headline.value.message_dict
    survey.refresh_from_db()
    assert survey.weighting == []
    assert survey.headline_key == "overall"


def test_edit_page_saves_the_settings(client) -> None:  # type: ignore[no-untyped-def]
    DistrictFactory()
    owner = SurveyManagerFactory()
    survey = make_survey(owner, key="citizen_city")
    client.force_login(owner)
    page = client.get(reverse("surveys:survey-edit", args=[survey.pk]))
    assert page.status_code == 200
    assert b'name="weighting"' in page.content
    data = {
        "audience": survey.audience,
        "subject": survey.subject,
        **{f"title_{lang}": getattr(survey, f"title_{lang}") for lang in ("ru", "kk", "en")},
        "headline_key": "satisfaction",
        "weighting": ["district", "age_band"],
        "feeds_indicator_code": "S-02",
    }
    response = client.post(reverse("surveys:survey-edit", args=[survey.pk]), data)
    assert response.status_code in (200, 302)
    survey.refresh_from_db()
    assert survey.weighting == ["district", "age_band"]
    assert survey.feeds_indicator_code == "S-02"
