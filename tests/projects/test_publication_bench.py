"""The bench builder of the publication: a fifth of the bench projects (at most 2,000) published, idempotent."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import Any

import pytest

from projects.models import Publication
from projects.selectors.public import published_projects
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _builder() -> Any:
    path = Path(__file__).resolve().parents[2] / "bench" / "builders" / "45_publication.py"
    spec = importlib.util.spec_from_file_location("bench_builders_45_publication", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_builder_publishes_non_confidential_bench_projects_with_coordinates() -> None:
    for n in range(10):
        ProjectFactory(code=f"PRJ-BENCH-{n + 1:05d}", is_confidential=(n == 0), grant=False)
    out = io.StringIO()
    _builder().build(10, out)
    assert "publication: 2 projects published" in out.getvalue()
    published = list(published_projects())
    assert len(published) == 2
    assert all(not p.is_confidential for p in published)
    assert all(
        43.18 <= float(p.latitude) <= 43.33 and 76.82 <= float(p.longitude) <= 77.02 for p in published
    )
    assert all(not p.missing_languages() for p in Publication.objects.all())
    _builder().build(10, io.StringIO())
    assert Publication.objects.filter(status=Publication.Status.LIVE).count() == 4  # the next two; none twice
    assert Publication.objects.values("project").distinct().count() == 4
