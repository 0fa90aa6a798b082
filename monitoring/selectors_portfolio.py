"""What the portfolio app (the top floor) reads from monitoring: indicator lag per direction, a direction's
lagging indicators, and the plan/actual series the agenda pack draws. Every read is scoped to the reader:
ratings of confidential projects the reader may not open are left out of lists and counts alike."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from monitoring.models import Actual, Indicator, IndicatorRating, Target, unit_label
from monitoring.selectors import chart_period_label, hidden_confidential_projects
from pmis.core.models import localized
from projects.models.choices import Rag

LAGGING = (Rag.RED, Rag.AMBER)


def _latest_official(user: Any) -> Any:
    qs = IndicatorRating.objects.filter(is_official=True, is_latest=True)
    hidden = hidden_confidential_projects(user)
    return qs if hidden is None else qs.exclude(project_id_cached__in=hidden)


def lagging_ratings(user: Any, direction_id: int, *, limit: int = 10) -> list[IndicatorRating]:
    """The direction's indicators whose latest official rating is Red or Amber, worst first, as the reader may
    see them."""
    return list(
        _latest_official(user)
        .filter(direction_id_cached=direction_id, rag__in=LAGGING)
        .select_related("indicator")
        .order_by("achievement", "pk")[:limit]
    )


def indicator_lag_by_direction(user: Any) -> dict[int, dict[str, int]]:
    """Per direction: rated indicators (n) and those Amber or Red (lagging), counting what the reader may see."""
    return {
        r["direction_id_cached"]: r
        for r in _latest_official(user)
        .exclude(rag=Rag.NONE)
        .values("direction_id_cached")
        .annotate(n=Count("pk"), lagging=Count("pk", filter=Q(rag__in=LAGGING)))
    }


def first_indicator_series(project_ids: list[int], *, points: int = 8) -> dict[int, dict[str, Any]]:
    """Per project, its first indicator's plan and verified actual over the last `points` periods (labels in
    the active language), for a chart. The caller decides who reads these projects."""
    if not project_ids:
        return {}
    indicators: dict[int, Indicator] = {}
    for ind in Indicator.objects.filter(project_id__in=project_ids).order_by("project_id", "code"):
        if ind.project_id is not None:
            indicators.setdefault(ind.project_id, ind)
    ids = [i.pk for i in indicators.values()]
    targets: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for t in Target.objects.filter(indicator_id__in=ids).values("indicator_id", "year", "period", "value"):
        targets[t["indicator_id"]][(t["year"], t["period"])] = t["value"]
    actuals: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for a in Actual.objects.filter(indicator_id__in=ids, status=Actual.Status.VERIFIED).values(
        "indicator_id", "year", "period", "value"
    ):
        actuals[a["indicator_id"]][(a["year"], a["period"])] = a["value"]
    series = {}
    for project_id, ind in indicators.items():
        keys = sorted(set(targets[ind.pk]) | set(actuals[ind.pk]))[-points:]
        if not keys:
            continue
        series[project_id] = {
            "title": f"{ind.code} · {localized(ind, 'name')[:70]} ({unit_label(ind.unit)})",
            "labels": [chart_period_label(ind.frequency, y, p) for y, p in keys],
            "plan": [targets[ind.pk].get(k) for k in keys],
            "actual": [actuals[ind.pk].get(k) for k in keys],
        }
    return series
