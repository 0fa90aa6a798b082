"""The raw-answer export of the bench citizen survey (`public_slug="bench-citizen"`, 100,000 answers, built by
the surveys bench builder): `BENCH surveys.export rows= seconds= rows_per_s=` (goal ≥ 10,000 rows/s)."""

from __future__ import annotations

import time
from typing import Any


def run(ctx: dict[str, Any]) -> list[str]:
    from surveys.exports import answers_count, answers_workbook
    from surveys.models import Survey

    survey = Survey.objects.filter(public_slug="bench-citizen").first()
    if survey is None:
        return ["# surveys.export skipped: no bench citizen survey (public_slug=bench-citizen)"]
    rows = answers_count(survey)
    started = time.perf_counter()
    content = answers_workbook(survey)
    seconds = time.perf_counter() - started
    rate = rows / seconds if seconds else 0.0
    return [
        f"BENCH surveys.export rows={rows} seconds={seconds:.2f} rows_per_s={rate:.0f} bytes={len(content)}"
    ]
