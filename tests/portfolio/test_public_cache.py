"""The public pages' cache: a hit on the second anonymous request, a miss after a publish, a withdrawal or an
update of a published project; signed-in users are never served from it; a cached page sets no cookie, and the
visitor's language is remembered outside the cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pmis.core import events
from tests.conftest import login
from tests.portfolio.factories_public import publish, published_project, withdraw
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def url(name: str, *args: Any, lang: str = "ru") -> str:
    with translation.override(lang):
        return reverse(name, args=list(args))


def state(client: Any, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200
    assert not response.cookies or set(response.cookies) == {COOKIE}
    return response["X-Public-Cache"]


def test_second_request_is_a_hit_and_publish_withdraw_update_empty_it(client: Any, direction: Any) -> None:
    shown = published_project(direction=direction)
    addresses = [
        url("public:home"),
        url("public:project-list"),
        url("public:project", shown.code),
        url("public:map-data"),
        url("public:direction", direction.code),
    ]
    for address in addresses:
        assert state(client, address) == "miss"
        assert state(client, address) == "hit"
    # publish another project: every page is built afresh
    newcomer = ProjectFactory(direction=direction, title_ru="Новый сквер")
    publish(newcomer)
    for address in addresses:
        assert state(client, address) == "miss", address
    assert "Новый сквер" in client.get(url("public:project-list")).content.decode()
    # withdraw it: gone at once
    withdraw(newcomer)
    assert state(client, url("public:project-list")) == "miss"
    assert "Новый сквер" not in client.get(url("public:project-list")).content.decode()
    assert client.get(url("public:project", newcomer.code)).status_code == 404
    # a change to a published project's register data (its services send the same event)
    state(client, url("public:project", shown.code))
    assert state(client, url("public:project", shown.code)) == "hit"
    events.publication_changed.send(sender="tests", project_id=shown.pk)
    assert state(client, url("public:project", shown.code)) == "miss"


def test_each_language_and_query_is_cached_apart(client: Any, direction: Any) -> None:
    published_project(direction=direction)
    assert state(client, url("public:home", lang="kk")) == "miss"
    assert state(client, url("public:home", lang="en")) == "miss"
    assert state(client, url("public:project-list") + "?q=a") == "miss"
    assert state(client, url("public:project-list") + "?q=b") == "miss"
    assert state(client, url("public:project-list") + "?q=a") == "hit"


def test_signed_in_users_are_not_served_from_the_cache(client: Any, officer: Any, direction: Any) -> None:
    published_project(direction=direction)
    anonymous = Client()
    assert state(anonymous, url("public:home")) == "miss"
    login(client, officer)
    response = client.get(url("public:home"))
    assert response.status_code == 200
    assert "X-Public-Cache" not in response


def test_cached_pages_carry_no_cookie_and_the_language_is_remembered(client: Any, direction: Any) -> None:
    published_project(direction=direction)
    first = client.get(url("public:home", lang="kk"))
    assert first.cookies[COOKIE].value == "kk"  # set by the middleware outside the cache
    assert set(first.cookies) == {COOKIE}
    # another visitor gets the cached page without anyone's cookie but with their own
    other = Client()
    second = other.get(url("public:home", lang="kk"))
    assert second["X-Public-Cache"] == "hit"
    assert second.cookies[COOKIE].value == "kk"
    # the cached response itself has no cookie
    assert COOKIE not in client.get(url("public:home", lang="kk")).cookies  # the cookie already says kk
    pages = [
        value for key, value in cache._cache.items() if key.startswith(":1:public:") and b"<html" in value
    ]
    assert pages
    assert [page for page in pages if COOKIE.encode() in page] == []
    # switching language on the page updates the cookie; the site root then sends the visitor to it
    assert client.get(url("public:home", lang="en")).cookies[COOKIE].value == "en"
    assert client.get("/")["Location"] == "/en/"


def test_root_redirect_follows_the_browser_without_a_cookie(direction: Any) -> None:
    assert Client(HTTP_ACCEPT_LANGUAGE="kk,ru;q=0.8").get("/")["Location"] == "/kk/"
    assert Client(HTTP_ACCEPT_LANGUAGE="de-DE").get("/")["Location"] == "/ru/"
    assert Client().get("/")["Location"] == "/ru/"
    remembered = Client(HTTP_ACCEPT_LANGUAGE="en")
    remembered.cookies[COOKIE] = "kk"
    assert remembered.get("/")["Location"] == "/kk/"


def test_signed_in_users_keep_their_home(client: Any, officer: Any) -> None:
    login(client, officer)
    response = client.get("/")
    assert response.status_code == 200
    assert "core/home.html" in [t.name for t in response.templates]


def test_a_public_page_does_not_change_a_signed_in_users_language(
    client: Any, officer: Any, direction: Any
) -> None:
    published_project(direction=direction)
    login(client, officer)
    assert COOKIE not in client.get(url("public:home", lang="kk")).cookies
