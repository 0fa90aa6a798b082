"""Open data: the files at stable addresses (`opendata:package`, `opendata:csv`) and the page that explains them
(`public:open-data`). No sign-in; only what was published is in them (portfolio.opendata.services builds them).

The files are the newest release's, served with its `ETag` (SHA-256 of both files) and `Last-Modified` (when
it was built), so a conditional request answers 304; `Access-Control-Allow-Origin: *` lets any site read them
and a `Link: <…>; rel="license"` states the licence (CC BY 4.0).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from pmis.core.publiccache import public_page
from portfolio.models import OpenDataRelease
from portfolio.opendata import oc4ids
from portfolio.opendata.csv import COLUMN_VALUES, COLUMNS
from portfolio.opendata.services import current_or_build

_ATTR = "_opendata_release"


def _release(request: HttpRequest) -> OpenDataRelease | None:
    """The release this request serves (looked up once per request; built when there is none yet)."""
    if not hasattr(request, _ATTR):
        setattr(request, _ATTR, current_or_build())
    release: OpenDataRelease | None = getattr(request, _ATTR)
    return release


def _etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
    release = _release(request)
    return release.etag if release is not None else None


def _last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime.datetime | None:
    release = _release(request)
    return release.created_at if release is not None else None


def _headers(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{oc4ids.LICENSE_URL}>; rel="license"'
    response["Cache-Control"] = "public, no-cache"  # keep a copy, but ask again (ETag) before using it
    return response


def _file_response(field: Any, content_type: str, filename: str) -> HttpResponse:
    try:
        field.open("rb")
        try:
            content = field.read()
        finally:
            field.close()
    except (OSError, ValueError) as exc:  # the release's file is gone: nothing to serve
        raise Http404 from exc
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _headers(response)


def _unavailable() -> HttpResponse:
    return _headers(
        JsonResponse({"detail": _("The open data could not be built. Please try again later.")}, status=503)
    )


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def package(request: HttpRequest) -> HttpResponse:
    """The OC4IDS 0.9.5 project package of the published projects (JSON)."""
    release = _release(request)
    if release is None:
        return _unavailable()
    if not release.package:
        # the schema requires at least one project: with nothing published there is no package
        return _headers(JsonResponse({"detail": _("No project is published yet.")}, status=404))
    return _file_response(release.package, "application/json; charset=utf-8", "oc4ids.json")


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def projects_csv(request: HttpRequest) -> HttpResponse:
    """The published projects as CSV (UTF-8 with BOM), the same projects as the package."""
    release = _release(request)
    if release is None:
        return _unavailable()
    return _file_response(release.csv, "text/csv; charset=utf-8", "projects.csv")


@require_safe
@public_page
def open_data_page(request: HttpRequest) -> HttpResponse:
    """The human page: what the files hold, the schema version, the licence, the last release, the columns."""
    release = _release(request)
    return render(
        request,
        "public/open_data.html",
        {
            "release": release,
            "schema_version": oc4ids.SCHEMA_VERSION,
            "license_url": oc4ids.LICENSE_URL,
            "columns": [(name, help, COLUMN_VALUES.get(name, [])) for name, help in COLUMNS],
            "prefix": oc4ids.prefix(),
        },
    )
