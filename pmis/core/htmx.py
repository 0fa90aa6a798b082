"""htmx helpers shared by every app."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.cache import patch_vary_headers
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


# Headers an htmx list response depends on: caches (browser, proxy) must keep the fragment and the page apart.
HTMX_VARY = ("HX-Request", "HX-History-Restore-Request")


def is_swap(request: HttpRequest) -> bool:
    """True for an htmx request that swaps part of the page; False for a plain request, a boosted navigation
    and a history restore: when its cache misses, htmx asks again for a pushed URL (HX-History-Restore-Request)
    and puts the response in place of <body>, so a fragment there would leave the reader a page without its
    header, menu and filters."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def swapped_fragment(request: HttpRequest, fragments: Iterable[str]) -> str | None:
    """The fragment an htmx swap asks for (its target id is one of `fragments`; a swap without a target id gets
    the only fragment of a list that has one), or None for the whole page."""
    if not is_swap(request):
        return None
    names = list(fragments)
    target = request.htmx.target  # type: ignore[attr-defined]
    if target in names:
        return str(target)
    return names[0] if target is None and len(names) == 1 else None


def render_list(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    fragments: Iterable[str],
    status: int = 200,
) -> HttpResponse:
    """A list page whose filters, sorting and pages htmx swaps in place and pushes to the address bar: the
    partial named by the swap's target for htmx swaps, the whole page otherwise, always `Vary: HX-Request`."""
    fragment = swapped_fragment(request, fragments)
    response = render(
        request, f"{template}#{fragment}" if fragment else template, dict(context), status=status
    )
    patch_vary_headers(response, HTMX_VARY)
    return response
