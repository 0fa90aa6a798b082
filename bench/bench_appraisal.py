"""Time appraise_model on a synthetic 30-year, 20-line model; prints one BENCH line."""

from __future__ import annotations

import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from expertise.appraisal import Line, appraise_model  # noqa: E402

YEARS = 30
RUNS = 200


def synthetic_model() -> list[Line]:
    """20 lines over 30 years: capex, opex, revenues, benefits, transfers and a decommissioning cost.

    The decommissioning cost makes the last net flow negative (two sign changes), so the IRR takes the
    full grid scan rather than the one-sign-change shortcut: this times the slow path.
    """
    lines = []
    for i in range(4):
        values = [Decimal(-250_000_000 - 10_000_000 * i) if t < 3 else Decimal(0) for t in range(YEARS)]
        lines.append(Line(f"capex {i}", "capex", values, Decimal("0.85")))
    for i in range(5):
        values = [Decimal(0)] * 3 + [Decimal(-12_500_000 - 250_000 * i - 10_000 * t) for t in range(3, YEARS)]
        lines.append(Line(f"opex {i}", "opex", values, Decimal("0.9")))
    for i in range(5):
        values = [Decimal(0)] * 3 + [
            Decimal(75_000_000 + 1_000_000 * i + 150_000 * t) for t in range(3, YEARS)
        ]
        lines.append(Line(f"revenue {i}", "revenue", values))
    for i in range(3):
        values = [Decimal(0)] * 3 + [Decimal(20_000_000 + 500_000 * i) for _ in range(3, YEARS)]
        lines.append(Line(f"benefit {i}", "benefit", values))
    for i in range(2):
        values = [Decimal(0)] * 3 + [Decimal(-4_000_000 - 100_000 * i) for _ in range(3, YEARS)]
        lines.append(Line(f"tax {i}", "transfer", values))
    decommissioning = [Decimal(0)] * (YEARS - 1) + [Decimal(-900_000_000)]
    lines.append(Line("decommissioning", "residual", decommissioning, Decimal("0.9")))
    return lines


def main() -> None:
    """Run appraise_model RUNS times and print p50/p95 in milliseconds."""
    lines = synthetic_model()
    appraise_model(Decimal("0.08"), Decimal("0.05"), lines)  # warm-up
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        appraise_model(Decimal("0.08"), Decimal("0.05"), lines)
        timings.append((time.perf_counter() - start) * 1000.0)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"BENCH expertise.appraise p50_ms={p50:.3f} p95_ms={p95:.3f} queries=0")


if __name__ == "__main__":
    main()
