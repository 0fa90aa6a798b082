"""Session limits: idle 30 minutes, absolute 12 hours; an expired session goes back to sign-in with ?next."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    UserFactory(username="aidos")
    assert client.post(reverse("accounts:login"), {"username": "aidos", "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def shift_clock(monkeypatch):
    """Move django.utils.timezone.now forward by the given amount (the middleware reads it)."""
    real_now = timezone.now

    def shift(delta: timedelta) -> None:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + delta)

    return shift


def _expect_login_redirect(response, path: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={quote(path, safe='/?=&')}"


def test_login_stamps_the_session(signed_in):
    session = signed_in.session
    now = int(timezone.now().timestamp())
    assert abs(session["pmis_login_at"] - now) <= 2
    assert abs(session["pmis_seen_at"] - now) <= 2


def test_activity_within_the_idle_limit_keeps_the_session(signed_in, shift_clock, settings):
    shift_clock(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 60))
    assert signed_in.get(reverse("core:ping")).status_code == 200
    # the request refreshed pmis_seen_at, so another 29 minutes later the session is still alive
    shift_clock(timedelta(seconds=2 * settings.SESSION_IDLE_TIMEOUT - 120))
    assert signed_in.get(reverse("core:ping")).status_code == 200


def test_idle_for_more_than_30_minutes_signs_out(signed_in, shift_clock):
    shift_clock(timedelta(minutes=31))
    response = signed_in.get("/accounts/profile/?tab=security")
    _expect_login_redirect(response, "/accounts/profile/?tab=security")
    shift_clock(timedelta(minutes=32))
    assert signed_in.get(reverse("core:ping")).status_code == 302  # really signed out, not just redirected once


def test_idle_timeout_by_session_timestamps(signed_in):
    session = signed_in.session
    session["pmis_seen_at"] = int(timezone.now().timestamp()) - 31 * 60
    session.save()
    _expect_login_redirect(signed_in.get(reverse("notifications:list")), reverse("notifications:list"))


def test_absolute_limit_of_12_hours_applies_even_to_an_active_session(signed_in):
    session = signed_in.session
    now = int(timezone.now().timestamp())
    session["pmis_login_at"] = now - 12 * 60 * 60 - 1
    session["pmis_seen_at"] = now - 10
    session.save()
    _expect_login_redirect(signed_in.get(reverse("core:ping")), reverse("core:ping"))
    response = signed_in.get(reverse("core:ping"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_eleven_hours_of_activity_is_still_fine(signed_in):
    session = signed_in.session
    now = int(timezone.now().timestamp())
    session["pmis_login_at"] = now - 11 * 60 * 60
    session["pmis_seen_at"] = now - 60
    session.save()
    assert signed_in.get(reverse("core:ping")).status_code == 200


def test_expired_session_explains_itself_on_the_sign_in_page(signed_in, shift_clock):
    shift_clock(timedelta(minutes=45))
    response = signed_in.get(reverse("core:ping"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    texts = [str(m) for m in response.context["messages"]]
    assert len(texts) == 1
    assert "сеанс" in texts[0].lower() or "session" in texts[0].lower()
