"""The measures of SURVEYS.md, computed from counts (so a page aggregates 100,000 answers in SQL and passes
only value → count here). Pure functions of the standard library; the reference cases S1–S5 are tests.

- CSAT: share of 4 and 5 on the 1–5 scale, with the mean and the sample standard deviation (n − 1).
- NPS: 100 × (promoters − detractors) / n; SE = sqrt((pP + pD − (pP − pD)²) / n), in points; 95 % interval ± z·SE.
- Proportions: the Wilson score interval (never the plain ±).
- Weighting: post-stratification (weight = population share / sample share), raking (iterative proportional
  fitting until every margin is within 1e-9), Kish effective sample size (Σw)² / Σw².
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Z95 = 1.959963984540054
SMALL_CELL = 5  # a breakdown cell with fewer answers is not shown
RAKE_TOLERANCE = 1e-9
RAKE_MAX_ITERATIONS = 1000


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True)
class Share:
    """k of n (n may be an effective, non-integer size for weighted shares), with its Wilson interval."""

    k: float
    n: float
    value: float
    interval: Interval


@dataclass(frozen=True)
class Csat:
    n: int
    satisfied: int
    share: Share
    mean: float
    sd: float | None


@dataclass(frozen=True)
class Nps:
    n: int
    promoters: int
    detractors: int
    score: float
    se_points: float
    interval: Interval


def wilson(k: float, n: float, z: float = Z95) -> Interval:
    """The Wilson score interval of k successes in n (n > 0)."""
    if n <= 0:
        raise ValueError("n must be positive")
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def share(k: float, n: float, z: float = Z95) -> Share | None:
    if n <= 0:
        return None
    return Share(k=k, n=n, value=k / n, interval=wilson(k, n, z))


def mean_sd(counts: Mapping[Any, int]) -> tuple[float, float | None, int]:
    """(mean, sample standard deviation or None when n < 2, n) of values given as value → count."""
    n = sum(counts.values())
    if n == 0:
        raise ValueError("no answers")
    mean = math.fsum(v * c for v, c in counts.items()) / n
    if n < 2:
        return mean, None, n
    ss = math.fsum(c * (v - mean) ** 2 for v, c in counts.items())
    return mean, math.sqrt(ss / (n - 1)), n


def csat(counts: Mapping[int, int]) -> Csat | None:
    """CSAT of 1–5 answers given as value → count; None without answers."""
    n = sum(counts.values())
    if n == 0:
        return None
    satisfied = sum(c for v, c in counts.items() if v >= 4)
    mean, sd, _ = mean_sd(counts)
    shared = share(satisfied, n)
    assert shared is not None
    return Csat(n=n, satisfied=satisfied, share=shared, mean=mean, sd=sd)


def nps(counts: Mapping[int, int], z: float = Z95) -> Nps | None:
    """NPS of 0–10 answers given as value → count; None without answers."""
    n = sum(counts.values())
    if n == 0:
        return None
    promoters = sum(c for v, c in counts.items() if v >= 9)
    detractors = sum(c for v, c in counts.items() if v <= 6)
    p_p, p_d = promoters / n, detractors / n
    score = 100 * (p_p - p_d)
    se = 100 * math.sqrt(max(0.0, p_p + p_d - (p_p - p_d) ** 2) / n)
    return Nps(
        n=n,
        promoters=promoters,
        detractors=detractors,
        score=score,
        se_points=se,
        interval=Interval(score - z * se, score + z * se),
    )


def counts_of(values: Iterable[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


def significant_change(a: Interval, b: Interval) -> bool:
    """The page's rule: a change between two periods is significant only when their intervals do not overlap."""
    return not a.overlaps(b)


# --- weighting ---------------------------------------------------------------------------------------------


def poststratify(sample: Mapping[Any, float], population: Mapping[Any, float]) -> dict[Any, float]:
    """Weight per cell = population share / sample share. Every sampled cell must have a population share."""
    total = math.fsum(sample.values())
    if total <= 0:
        raise ValueError("empty sample")
    missing = [cell for cell in sample if cell not in population]
    if missing:
        raise ValueError(f"no population share for {missing!r}")
    return {cell: population[cell] / (count / total) for cell, count in sample.items() if count > 0}


@dataclass(frozen=True)
class Raked:
    weights: dict[tuple[Any, ...], float]
    iterations: int
    converged: bool


def rake(
    cells: Mapping[tuple[Any, ...], float],
    margins: Sequence[Mapping[Any, float]],
    tolerance: float = RAKE_TOLERANCE,
    max_iterations: int = RAKE_MAX_ITERATIONS,
) -> Raked:
    """Iterative proportional fitting: `cells` maps a tuple of categories (one per margin, in order) to its
    sample count; `margins[d]` maps a category of dimension d to its population share. Returns a weight per
    cell such that every weighted margin is within `tolerance` of its share."""
    total = math.fsum(cells.values())
    if total <= 0:
        raise ValueError("empty sample")
    for d, margin in enumerate(margins):
        sampled = {cell[d] for cell, n in cells.items() if n > 0}
        if missing := sampled - set(margin):
            raise ValueError(f"no population share for {sorted(map(str, missing))!r}")
        if empty := {c for c, s in margin.items() if s > 0} - sampled:
            raise ValueError(f"no answers in {sorted(map(str, empty))!r}")
    weights = {cell: 1.0 for cell, n in cells.items() if n > 0}
    for iteration in range(1, max_iterations + 1):
        for d, margin in enumerate(margins):
            totals: dict[Any, float] = {}
            for cell, w in weights.items():
                totals[cell[d]] = totals.get(cell[d], 0.0) + w * cells[cell]
            grand = math.fsum(totals.values())
            for cell in weights:
                weights[cell] *= margin[cell[d]] * grand / totals[cell[d]]
        if _max_margin_gap(cells, weights, margins) < tolerance:
            return Raked(weights=_normalised(cells, weights), iterations=iteration, converged=True)
    return Raked(weights=_normalised(cells, weights), iterations=max_iterations, converged=False)


def _max_margin_gap(
    cells: Mapping[tuple[Any, ...], float],
    weights: Mapping[tuple[Any, ...], float],
    margins: Sequence[Mapping[Any, float]],
) -> float:
    grand = math.fsum(w * cells[cell] for cell, w in weights.items())
    gap = 0.0
    for d, margin in enumerate(margins):
        totals: dict[Any, float] = {}
        for cell, w in weights.items():
            totals[cell[d]] = totals.get(cell[d], 0.0) + w * cells[cell]
        for category, target in margin.items():
            gap = max(gap, abs(totals.get(category, 0.0) / grand - target))
    return gap


def _normalised(
    cells: Mapping[tuple[Any, ...], float], weights: dict[tuple[Any, ...], float]
) -> dict[tuple[Any, ...], float]:
    """Scale so that the weights sum to the sample size (a weight of 1 means 'as sampled')."""
    n = math.fsum(cells[cell] for cell in weights)
    weighted = math.fsum(w * cells[cell] for cell, w in weights.items())
    return {cell: w * n / weighted for cell, w in weights.items()}


def kish(weighted_counts: Iterable[tuple[float, float]]) -> float:
    """Kish effective sample size of (weight, count) pairs: (Σw)² / Σw²."""
    pairs = list(weighted_counts)
    sum_w = math.fsum(w * c for w, c in pairs)
    sum_w2 = math.fsum(w * w * c for w, c in pairs)
    if sum_w2 == 0:
        raise ValueError("no weights")
    return sum_w * sum_w / sum_w2


def weighted_share(
    cells: Mapping[Any, tuple[float, float]], weights: Mapping[Any, float], z: float = Z95
) -> tuple[Share, float] | None:
    """The weighted share of `cells` (cell → (answers, of which counted)) and the Kish n_eff; the Wilson
    interval uses n_eff as the sample size."""
    used = {cell: nk for cell, nk in cells.items() if cell in weights and nk[0] > 0}
    if not used:
        return None
    total_w = math.fsum(weights[cell] * n for cell, (n, _) in used.items())
    k_w = math.fsum(weights[cell] * k for cell, (_, k) in used.items())
    n_eff = kish((weights[cell], n) for cell, (n, _) in used.items())
    p = k_w / total_w
    return Share(k=p * n_eff, n=n_eff, value=p, interval=wilson(p * n_eff, n_eff, z)), n_eff
