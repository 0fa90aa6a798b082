"""The home page per persona, its query count, and the error pages in three languages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmis.notifications.services import notify
from tests.conftest import PERSONAS, assert_num_queries, login

pytestmark = pytest.mark.django_db

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_gets_the_home_page(client, request, persona):
    user = request.getfixturevalue(persona)
    login(client, user)
    response = client.get(reverse("core:home"))
    if user is None:  # citizens go to the public home page in their language (Russian by default)
        assert response.status_code == 302
        assert response["Location"] == "/ru/"
        return
    assert response.status_code == 200
    html = response.content.decode()
    panels = {p.key for p in response.context["panels"]}
    assert "notifications" in panels
    assert 'data-panel="notifications"' in html
    assert ("directions" in panels) == (persona in {"coordinator", "direction_head"})
    assert ("admin" in panels) == (persona == "admin")
    assert ("security" in panels) == (persona != "admin")  # the test administrator has a device


def test_home_panels_show_real_items(client, coordinator, direction):
    notify(recipients=[coordinator], title="Поступила заявка на рассмотрение", body="Проект P-001")
    login(client, coordinator)
    html = client.get(reverse("core:home")).content.decode()
    assert "Поступила заявка на рассмотрение" in html
    assert direction.name_ru in html


def test_admin_sees_failed_sign_ins(client, admin, officer):
    Client().post(reverse("accounts:login"), {"username": "officer", "password": "wrong-password-1"})
    login(client, admin)
    response = client.get(reverse("core:home"))
    admin_panel = next(p for p in response.context["panels"] if p.key == "admin")
    assert any("officer" in item.text for item in admin_panel.items)


@pytest.mark.parametrize("persona", ["officer", "coordinator", "admin"])
def test_home_query_count_does_not_grow_with_notifications(client, request, persona):
    user = request.getfixturevalue(persona)
    notify(recipients=[user], title="Первое", url="/")
    login(client, user)
    client.get(reverse("core:home"))  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("core:home")).status_code == 200
    for index in range(29):
        notify(recipients=[user], title=f"Уведомление {index}", url="/")
    with assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("core:home"))
    assert 'data-testid="unread-count">30<' in response.content.decode()
    print(f"home page for {persona}: {len(first.captured_queries)} queries")


@pytest.mark.urls("tests.platform.urls_errors")
@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("ru", {404: "Страница не найдена", 403: "Доступ запрещён", 500: "Ошибка сервера"}),
        ("kk", {404: "Бет табылмады", 403: "Қолжетімділік жоқ", 500: "Сервер қатесі"}),
        ("en", {404: "Page not found", 403: "Access denied", 500: "Server error"}),
    ],
)
def test_error_pages_in_three_languages(settings, officer, language, texts):
    assert settings.DEBUG is False
    client = Client(raise_request_exception=False)
    for status, url in ((404, "/no-such-page/"), (403, "/__tests__/forbidden/"), (500, "/__tests__/boom/")):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == status
        html = response.content.decode()
        assert texts[status] in html, (status, language)
        assert f'lang="{language}"' in html
        assert "Traceback" not in html
        assert "unexpected" not in html


@pytest.mark.urls("tests.platform.urls_errors")
def test_error_pages_follow_the_language_cookie_for_signed_in_users(settings, officer):
    client = Client(raise_request_exception=False)
    login(client, officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Бет табылмады" in response.content.decode()
    response = client.get("/__tests__/forbidden/")
    assert response.status_code == 403
    assert "Қолжетімділік жоқ" in response.content.decode()
