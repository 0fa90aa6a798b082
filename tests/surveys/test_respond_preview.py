"""Readers' pages of the respond area: the preview per language and version, the QR code and the poster."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models import SurveyVersion
from tests.surveys.factories import make_survey
from tests.surveys.factories_respond import make_citizen_survey

pytestmark = pytest.mark.django_db


def test_preview_in_each_language_read_only(client: Client, pmo: Any) -> None:
    survey = make_survey(pmo)
    client.force_login(pmo)
    url = reverse("surveys:preview", args=[survey.pk])
    kk = client.get(url + "?lang=kk").content.decode()
    assert "Жобалық кеңсенің жұмысына жалпы қаншалықты көңіліңіз толады?" in kk
    assert 'lang="kk"' in kk
    assert "disabled" in kk
    assert "Send my answers" not in kk
    en = client.get(url + "?lang=en").content.decode()
    assert "How satisfied are you with the Project Office" in en
    assert client.get(url + "?version=9").status_code == 404
    assert client.get(url + "?version=abc").status_code == 404
    assert client.get(url + "?version=1&lang=zz").status_code == 200


def test_preview_of_an_older_version(client: Client, pmo: Any) -> None:
    survey = make_survey(pmo)
    SurveyVersion.objects.create(survey=survey, number=2, created_by=pmo)
    client.force_login(pmo)
    url = reverse("surveys:preview", args=[survey.pk])
    assert b"overall" not in client.get(url).content  # version 2 has no questions
    assert b'name="q_overall"' in client.get(url + "?version=1").content


def test_preview_queries_stay_flat(client: Client, pmo: Any, django_assert_max_num_queries: Any) -> None:
    small = make_survey(pmo)
    big = make_citizen_survey(pmo)
    client.force_login(pmo)
    client.get(reverse("surveys:preview", args=[small.pk]))
    with django_assert_max_num_queries(20) as small_ctx:
        client.get(reverse("surveys:preview", args=[small.pk]))
    with django_assert_max_num_queries(len(small_ctx.captured_queries)):
        client.get(reverse("surveys:preview", args=[big.pk]))


def test_qr_and_poster(client: Client, pmo: Any) -> None:
    survey = make_citizen_survey(pmo, slug="respond-qr")
    client.force_login(pmo)
    qr = client.get(reverse("surveys:survey-qr", args=[survey.pk]))
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
    poster = client.get(reverse("surveys:survey-poster", args=[survey.pk])).content.decode()
    assert "/surveys/s/respond-qr/" in poster
    assert "<svg" in poster
    assert 'lang="kk"' in poster
    assert 'lang="ru"' in poster
    assert 'lang="en"' in poster
    no_link = make_survey(pmo)
    assert client.get(reverse("surveys:survey-qr", args=[no_link.pk])).status_code == 404
    assert client.get(reverse("surveys:survey-poster", args=[no_link.pk])).status_code == 404


def test_thanks_page_needs_no_account() -> None:
    response = Client().get(reverse("surveys:answer-done") + "?lang=kk")
    assert response.status_code == 200
    assert response["Content-Language"] == "kk"
