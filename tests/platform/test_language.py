"""The reader's language: sign-in takes it from the profile (not from the browser), the switcher updates the
profile of a signed-in user, and a tampered value changes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_switches_to_the_profiles_language_not_the_browsers() -> None:
    UserFactory(username="asel", language="kk")
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="ru"' in client.get(reverse("accounts:login")).content.decode()
    response = client.post(reverse("accounts:login"), {"username": "asel", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    home = client.get(reverse("core:home")).content.decode()
    assert '<html lang="kk"' in home


def test_sign_in_overrides_an_older_language_cookie() -> None:
    UserFactory(username="john", language="en")
    client = Client(HTTP_ACCEPT_LANGUAGE="kk")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    client.post(reverse("accounts:login"), {"username": "john", "password": PASSWORD})
    assert '<html lang="en"' in client.get(reverse("core:home")).content.decode()


def test_a_failed_sign_in_changes_no_language() -> None:
    UserFactory(username="asel", language="kk")
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    response = client.post(reverse("accounts:login"), {"username": "asel", "password": "wrong-password-1"})
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switcher_updates_the_profile_of_a_signed_in_user() -> None:
    user = UserFactory(username="aidos", language="ru")
    client = Client()
    client.post(reverse("accounts:login"), {"username": "aidos", "password": PASSWORD})
    response = client.post(reverse("set_language"), {"language": "kk", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    user.refresh_from_db()
    assert user.language == "kk"
    assert user.history.first().language == "kk"  # the change is in the user's history

    client.post(reverse("accounts:logout"))
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("accounts:login"), {"username": "aidos", "password": PASSWORD}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"  # the next sign-in follows it


def test_the_switcher_without_sign_in_only_sets_the_cookie() -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("language", ["xx", "", "../ru"])
def test_a_tampered_language_changes_nothing(language: str) -> None:
    user = UserFactory(username="aidos", language="ru")
    client = Client()
    client.post(reverse("accounts:login"), {"username": "aidos", "password": PASSWORD})
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "ru"
