"""Helpers the monitoring views share: the export switch and query strings for pagination."""

from __future__ import annotations

from django.http import HttpRequest

EXPORT_LIMIT = 20000


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()
