"""The register's filters: one FilterSet shared by the list page, the Excel export and saved filters.

Choice lists are loaded once per form (one query each, whatever the number of projects), and every filter
that crosses a many-to-many relation uses a subquery, so no filter can duplicate rows or need DISTINCT.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

import django_filters
from django import forms
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.choices import normalize_choices
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceIterator

from pmis.accounts.models import Organization
from pmis.core.forms import StyledFormMixin
from pmis.core.models import localized
from pmis.reference.models import Direction, District, SustainableDevelopmentGoal
from projects.forms.card import DEPARTMENT_KINDS
from projects.models import Program, Project, Rag

PAGE_SIZES = (25, 50, 100)
MAX_QUERY_LENGTH = 200
MAX_SEARCH_WORDS = 8
YES, NO = "yes", "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]

# the query-string keys that make up a register view (and nothing else: no page, no CSRF token)
FILTER_KEYS = (
    "q",
    "direction",
    "department",
    "program",
    "stage",
    "rag",
    "type",
    "district",
    "sdg",
    "year",
    "budget_min",
    "budget_max",
    "confidential",
    "orphan",
    "sort",
    "per_page",
)

_STAGE_ORDER = [value for value, _label in Project.Stage.choices]
_RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NONE]
_WEBSEARCH_MARKERS = re.compile(r'"|(^|\s)-\w|\sor\s', re.IGNORECASE)
_CODE_LIKE = re.compile(r"^[A-Za-z]{2,6}-\d[\d-]*$")
_WORD = re.compile(r"\w+")


def _rank(field: str, order: Sequence[str]) -> Case:
    return Case(
        *[When(**{field: value}, then=Value(i)) for i, value in enumerate(order)], output_field=IntegerField()
    )


def _title_order(*, descending: bool) -> list[Any]:
    """Order by the title as shown in the active language (Kazakh and English fall back to Russian)."""
    lang = (get_language() or "ru")[:2]
    tie = "-id" if descending else "id"
    if lang in ("kk", "en"):
        expr = Coalesce(NullIf(f"title_{lang}", Value("")), "title_ru")
        return [expr.desc() if descending else expr.asc(), tie]
    return ["-title_ru" if descending else "title_ru", tie]


SORTS: dict[str, Any] = {
    "code": lambda: ["code", "id"],
    "-code": lambda: ["-code", "-id"],
    "title": lambda: _title_order(descending=False),
    "-title": lambda: _title_order(descending=True),
    "stage": lambda: [_rank("stage", _STAGE_ORDER).asc(), "code"],
    "-stage": lambda: [_rank("stage", _STAGE_ORDER).desc(), "-code"],
    "rag": lambda: [_rank("rag", _RAG_ORDER).asc(), "code"],
    "-rag": lambda: [_rank("rag", _RAG_ORDER).desc(), "-code"],
    "finish": lambda: [Coalesce("planned_finish", Value(datetime.date.max)).asc(), "id"],
    "-finish": lambda: [Coalesce("planned_finish", Value(datetime.date.min)).desc(), "-id"],
    "budget": lambda: ["total_budget_plan", "id"],
    "-budget": lambda: ["-total_budget_plan", "-id"],
}
SORT_CHOICES = [
    ("", _("Newest first")),
    ("code", _("Code")),
    ("-code", _("Code, descending")),
    ("title", _("Title")),
    ("-title", _("Title, descending")),
    ("stage", _("Stage")),
    ("-stage", _("Stage, descending")),
    ("rag", _("RAG: red first")),
    ("-rag", _("RAG: not rated first")),
    ("finish", _("Planned finish")),
    ("-finish", _("Planned finish, latest first")),
    ("budget", _("Budget")),
    ("-budget", _("Budget, largest first")),
]


def direction_choices() -> list[tuple[int, str]]:
    return [(d.pk, f"{d.number}. {d.name}") for d in Direction.objects.order_by("number")]


def department_choices() -> list[tuple[int, str]]:
    rows = Organization.objects.filter(kind__in=DEPARTMENT_KINDS).order_by("name_ru")
    return sorted(((o.pk, o.name) for o in rows), key=lambda item: item[1].lower())


def program_choices() -> list[tuple[int, str]]:
    """The program tree in one query: every item under its parent, indented by depth."""
    items = list(
        Program.objects.only("id", "code", "parent_id", "name_ru", "name_kk", "name_en").order_by("code")
    )
    children: dict[int | None, list[Program]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    known = {item.pk for item in items}
    roots = [item for item in items if item.parent_id is None or item.parent_id not in known]
    out: list[tuple[int, str]] = []

    def walk(item: Program, depth: int, seen: set[int]) -> None:
        if item.pk in seen:  # a cycle in bad data must not hang the page
            return
        seen.add(item.pk)
        out.append((item.pk, "\u2003" * depth + f"{item.code} {localized(item, 'name')}"))
        for child in children.get(item.pk, []):
            walk(child, depth + 1, seen)

    seen: set[int] = set()
    for root in roots:
        walk(root, 0, seen)
    return out


def district_choices() -> list[tuple[int, str]]:
    return sorted(((d.pk, d.name) for d in District.objects.all()), key=lambda item: item[1].lower())


def sdg_choices() -> list[tuple[int, str]]:
    return [(g.pk, str(g)) for g in SustainableDevelopmentGoal.objects.order_by("number")]


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class RegisterFilterForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # load each choice list once (Django re-evaluates callable choices on every iteration); django-filters
        # wraps the list in an iterator that yields the empty label first, so the wrapped list is what is loaded
        # (listing the wrapper would store its "All" and the wrapper would add a second one)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                choices = field.choices
                if isinstance(choices, ChoiceIterator):
                    choices = normalize_choices(choices.choices)
                # the getter returns what the setter normalized (a list or this iterator), never a mapping or
                # a callable, which the stubs' union also allows
                field.choices = list(cast("Iterable[Any]", choices))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns (the stubs allow None for overrides)
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", _("The upper bound is below the lower bound."))
        return data


def search(queryset: QuerySet[Project], text: str) -> QuerySet[Project]:
    """Full-text search over codes, titles and summaries (all languages).

    PostgreSQL: `to_tsvector('simple', search_document)` (GIN-indexed by migration 0003) against a query of
    the words typed, the last one as a prefix; quotes, OR and -word switch to web-search syntax. A code
    (PRJ-2026-00042, or the start of one) is matched on the code column. SQLite: every word as a substring.
    """
    text = text.strip()[:MAX_QUERY_LENGTH]
    if not text:
        return queryset
    if _CODE_LIKE.match(text):
        return queryset.filter(code__icontains=text)
    words = _WORD.findall(text)[:MAX_SEARCH_WORDS]
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        if _WEBSEARCH_MARKERS.search(text):
            query = SearchQuery(text, search_type="websearch", config="simple")
        else:
            raw = " & ".join([*words[:-1], f"{words[-1]}:*"])
            query = SearchQuery(raw, search_type="raw", config="simple")
        return queryset.alias(search_vector=SearchVector("search_document", config="simple")).filter(
            search_vector=query
        )
    # SQLite folds case only for ASCII: try the word as typed, lower-case and capitalised
    for word in words:
        queryset = queryset.filter(
            Q(search_document__icontains=word)
            | Q(search_document__contains=word.lower())
            | Q(search_document__contains=word.capitalize())
            | Q(search_document__contains=word.upper())
        )
    return queryset


class ProjectFilter(django_filters.FilterSet):
    """Filters of the register list (issue 3, item 9); `sort` orders the result."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Code, title or summary")}),
    )
    direction = django_filters.ChoiceFilter(
        label=_("Basic direction"), choices=direction_choices, field_name="direction_id", empty_label=_("All")
    )
    department = django_filters.ChoiceFilter(
        label=_("Department"), choices=department_choices, field_name="department_id", empty_label=_("All")
    )
    program = django_filters.ChoiceFilter(
        label=_("Program item"), choices=program_choices, method="filter_program", empty_label=_("All")
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Project.Stage.choices, empty_label=_("All"))
    rag = django_filters.ChoiceFilter(label=_("RAG"), choices=Rag.choices, empty_label=_("All"))
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=Project.Type.choices, field_name="project_type", empty_label=_("All")
    )
    district = django_filters.ChoiceFilter(
        label=_("District"), choices=district_choices, method="filter_district", empty_label=_("All")
    )
    sdg = django_filters.ChoiceFilter(
        label=_("UN SDG"), choices=sdg_choices, method="filter_sdg", empty_label=_("All")
    )
    year = IntegerFilter(
        label=_("Active in year"),
        method="filter_year",
        min_value=1990,
        max_value=2100,
        help_text=_("Projects whose planned start and finish span this year."),
    )
    budget_min = django_filters.NumberFilter(
        label=_("Budget from, ₸"),
        field_name="total_budget_plan",
        lookup_expr="gte",
        min_value=0,
        max_digits=16,
        decimal_places=2,
    )
    budget_max = django_filters.NumberFilter(
        label=_("Budget to, ₸"),
        field_name="total_budget_plan",
        lookup_expr="lte",
        min_value=0,
        max_digits=16,
        decimal_places=2,
    )
    confidential = django_filters.ChoiceFilter(
        label=_("Confidential"), choices=YES_NO, method="filter_confidential", empty_label=_("All")
    )
    orphan = django_filters.ChoiceFilter(
        label=_("Linked to a program"),
        choices=[(NO, _("Linked")), (YES, _("Not linked (orphan)"))],
        method="filter_orphan",
        empty_label=_("All"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES[1:], method="filter_sort", empty_label=SORT_CHOICES[0][1]
    )

    class Meta:
        model = Project
        fields: list[str] = []
        form = RegisterFilterForm

    def filter_search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return search(queryset, value)

    def filter_program(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        """The item and everything under it (program → goal → task)."""
        pk = int(value)
        subtree = Program.objects.filter(
            Q(pk=pk) | Q(parent_id=pk) | Q(parent__parent_id=pk) | Q(parent__parent__parent_id=pk)
        )
        return queryset.filter(program_item_id__in=subtree.values("pk"))

    def filter_district(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        links = Project.districts.through.objects.filter(district_id=int(value)).values("project_id")
        return queryset.filter(pk__in=links)

    def filter_sdg(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        links = Project.sdgs.through.objects.filter(sustainabledevelopmentgoal_id=int(value)).values(
            "project_id"
        )
        return queryset.filter(pk__in=links)

    def filter_year(self, queryset: QuerySet[Project], name: str, value: int) -> QuerySet[Project]:
        first, last = datetime.date(value, 1, 1), datetime.date(value, 12, 31)
        return queryset.filter(planned_start__lte=last).filter(
            Q(planned_finish__gte=first) | Q(planned_finish__isnull=True)
        )

    def filter_confidential(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return queryset.filter(is_confidential=(value == YES))

    def filter_orphan(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return queryset.filter(program_item__isnull=(value == YES))

    def filter_sort(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return queryset.order_by(*SORTS[value]())

    def filter_queryset(self, queryset: QuerySet[Project]) -> QuerySet[Project]:
        # newest first unless `sort` (applied as a filter method) says otherwise; filters keep the order
        return super().filter_queryset(queryset.order_by("-created_at", "-id"))

    @property
    def sort_value(self) -> str:
        data = getattr(self.form, "cleaned_data", None) or {}
        return str(data.get("sort") or "")


def is_active_filter(filterset: ProjectFilter) -> bool:
    """True when anything but sorting and page size narrows the list."""
    data = getattr(filterset.form, "cleaned_data", None) or {}
    return any(value not in (None, "") for key, value in data.items() if key != "sort")
