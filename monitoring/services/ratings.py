"""Achievement and RAG of every indicator × period, computed with projects.rag and the current RAG policy."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from monitoring.models import Actual, Indicator, IndicatorRating, Target
from monitoring.services.bulk import copy_rows, is_postgres
from projects import rag as ragmod
from projects.models.choices import Rag
from projects.models.policy import RagPolicy

if TYPE_CHECKING:
    from projects.models import Project

_Q4 = Decimal("0.0001")
_FIELDS = (
    "indicator_id",
    "year",
    "period",
    "is_official",
    "is_latest",
    "plan",
    "actual",
    "achievement",
    "rag",
    "policy_version",
    "computed_at",
    "level",
    "direction_id_cached",
    "project_id_cached",
)
_COLUMNS = _FIELDS
_MAX_A = Decimal("99999999")


def rate(
    plan: Decimal, actual: Decimal, *, higher_is_better: bool, policy: RagPolicy
) -> tuple[Decimal | None, str]:
    """(achievement, RAG) of one value pair, MONITORING.md rules (zero denominator: right side Green, else Red)."""
    value = ragmod.achievement(plan, actual, higher_is_better=higher_is_better)
    rag = ragmod.indicator_rating(plan, actual, higher_is_better=higher_is_better, policy=policy)
    if value is not None:
        value = min(value, _MAX_A).quantize(_Q4)
    return value, rag


def compute_ratings(*, indicator_ids: Iterable[int] | None = None, policy: RagPolicy | None = None) -> int:
    """Recompute the ratings of the given indicators (all when None); returns how many rows were written.

    Official rows use verified actuals; working rows (is_official=False) use submitted or draft actuals that are
    not verified yet, so both states are visible. Each row stores the policy version it used. Retired indicators
    keep their rows but none of them is marked latest.
    """
    policy = policy or RagPolicy.current()
    ids = None if indicator_ids is None else list(indicator_ids)
    targets = Target.objects.all()
    actuals = Actual.objects.exclude(status=Actual.Status.REJECTED)
    indicators = Indicator.objects.all()
    if ids is not None:
        targets = targets.filter(indicator_id__in=ids)
        actuals = actuals.filter(indicator_id__in=ids)
        indicators = indicators.filter(pk__in=ids)
    meta = {
        pk: (hib, level, direction_id or project_direction_id, project_id)
        for pk, hib, level, direction_id, project_direction_id, project_id in indicators.values_list(
            "pk", "higher_is_better", "level", "direction_id", "project__direction_id", "project_id"
        ).iterator(chunk_size=20000)
    }
    # a retired indicator keeps its ratings for the record, but none is "latest": it leaves the dashboards and scan
    retired = set(indicators.filter(retired_at__isnull=False).values_list("pk", flat=True))
    plan_of = {
        (ind, y, p): v
        for ind, y, p, v in targets.values_list("indicator_id", "year", "period", "value").iterator(
            chunk_size=20000
        )
    }
    now = timezone.now()
    version = policy.version
    rows: list[list[Any]] = []
    latest: dict[tuple[int, bool], list[Any]] = {}
    for ind, year, period, value, status in actuals.values_list(
        "indicator_id", "year", "period", "value", "status"
    ).iterator(chunk_size=20000):
        plan = plan_of.get((ind, year, period))
        info = meta.get(ind)
        if plan is None or info is None:
            continue
        hib, level, direction_id, project_id = info
        achievement, rag = rate(plan, value, higher_is_better=hib, policy=policy)
        official = status == Actual.Status.VERIFIED
        # column order: _COLUMNS
        row = [
            ind,
            year,
            period,
            official,
            False,
            plan,
            value,
            achievement,
            rag,
            version,
            now,
            level,
            direction_id,
            project_id,
        ]
        rows.append(row)
        key = (ind, official)
        best = latest.get(key)
        if best is None or (year, period) > (best[1], best[2]):
            latest[key] = row
    for (ind, _official), row in latest.items():
        if ind not in retired:
            row[4] = True
    with transaction.atomic():
        stale = IndicatorRating.objects.all()
        if ids is not None:
            stale = stale.filter(indicator_id__in=ids)
        stale.delete()
        if is_postgres():
            copy_rows(IndicatorRating._meta.db_table, _COLUMNS, rows)
        else:
            IndicatorRating.objects.bulk_create(
                [IndicatorRating(**dict(zip(_FIELDS, row, strict=True))) for row in rows], batch_size=5000
            )
    return len(rows)


def project_indicator_rating(project: Project) -> str:
    """The project's indicator dimension: the worst latest official rating of its indicators."""
    rags = IndicatorRating.objects.filter(
        project_id_cached=project.pk, is_official=True, is_latest=True
    ).values_list("rag", flat=True)
    return ragmod.worst(rags) if rags else Rag.NONE


def previous_period(frequency: str, year: int, period: int) -> tuple[int, int]:
    from monitoring.models import PERIODS_PER_YEAR

    if period > 1:
        return year, period - 1
    return year - 1, PERIODS_PER_YEAR[frequency]
