"""The free-text queue says when the texts export would stop at EXPORT_LIMIT rows (never a silent cut)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.surveys.factories import SurveyManagerFactory, make_response, make_survey

pytestmark = pytest.mark.django_db

NOTICE = 'data-testid="export-limit-notice"'


def test_queue_warns_when_published_texts_exceed_the_export(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = SurveyManagerFactory()
    survey = make_survey(owner)
    for text in ("Faster answers, please.", "More training.", "Clearer templates."):
        make_response(
            survey, {"overall": 2, "timeliness": 3, "methodology": 3, "recommend": 5, "improve": text}
        )
    client.force_login(owner)
    url = reverse("surveys:texts", args=[survey.pk])
    assert NOTICE not in client.get(url).content.decode()
    monkeypatch.setattr("pmis.core.templatetags.pmis.EXPORT_LIMIT", 2)
    assert NOTICE in client.get(url).content.decode()
