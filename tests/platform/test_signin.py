"""Sign-in: the form, lock-out after repeated failures (django-axes), the audit log, passwords."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


@pytest.fixture
def user() -> object:
    return UserFactory(username="aidos", email="aidos@pmis.example")


def test_login_page_renders_the_form(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert 'autocomplete="current-password"' in content


def test_right_password_signs_in_and_is_logged(client, user, security_log):
    response = client.post(LOGIN_URL, {"username": "aidos", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:ping")).status_code == 200
    assert any(m.startswith("login success user=aidos") for m in security_log.messages)
    assert AccessLog.objects.filter(username="aidos").count() == 1


def test_wrong_password_shows_an_error_and_is_logged(client, user, security_log):
    response = client.post(LOGIN_URL, {"username": "aidos", "password": "wrong-password-1"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(reverse("core:ping")).status_code == 302
    failures = [r for r in security_log.records if r.getMessage().startswith("login failure user=aidos")]
    assert len(failures) == 1
    assert failures[0].levelname == "WARNING"
    assert AccessAttempt.objects.get(username="aidos").failures_since_start == 1


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, user, settings, security_log):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit >= 3
    for _attempt in range(limit - 1):
        response = client.post(LOGIN_URL, {"username": "aidos", "password": "wrong-password-1"})
        assert response.status_code == 200
    response = client.post(LOGIN_URL, {"username": "aidos", "password": "wrong-password-1"})
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]

    response = client.post(LOGIN_URL, {"username": "aidos", "password": PASSWORD})
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert client.get(reverse("core:ping")).status_code == 302

    attempt = AccessAttempt.objects.get(username="aidos")
    assert attempt.failures_since_start >= limit
    assert not AccessLog.objects.filter(username="aidos").exists()
    assert sum(1 for m in security_log.messages if m.startswith("login failure user=aidos")) >= limit


def test_failure_log_keeps_each_failed_attempt(client, user, settings):
    """The project's settings keep every failed attempt as an AccessFailureLog row (beside pmis.security)."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN_URL, {"username": "aidos", "password": "wrong-password-1"})
    logged = list(AccessFailureLog.objects.filter(username="aidos").order_by("attempt_time"))
    assert len(logged) == settings.AXES_FAILURE_LIMIT
    assert [entry.locked_out for entry in logged][-1] is True
    assert not any(entry.locked_out for entry in logged[:-1])


def test_lockout_is_per_user_and_ip(client, user, settings):
    other = UserFactory(username="dinara")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN_URL, {"username": "aidos", "password": "wrong-password-1"})
    response = client.post(LOGIN_URL, {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("new_password", "error_fragment"),
    [
        ("short1!", "password_too_short"),
        ("password123", "password_too_common"),
        ("48291736450", "password_entirely_numeric"),
    ],
)
def test_password_change_rejects_weak_passwords(client, user, new_password, error_fragment):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["new_password2"]]
    assert any(error_fragment in code for code in codes), codes
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_accepts_a_strong_password(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "Tau-Koktobe-2031", "new_password2": "Tau-Koktobe-2031"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.check_password("Tau-Koktobe-2031")


def test_password_reset_mails_a_working_link(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail is sent by a task after commit
        response = client.post(reverse("accounts:password-reset"), {"email": "aidos@pmis.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aidos@pmis.example"]
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body

    response = client.get(match.group(1))
    assert response.status_code == 302  # Django swaps the token for a session marker, then shows the form
    form_url = response["Location"]
    response = client.get(form_url)
    assert response.status_code == 200
    assert response.context["validlink"] is True

    response = client.post(form_url, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]

    response = client.post(
        form_url, {"new_password1": "Medeu-Skating-77", "new_password2": "Medeu-Skating-77"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-complete")
    user.refresh_from_db()
    assert user.check_password("Medeu-Skating-77")
    response = client.post(LOGIN_URL, {"username": "aidos", "password": "Medeu-Skating-77"})
    assert response.status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": "nobody@pmis.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_password_reset_link_with_a_bad_token_is_refused(client, user):
    response = client.get(reverse("accounts:password-reset-confirm", args=["MQ", "bad-token"]))
    assert response.status_code == 200
    assert response.context["validlink"] is False
