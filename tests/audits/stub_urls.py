"""A root URLconf for the findings tests while the audit's other tabs (overview, report, history, the audits home)
live on other branches: the same URLs, plus a placeholder for each audit URL name the shared header links to and
that this branch does not define yet. Once the areas are merged, nothing is added."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, include, path

import pmis.urls
from audits import urls as audit_urls

_NEEDED = {
    "home": "",
    "audit-detail": "<int:pk>/",
    "audit-report": "<int:pk>/",
    "audit-history": "<int:pk>/",
}


def _placeholder(request: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("placeholder")


_defined = {p.name for p in audit_urls.urlpatterns}
MISSING = sorted(name for name in _NEEDED if name not in _defined)
_stubs = [path(f"__placeholder__/{name}/{_NEEDED[name]}", _placeholder, name=name) for name in MISSING]

urlpatterns: list[URLPattern | URLResolver] = [
    path("audits/", include(([*audit_urls.urlpatterns, *_stubs], "audits")))
    if isinstance(p, URLResolver) and getattr(p, "app_name", None) == "audits"
    else p
    for p in pmis.urls.urlpatterns
]
handler403 = pmis.urls.handler403
handler404 = pmis.urls.handler404
handler500 = pmis.urls.handler500
