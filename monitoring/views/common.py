"""Helpers the monitoring views share: Excel responses and query strings for pagination."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse

from pmis.core.excel import write_xlsx

EXPORT_LIMIT = 20000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]], title: str = "PMIS") -> HttpResponse:
    content = write_xlsx([str(h) for h in headers], rows, title=title)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("export") == "xlsx"


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()
