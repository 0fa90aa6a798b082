"""Reads of the expertise pages: user-scoped, filtered, prefetched so that query counts stay flat."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, FloatField, Prefetch, Q, QuerySet

from expertise.models import Assignment, Opinion, ReviewCase, ReviewKind
from expertise.permissions import cases_visible_to, opinions_visible_to

CASE_SORTS = {
    "number": "number",
    "-number": "-number",
    "received": "received_on",
    "-received": "-received_on",
    "deadline": "deadline",
    "-deadline": "-deadline",
    "status": "status",
    "-status": "-status",
}
OPINION_SORTS = {
    "number": ("year", "sequence"),
    "-number": ("-year", "-sequence"),
    "issued": ("issued_on",),
    "-issued": ("-issued_on",),
    "days": ("days_to_opinion",),
    "-days": ("-days_to_opinion",),
}


def _assignments_prefetch() -> Prefetch[str, QuerySet[Assignment], str]:
    return Prefetch(
        "assignments", queryset=Assignment.objects.select_related("expert").order_by("role", "id")
    )


def case_list(user: Any, params: dict[str, Any]) -> QuerySet[ReviewCase]:
    """The user's visible cases, filtered by year, kind, status, expert and a search text, sorted."""
    qs = cases_visible_to(user).select_related("applicant").prefetch_related(_assignments_prefetch())
    if params.get("year"):
        qs = qs.filter(received_on__year=params["year"])
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("expert"):
        qs = qs.filter(assignments__expert_id=params["expert"])
    if params.get("mine") and user.is_authenticated:
        qs = qs.filter(assignments__expert=user)
    if params.get("q"):
        q = params["q"]
        qs = qs.filter(
            Q(number__icontains=q) | Q(title__icontains=q) | Q(budget_program_administrator__icontains=q)
        )
    return qs.order_by(CASE_SORTS.get(params.get("sort") or "", "-received_on"), "-id")


def opinion_registry(user: Any, params: dict[str, Any]) -> QuerySet[Opinion]:
    """Issued opinions the user may see, filtered by year, kind, outcome, expert and a search text."""
    qs = (
        opinions_visible_to(user)
        .filter(status=Opinion.Status.ISSUED)
        .select_related("case", "case__applicant")
    )
    if params.get("year"):
        qs = qs.filter(year=params["year"])
    if params.get("kind"):
        qs = qs.filter(case__kind=params["kind"])
    if params.get("outcome"):
        qs = qs.filter(outcome=params["outcome"])
    if params.get("expert"):
        qs = qs.filter(case__assignments__expert_id=params["expert"])
    if params.get("q"):
        q = params["q"]
        qs = qs.filter(Q(number__icontains=q) | Q(case__title__icontains=q) | Q(case__number__icontains=q))
    return qs.order_by(*OPINION_SORTS.get(params.get("sort") or "", ("-year", "-sequence")), "-id")


def case_detail(user: Any, case: ReviewCase) -> dict[str, Any]:
    """Everything the case page shows, each list in one query."""
    from expertise.services.opinions import latest_result

    rounds = list(case.rounds.prefetch_related("remarks__carried_from").order_by("number"))
    opinions = list(
        opinions_visible_to(user)
        .filter(case=case)
        .select_related("issued_by", "supersedes")
        .order_by("-version")
    )
    return {
        "assignments": list(case.assignments.select_related("expert").order_by("role", "id")),
        "documents": list(
            case.documents.select_related("uploaded_by").order_by("round", "doc_type", "-version")
        ),
        "rounds": rounds,
        "current_round": rounds[-1] if rounds else None,
        "opinions": opinions,
        "models": list(case.financial_models.select_related("created_by").order_by("-version")[:10]),
        "result": latest_result(case),
    }


class Median(Aggregate):
    """percentile_cont(0.5) on PostgreSQL."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass
class StatsRow:
    year: int
    kind: str
    kind_label: str
    total: int
    positive: int
    negative: int
    returned: int
    median_days: float | None

    @property
    def share_negative(self) -> float:
        return self.negative / self.total if self.total else 0.0

    @property
    def share_returned(self) -> float:
        return self.returned / self.total if self.total else 0.0


def opinion_stats(user: Any, params: dict[str, Any] | None = None) -> list[StatsRow]:
    """Counts by year × kind × outcome, shares and median days to opinion: one aggregate query on PostgreSQL
    (median in SQL), two on SQLite (the median from one list of values)."""
    params = params or {}
    qs = opinions_visible_to(user).filter(status=Opinion.Status.ISSUED, is_superseded=False)
    if params.get("kind"):
        qs = qs.filter(case__kind=params["kind"])
    if params.get("year_from"):
        qs = qs.filter(year__gte=params["year_from"])
    if params.get("year_to"):
        qs = qs.filter(year__lte=params["year_to"])
    counts: dict[str, Aggregate] = {
        "total": Count("id"),
        "positive": Count("id", filter=Q(outcome=Opinion.Outcome.POSITIVE)),
        "negative": Count("id", filter=Q(outcome=Opinion.Outcome.NEGATIVE)),
        "returned": Count("id", filter=Q(outcome=Opinion.Outcome.RETURNED)),
    }
    postgres = connection.vendor == "postgresql"
    if postgres:
        counts["median_days"] = Median("days_to_opinion")
    # the annotations are built above, so the rows are plain mappings to the type checker
    grouped: Iterable[Mapping[str, Any]] = (
        qs.values("year", "case__kind").annotate(**counts).order_by("-year", "case__kind")
    )
    medians: dict[tuple[int | None, str], float | None] = {}
    if not postgres:
        values: dict[tuple[int | None, str], list[int]] = defaultdict(list)
        for year, kind, days in qs.values_list("year", "case__kind", "days_to_opinion"):
            if days is not None:
                values[(year, kind)].append(days)
        medians = {key: float(statistics.median(v)) for key, v in values.items()}
    labels = dict(ReviewKind.choices)
    return [
        StatsRow(
            year=row["year"],
            kind=row["case__kind"],
            kind_label=str(labels.get(row["case__kind"], row["case__kind"])),
            total=row["total"],
            positive=row["positive"],
            negative=row["negative"],
            returned=row["returned"],
            median_days=row.get("median_days") if postgres else medians.get((row["year"], row["case__kind"])),
        )
        for row in grouped
    ]


def stats_totals(rows: list[StatsRow]) -> dict[str, Any]:
    total = sum(r.total for r in rows)
    negative = sum(r.negative for r in rows)
    returned = sum(r.returned for r in rows)
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: {"positive": 0, "negative": 0, "returned": 0})
    for r in rows:
        by_year[r.year]["positive"] += r.positive
        by_year[r.year]["negative"] += r.negative
        by_year[r.year]["returned"] += r.returned
    years = sorted(by_year)
    return {
        "total": total,
        "negative": negative,
        "returned": returned,
        "share_negative": negative / total if total else 0,
        "share_returned": returned / total if total else 0,
        "chart": {
            "labels": [str(y) for y in years],
            "positive": [by_year[y]["positive"] for y in years],
            "negative": [by_year[y]["negative"] for y in years],
            "returned": [by_year[y]["returned"] for y in years],
        },
    }
