"""Survey pages measured by `make bench`: the results of the bench citizen survey (100,000 answers at scale
10000, weighted on district, sex and age band by raking; goal p95 ≤ 400 ms, query count flat in the answers)."""

from __future__ import annotations

from typing import Any


def cases(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    from surveys.models import Survey

    survey = Survey.objects.filter(public_slug="bench-citizen").first()
    if survey is None:
        return []
    return [("surveys.results", f"/surveys/{survey.pk}/results/")]
