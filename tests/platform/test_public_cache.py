"""The public pages' cache: anonymous GETs are kept per generation; any public change starts a new one."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import translation

from pmis.core import events, publiccache
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


class Counter:
    def __init__(self, status: int = 200, cookie: bool = False) -> None:
        self.calls = 0
        self.status = status
        self.cookie = cookie

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.calls += 1
        response = HttpResponse(f"page {self.calls}", status=self.status)
        if self.cookie:
            response.set_cookie("c", "1")
        return response


def _get(view: Any, path: str = "/ru/x/", user: Any = None, method: str = "get") -> HttpResponse:
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    return view(request)  # type: ignore[no-any-return]


def test_an_anonymous_page_is_built_once_then_served_from_the_cache() -> None:
    counter = Counter()
    view = publiccache.public_page(counter)
    first, second = _get(view), _get(view)
    assert (first["X-Public-Cache"], second["X-Public-Cache"]) == ("miss", "hit")
    assert second.content == b"page 1"
    assert counter.calls == 1
    assert _get(view, "/ru/x/?page=2").content == b"page 2"  # the query string is part of the key


@pytest.mark.django_db  # open data listens to the same event
def test_a_publication_event_empties_every_page() -> None:
    counter = Counter()
    view = publiccache.public_page(counter)
    _get(view)
    events.publication_changed.send(sender="projects", project_id=1)
    after = _get(view)
    assert after["X-Public-Cache"] == "miss"
    assert after.content == b"page 2"


def test_each_language_has_its_own_copy() -> None:
    counter = Counter()
    view = publiccache.public_page(counter)
    with translation.override("kk"):
        _get(view)
    with translation.override("en"):
        assert _get(view)["X-Public-Cache"] == "miss"
    assert counter.calls == 2


@pytest.mark.django_db
def test_signed_in_users_and_posts_are_never_cached() -> None:
    counter = Counter()
    view = publiccache.public_page(counter)
    user = UserFactory()
    _get(view, user=user)
    _get(view, user=user)
    _get(view, method="post")
    _get(view, method="post")
    assert counter.calls == 4


@pytest.mark.parametrize("counter", [Counter(status=404), Counter(cookie=True)], ids=["404", "cookie"])
def test_errors_and_responses_that_set_a_cookie_are_not_kept(counter: Counter) -> None:
    view = publiccache.public_page(counter)
    _get(view)
    assert _get(view)["X-Public-Cache"] == "miss"
    assert counter.calls == 2


def test_bump_works_when_the_generation_was_evicted() -> None:
    cache.clear()  # no generation stored: incr() has nothing to add to
    publiccache.bump()
    assert publiccache.generation() == 2
    publiccache.bump()
    assert publiccache.generation() == 3
