"""Reads of the register list, its export and the per-user saved filters, always from the visible projects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from projects.filters import FILTER_KEYS, PAGE_SIZES, ProjectFilter, is_active_filter
from projects.models import Project, SavedFilter
from projects.permissions import editable_ids, projects_visible_to

LIST_RELATED = ("direction", "department", "manager")


def clean_query(params: QueryDict | dict[str, Any]) -> str:
    """The shareable query string of a register view: known keys only, non-empty values, stable order."""
    out = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = params.get(key)
        if value in (None, "") or (key == "per_page" and str(value) == str(PAGE_SIZES[0])):
            continue  # the default page size is implied
        out[key] = str(value)[:200]
    return out.urlencode()


def page_size(params: QueryDict | dict[str, Any]) -> int:
    try:
        size = int(params.get("per_page") or PAGE_SIZES[0])
    except (TypeError, ValueError):
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def register_filter(user: Any, params: QueryDict | dict[str, Any]) -> ProjectFilter:
    """The register's FilterSet over the projects the user may see (confidential ones only for insiders)."""
    data = params if isinstance(params, QueryDict) else _querydict(params)
    return ProjectFilter(data, queryset=projects_visible_to(user))


def _querydict(params: dict[str, Any]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    return data


@dataclass
class RegisterPage:
    filterset: ProjectFilter
    page: Page[Project]
    rows: list[Project]
    editable: set[int]
    query: str
    page_size: int
    filtered: bool


def register_page(user: Any, params: QueryDict) -> RegisterPage:
    """One page of the register: count, rows with direction/department/manager, edit flags for the page."""
    filterset = register_filter(user, params)
    queryset = filterset.qs.select_related(*LIST_RELATED)
    size = page_size(params)
    paginator = Paginator(queryset, size)
    page = paginator.get_page(params.get("page"))
    rows = list(page.object_list)
    return RegisterPage(
        filterset=filterset,
        page=page,
        rows=rows,
        editable=editable_ids(user, rows),
        query=clean_query(params),
        page_size=size,
        filtered=is_active_filter(filterset),
    )


# Export: flat tuples straight from the database, no model instances, no per-row queries.

EXPORT_FIELDS = (
    "code",
    "title_ru",
    "title_kk",
    "title_en",
    "direction__number",
    "direction__name_ru",
    "direction__name_kk",
    "direction__name_en",
    "department__name_ru",
    "department__name_kk",
    "department__name_en",
    "program_item__code",
    "stage",
    "project_type",
    "priority",
    "rag",
    "planned_start",
    "planned_finish",
    "forecast_finish",
    "actual_finish",
    "total_budget_plan",
    "is_confidential",
    "manager__last_name",
    "manager__first_name",
    "manager__username",
)


def register_export_rows(user: Any, params: QueryDict | dict[str, Any]) -> tuple[int, QuerySet[Any]]:
    """(count, values_list queryset) of exactly what the register shows the user for these filters."""
    queryset = register_filter(user, params).qs.values_list(*EXPORT_FIELDS)
    return queryset.count(), queryset


# Saved filters: each user sees and touches only their own.


def saved_filters_for(user: Any) -> list[SavedFilter]:
    if not user.is_authenticated:
        return []
    return list(SavedFilter.objects.filter(user=user).order_by("name"))


def saved_filter_for(user: Any, pk: Any) -> SavedFilter:
    """The user's own saved filter; anyone else's is a 404."""
    return get_object_or_404(SavedFilter.objects.filter(user=user), pk=pk)
