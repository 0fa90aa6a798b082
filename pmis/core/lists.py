"""What every list page shares: the Excel-export switch, its row cap, and the query string its links keep."""

from __future__ import annotations

from django.http import HttpRequest

# The most rows an "export what is shown" writes: a larger workbook takes the request past its time limit.
EXPORT_LIMIT = 20000


def wants_xlsx(request: HttpRequest) -> bool:
    """True when the list is asked for as an Excel file (`?export=xlsx`) instead of a page."""
    return request.GET.get("export") == "xlsx"


def query_without_page(request: HttpRequest) -> str:
    """The list's filters, search and sorting as a query string, without the page number and the export switch,
    for the links of the pager, the sort headers and the export button."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()
