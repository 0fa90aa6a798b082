"""The public pages' bench job runs against a live server: warm requests are cache hits, cold ones are built
afresh, and with nothing published it says it skipped."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from tests.portfolio.factories_public import published_project

pytestmark = pytest.mark.django_db(transaction=True)

JOB = Path(__file__).resolve().parents[2] / "bench" / "jobs" / "public_pages.py"


def _job() -> Any:
    spec = importlib.util.spec_from_file_location("public_pages_job", JOB)
    assert spec is not None
    assert spec.loader is not None
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    return job


def test_bench_job_measures_warm_and_cold_pages(live_server: Any, direction: Any) -> None:
    cache.clear()
    published_project(direction=direction)
    lines = _job().run({"base_url": live_server.url, "requests": 1})
    assert [line.split()[1] for line in lines] == ["public.home", "public.list", "public.project"]
    for line in lines:
        assert re.search(
            r"p50_ms=\S+ p95_ms=\S+ n=50 hits=50 misses=0 cold_p50_ms=\S+ cold_p95_ms=\S+ cold_n=50$", line
        ), line


def test_bench_job_skips_without_published_projects(live_server: Any) -> None:
    assert _job().run({"base_url": live_server.url}) == [
        "# public.home, public.list, public.project skipped: no project is published"
    ]
