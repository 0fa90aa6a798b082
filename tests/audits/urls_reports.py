"""The site's URLs for the report/analytics tests, plus placeholders for the audits pages other areas own
(the audit's overview, findings and history tabs, a draw's public page, the audits home) while those areas are built in parallel: a
placeholder is added only for a name the audits URLs do not already have, so after the merge this is the site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

import audits.urls
import pmis.urls

handler403 = pmis.urls.handler403
handler404 = pmis.urls.handler404
handler500 = pmis.urls.handler500


def _placeholder(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("placeholder")


_have = {p.name for p in audits.urls.urlpatterns}
_placeholders: list[URLPattern] = [
    path(f"placeholder/{name}/<int:pk>/", _placeholder, name=name)
    for name in ("audit-detail", "audit-findings", "audit-history")
    if name not in _have
]
if "draw-public" not in _have:
    _placeholders.append(path("placeholder/draw/<str:number>/", _placeholder, name="draw-public"))
if "home" not in _have:
    _placeholders.append(path("placeholder/home/", _placeholder, name="home"))

urlpatterns: list[URLPattern | URLResolver] = [
    *(p for p in pmis.urls.urlpatterns if str(getattr(p, "pattern", "")) != "audits/"),
    path("audits/", include(([*audits.urls.urlpatterns, *_placeholders], "audits"))),
]
