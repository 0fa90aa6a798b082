"""htmx helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from pmis.accounts.models import User


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class AuthedHtmxRequest(HtmxRequest):
    user: User


def hx_redirect(request: HttpRequest, to: Any, *args: Any) -> HttpResponse:
    """Redirect that works for both plain and htmx requests."""
    url = resolve_url(to, *args)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)
