"""The surveys.submit bench job runs against a live server: every answer from a new device is accepted."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from surveys.models import Response, Survey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

JOB = Path(__file__).resolve().parents[2] / "bench" / "jobs" / "surveys_submit.py"


def test_bench_job_posts_public_answers(live_server: Any, settings: Any) -> None:
    settings.SURVEYS_PUBLIC_RATE_LIMIT = 10_000
    UserFactory(username="bench")
    spec = importlib.util.spec_from_file_location("surveys_submit_job", JOB)
    assert spec is not None
    assert spec.loader is not None
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    lines = job.run({"base_url": live_server.url, "requests": 1})
    assert len(lines) == 1
    assert lines[0].startswith("BENCH surveys.submit p50_ms=")
    assert "n=50" in lines[0]
    assert "failures" not in lines[0]
    survey = Survey.objects.get(public_slug="bench-citizen")
    assert Response.objects.filter(survey=survey, channel="public").count() == 50
