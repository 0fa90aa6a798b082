"""Reads other apps show: the customers' satisfaction (CSAT) by basic direction.

A customer survey's CSAT is the share of 4 and 5 on its headline question. Answers count for the basic direction
the response was given about (`Response.direction`), over the last four quarters; a direction with fewer than
five answers is suppressed (shown as "fewer than 5 answers"), so nobody can be singled out. One query whatever
the number of directions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, F, Q
from django.utils import timezone

from pmis.core.portal import DirectionScore
from surveys.models import Answer, Survey
from surveys.stats import SMALL_CELL


def quarters_back(today: datetime.date | None = None, quarters: int = 4) -> datetime.date:
    """The first day of the quarter `quarters - 1` quarters before the current one (the last four quarters)."""
    today = today or timezone.localdate()
    index = today.year * 4 + (today.month - 1) // 3 - (quarters - 1)
    return datetime.date(index // 4, index % 4 * 3 + 1, 1)


def csat_by_direction(
    direction_ids: Iterable[int], since: datetime.date | None = None
) -> dict[int, DirectionScore]:
    """{direction id: CSAT % (None when fewer than 5 answers) and n} of the customer surveys' headline answers
    given since `since` (default: the last four quarters); directions without answers are left out."""
    ids = list(direction_ids)
    if not ids:
        return {}
    since = since or quarters_back()
    rows = (
        Answer.objects.filter(
            response__survey__audience=Survey.Audience.CUSTOMER,
            response__survey__is_template=False,
            question_key=F("response__survey__headline_key"),
            response__direction_id__in=ids,
            response__period_start__gte=since,
            value_int__isnull=False,
        )
        .values("response__direction_id")
        .annotate(n=Count("pk"), k=Count("pk", filter=Q(value_int__gte=4)))
        .order_by()
    )
    out = {}
    for row in rows:
        n, k = row["n"], row["k"]
        value = None if n < SMALL_CELL else round(k / n * 100, 1)
        out[row["response__direction_id"]] = DirectionScore(value=value, n=n)
    return out
