"""The invitation's pages: the token link (no sign-in, language of the respondent's choice) and the signed-in
recipient's in-app answer; used / expired / unknown tokens get a clear page, never a 500."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys.models import Answer, Invitation, Response
from tests.factories import UserFactory
from tests.surveys.factories_respond import make_invitation

pytestmark = pytest.mark.django_db

GOOD = {"q_overall": "4", "q_timeliness": "5", "q_methodology": "3", "q_recommend": "8"}


def _url(raw: str) -> str:
    return reverse("surveys:token-answer", args=[raw])


def test_token_page_answers_without_signing_in_in_the_recipients_language() -> None:
    invitation, raw = make_invitation(UserFactory(language="kk"))
    client = Client()
    page = client.get(_url(raw))
    assert page.status_code == 200
    assert "Жобалық кеңсенің жұмысына жалпы қаншалықты көңіліңіз толады?" in page.content.decode()
    assert "How satisfied" in client.get(_url(raw) + "?lang=en").content.decode()
    response = client.post(_url(raw) + "?lang=en", GOOD)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.language == "en"
    assert stored.channel == "invitation"
    assert stored.wave == invitation.wave
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    used = client.get(_url(raw))
    assert used.status_code == 410
    assert b"already been used" in client.get(_url(raw) + "?lang=en").content
    assert client.post(_url(raw), GOOD).status_code == 410
    assert Response.objects.count() == 1


def test_browser_language_is_the_default_without_a_profile_language() -> None:
    _invitation, raw = make_invitation(UserFactory(language=""))
    page = Client().get(_url(raw), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "How satisfied" in page.content.decode()


def test_expired_and_unknown_tokens() -> None:
    invitation, raw = make_invitation(UserFactory())
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    client = Client()
    expired = client.get(_url(raw) + "?lang=en")
    assert expired.status_code == 410
    assert b"expired" in expired.content
    assert client.post(_url(raw), GOOD).status_code == 410
    assert client.get(_url("not-a-token") + "?lang=en").status_code == 404
    assert b"not valid" in client.get(_url("x" * 300) + "?lang=en").content
    assert Response.objects.count() == 0


def test_missing_required_answer_is_refused_with_a_message_and_the_invitation_stays_open() -> None:
    invitation, raw = make_invitation(UserFactory())
    response = Client().post(_url(raw) + "?lang=en", {"q_overall": "4"})
    assert response.status_code == 200
    assert b"This question needs an answer." in response.content
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_in_app_answer_is_the_recipients_own(client: Client, officer: Any, manager: Any) -> None:
    invitation, _raw = make_invitation(officer)
    url = reverse("surveys:invitation-answer", args=[invitation.pk])
    client.force_login(manager)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    page = client.get(url + "?lang=ru")
    assert page.status_code == 200
    assert "Жобалық" not in page.content.decode()
    assert client.post(url, GOOD).status_code == 302
    assert client.get(url).status_code == 410


def test_home_panel_lists_open_invitations(client: Client, officer: Any) -> None:
    from surveys.portal_campaigns import invitations_waiting

    assert invitations_waiting(officer) is None
    invitation, _raw = make_invitation(officer)
    panel = invitations_waiting(officer)
    assert panel is not None
    assert len(panel.items) == 1
    assert panel.items[0].url == reverse("surveys:invitation-answer", args=[invitation.pk])


def test_token_page_queries_stay_flat(django_assert_max_num_queries: Any) -> None:
    from tests.surveys.factories_respond import make_citizen_survey

    _inv, small = make_invitation(UserFactory())
    citizen = make_citizen_survey(slug="respond-flat")  # more questions and choices
    _inv2, big = make_invitation(UserFactory(), survey=citizen)
    client = Client()
    client.get(_url(small))
    with django_assert_max_num_queries(10) as ctx:
        assert client.get(_url(small)).status_code == 200
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert client.get(_url(big)).status_code == 200
