"""The public pages issue a fixed number of queries whatever the number of published projects (10 vs 40), with
the cache out of the way (each request a first one)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import DistrictFactory, SDGFactory
from tests.monitoring.factories import ActualFactory, IndicatorFactory
from tests.portfolio.factories_public import published_project

pytestmark = pytest.mark.django_db

# page → queries per first (uncached) anonymous request
EXPECTED = {
    "public:home": 7,
    "public:project-list": 9,
    "public:project": 12,
    "public:district": 8,
    "public:direction": 11,
    "public:map": 1,
    "public:map-data": 1,
    "public_root:sitemap": 3,
}


def _add(n: int, direction: Any, district: Any, goal: Any) -> None:
    for _ in range(n):
        project = published_project(direction=direction)
        project.districts.add(district)
        project.sdgs.add(goal)


def _counts(client: Any, direction: Any, district: Any, code: str) -> dict[str, int]:
    args = {"public:project": [code], "public:district": [district.pk], "public:direction": [direction.code]}
    counts = {}
    for name in EXPECTED:
        cache.clear()
        with translation.override("kk"):
            address = reverse(name, args=args.get(name, []))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(address).status_code == 200
        counts[name] = len(ctx.captured_queries)
    return counts


def test_query_counts_stay_flat(client: Any, direction: Any) -> None:
    district = DistrictFactory()
    goal = SDGFactory()
    indicator = IndicatorFactory(direction=direction, level="strategic")
    ActualFactory(indicator=indicator)
    _add(10, direction, district, goal)
    code = published_project(direction=direction).code
    few = _counts(client, direction, district, code)
    _add(30, direction, district, goal)
    many = _counts(client, direction, district, code)
    cache.clear()
    assert few == many
    assert few == EXPECTED
