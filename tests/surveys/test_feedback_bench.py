"""The public.feedback bench job runs against a live server: every anonymous post is accepted, the posted rows
are removed afterwards, and without a published project the job skips with a line."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from surveys.models import Feedback
from tests.surveys.factories_feedback import published_project

pytestmark = pytest.mark.django_db(transaction=True)

JOB = Path(__file__).resolve().parents[2] / "bench" / "jobs" / "public_feedback.py"


def _job() -> Any:
    spec = importlib.util.spec_from_file_location("public_feedback_job", JOB)
    assert spec is not None
    assert spec.loader is not None
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    return job


def test_bench_job_posts_feedback(live_server: Any, settings: Any) -> None:
    settings.PMIS_FEEDBACK_RATE_LIMIT = 10_000
    published_project()
    [line] = _job().run({"base_url": live_server.url, "requests": 1})
    assert line.startswith("BENCH public.feedback p50_ms=")
    assert "n=50" in line
    assert "failures" not in line
    assert not Feedback.objects.exists()


def test_bench_job_skips_without_a_published_project(live_server: Any) -> None:
    assert _job().run({"base_url": live_server.url}) == ["# public.feedback skipped: no published project"]
