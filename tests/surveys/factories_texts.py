"""Factories of the free-text tests: surveys with free-text answers and their moderation records."""

from __future__ import annotations

import datetime
from typing import Any

from surveys.models import Response, Survey, TextReview
from surveys.services.texts import create_reviews
from tests.surveys.factories import make_response, make_survey


def citizen_survey(owner: Any) -> Survey:
    return make_survey(owner, audience=Survey.Audience.CITIZEN)


def text_answer(
    survey: Survey,
    text: str,
    *,
    period_start: datetime.date = datetime.date(2026, 10, 1),
    extra: dict[str, Any] | None = None,
    **fields: Any,
) -> TextReview:
    """A response with a free-text answer (key `improve`) and its moderation record, as the respondent
    service leaves it."""
    channel = (
        Response.Channel.PUBLIC if survey.audience == Survey.Audience.CITIZEN else Response.Channel.INVITATION
    )
    response = make_response(
        survey,
        {"overall": 4, "improve": text, **(extra or {})},
        period_start=period_start,
        channel=channel,
        **fields,
    )
    create_reviews(response)
    return TextReview.objects.get(answer__response=response)
