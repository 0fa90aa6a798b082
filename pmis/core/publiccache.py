"""The cache of the public pages: whole responses for anonymous visitors, emptied on every public change.

Every key carries a generation number; `bump()` (on `events.publication_changed` and wherever public content
changes: an answered feedback, a Committee decision on a published project) moves to the next generation, so
every page cached before is never read again and expires by itself (`PMIS_PUBLIC_CACHE_SECONDS`). Only
anonymous GET/HEAD requests that answer 200 without setting a cookie are kept; a page with a form (CSRF
token) is never wrapped. The cache is Django's (Redis in production, per process in the quick start).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from pmis.core import events

_GENERATION_KEY = "public:generation"


def generation() -> int:
    value = cache.get(_GENERATION_KEY)
    if value is None:
        cache.add(_GENERATION_KEY, 1, timeout=None)
        value = cache.get(_GENERATION_KEY) or 1
    return int(value)


def bump(**_: Any) -> None:
    """Start a new generation: every public page is built afresh on its next request."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any value other than the old one will do
        cache.set(_GENERATION_KEY, generation() + 1, timeout=None)


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public:{generation()}:{get_language()}:{path}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve `view` from the cache to anonymous visitors; build it (and keep it) when it is not there.
    The response says `X-Public-Cache: hit` or `miss` (the tests and the bench read it)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.method not in {"GET", "HEAD"} or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Public-Cache"] = "hit"
            return cached  # type: ignore[no-any-return]
        response = view(request, *args, **kwargs)
        render = getattr(response, "render", None)
        if callable(render) and not getattr(response, "is_rendered", True):
            response = render()
        if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
            cache.set(key, response, timeout=settings.PMIS_PUBLIC_CACHE_SECONDS)
        response["X-Public-Cache"] = "miss"
        return response

    return wrapped


events.publication_changed.connect(bump, dispatch_uid="pmis.core.publiccache.bump")
