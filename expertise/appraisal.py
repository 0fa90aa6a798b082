"""Appraisal engine: NPV, IRR (all roots), MIRR, payback, BCR, sensitivity, PPP value for money, fiscal risk.

Pure Python, no Django. Formulas and reference values: shared/domain/APPRAISAL.md.

Number types:
- Money (flows, PVs, NPVs, payback periods, BCR, VfM, utilisation) is ``Decimal``. Inputs may be
  ``Decimal``, ``int``, ``float`` or numeric ``str``; floats go through ``str()`` so ``0.1`` means 0.1.
- Rates may be ``float``, ``int`` or ``Decimal``. Functions returning ``Decimal`` convert the rate with
  ``Decimal(str(rate))``; IRR and MIRR work in float and return ``float``.
- Time: flow ``t = 0`` is the first period and is not discounted (convention ``"t0"``), unless the
  spreadsheet convention (first value discounted one period) is asked for explicitly.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any, Literal

ALGORITHM_VERSION = "1.0"

Number = Decimal | int | float | str
Rate = float | int | Decimal
Convention = Literal["t0", "spreadsheet"]
IrrFlag = Literal["unique", "multiple", "none", "all_same_sign"]
Basis = Literal["financial", "economic"]

LINE_KINDS = ("capex", "opex", "revenue", "benefit", "transfer", "residual")
CONVENTIONS = ("t0", "spreadsheet")

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

ROOT_DEDUPE_TOL = 1e-9
# Grid for the IRR root scan (multi-sign-change series): uniform in ln(1+r) over r in [-0.9999, 100],
# so it is dense near -1, plus a fine uniform r-grid over [-0.5, 1] where real project IRRs live.
GRID_R_MIN = -0.9999
GRID_R_MAX = 100.0
# |NPV| below this fraction of Σ|CF_t|/(1+r)^t counts as zero (touching roots, merging numerical twins).
ZERO_REL_TOL = 1e-12
# A triple root is only located to about the cube root of machine epsilon (~6e-6): twins closer than this with
# NPV numerically zero between them are one root.
TWIN_TOL = 1e-4
# Beyond [GRID_R_MIN, GRID_R_MAX] the scan goes on, log-spaced in 1+r, to these ends (20 points a decade), so a
# pair of roots out there is found (a sign test at the ends alone sees an even number of roots as none).
TAIL_LOW_1PR = 1e-15
TAIL_HIGH_R = 1e15
TAIL_POINTS_PER_DECADE = 20
FINE_STEPS = 16
NEIGHBOUR_CELLS = 3
MAX_FINE_CELLS = 400


def _build_grid() -> tuple[float, ...]:
    """Sorted scan points for the IRR root search."""
    lo_u, hi_u, n_u = math.log1p(GRID_R_MIN), math.log1p(GRID_R_MAX), 1500
    points = {math.expm1(lo_u + (hi_u - lo_u) * i / n_u) for i in range(n_u + 1)}
    points.update(-0.5 + 0.0025 * i for i in range(601))
    points.add(0.0)
    low_decades = math.log10(1.0 + GRID_R_MIN) - math.log10(TAIL_LOW_1PR)
    n_low = round(low_decades * TAIL_POINTS_PER_DECADE)
    points.update(-1.0 + (1.0 + GRID_R_MIN) * 10.0 ** (-low_decades * i / n_low) for i in range(1, n_low + 1))
    high_decades = math.log10(1.0 + TAIL_HIGH_R) - math.log10(1.0 + GRID_R_MAX)
    n_high = round(high_decades * TAIL_POINTS_PER_DECADE)
    points.update(
        (1.0 + GRID_R_MAX) * 10.0 ** (high_decades * i / n_high) - 1.0 for i in range(1, n_high + 1)
    )
    return tuple(sorted(p for p in points if p > -1.0))


_GRID = _build_grid()


# ---------------------------------------------------------------------------------------------------
# Conversions
# ---------------------------------------------------------------------------------------------------


def to_decimal(value: Number) -> Decimal:
    """Exact Decimal for a money input (floats via str(), bools rejected)."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | float | str):
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    else:
        raise TypeError(f"not a number: {value!r}")
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def _rate_dec(rate: Rate) -> Decimal:
    """A rate as Decimal, checked to be > -1."""
    r = to_decimal(rate)
    if r <= -1:
        raise ValueError(f"rate must be greater than -1, got {rate}")
    return r


def _rate_float(rate: Rate) -> float:
    """A rate as float, checked to be > -1."""
    r = float(rate)
    if not math.isfinite(r) or r <= -1:
        raise ValueError(f"rate must be greater than -1, got {rate}")
    return r


def _decimals(flows: Iterable[Number]) -> list[Decimal]:
    """Flows as a list of Decimal."""
    return [to_decimal(v) for v in flows]


# ---------------------------------------------------------------------------------------------------
# NPV and present values
# ---------------------------------------------------------------------------------------------------


def npv(rate: Rate, flows: Iterable[Number], convention: Convention = "t0") -> Decimal:
    """Σ CF_t/(1+r)^t ("t0") or Σ CF_t/(1+r)^(t+1) ("spreadsheet", like NPV() in Excel)."""
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}")
    discount = ONE / (ONE + _rate_dec(rate))
    acc = ZERO
    for cf in reversed(_decimals(flows)):
        acc = acc * discount + cf
    return acc * discount if convention == "spreadsheet" else acc


def discounted_flows(rate: Rate, flows: Iterable[Number]) -> list[Decimal]:
    """CF_t/(1+r)^t for each t (t = 0 undiscounted)."""
    discount = ONE / (ONE + _rate_dec(rate))
    factor = ONE
    out = []
    for cf in _decimals(flows):
        out.append(cf * factor)
        factor *= discount
    return out


# ---------------------------------------------------------------------------------------------------
# IRR: every real root r > -1
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IrrResult:
    """All real IRRs (ascending) and a flag: unique, multiple, none or all_same_sign."""

    roots: list[float]
    flag: IrrFlag

    @property
    def irr(self) -> float | None:
        """The IRR when it is unique, else None (show NPV and MIRR instead)."""
        return self.roots[0] if self.flag == "unique" else None


def _sign_value(cf: Sequence[float], r: float) -> float:
    """A value with the sign of NPV(r) that is continuous in r and never overflows.

    For r >= 0 this is NPV(r) (Horner in x = 1/(1+r) <= 1); for r < 0 it is the future value
    Σ CF_t (1+r)^(T-t) = NPV(r)·(1+r)^T (Horner in y = 1+r < 1). Both equal Σ CF_t at r = 0.
    """
    acc = 0.0
    if r >= 0.0:
        x = 1.0 / (1.0 + r)
        for c in reversed(cf):
            acc = acc * x + c
    else:
        y = 1.0 + r
        for c in cf:
            acc = acc * y + c
    return acc


def _sign_scale(cf: Sequence[float], r: float) -> float:
    """Same transform as _sign_value applied to |CF_t|: the size against which zero is judged."""
    return _sign_value([abs(c) for c in cf], r)


def _bisect(cf: Sequence[float], lo: float, hi: float, f_lo: float) -> float:
    """Refine a bracketed sign change of NPV to float precision (well below 1e-12)."""
    lo_neg = f_lo < 0.0
    while True:
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi or hi - lo <= 1e-15 * max(1.0, abs(mid)):
            return mid
        f_mid = _sign_value(cf, mid)
        if f_mid == 0.0:
            return mid
        if (f_mid < 0.0) == lo_neg:
            lo = mid
        else:
            hi = mid


def _golden_min(cf: Sequence[float], a: float, c: float, sign: float) -> tuple[float, float]:
    """Minimise sign·f on [a, c] by golden section; stop early at a sign change. Returns (r, f(r))."""
    inv_phi = (math.sqrt(5.0) - 1.0) / 2.0
    x1 = c - inv_phi * (c - a)
    x2 = a + inv_phi * (c - a)
    f1, f2 = _sign_value(cf, x1), _sign_value(cf, x2)
    for _ in range(60):
        if sign * f1 <= 0.0:
            return x1, f1
        if sign * f2 <= 0.0:
            return x2, f2
        if sign * f1 < sign * f2:
            c, x2, f2 = x2, x1, f1
            x1 = c - inv_phi * (c - a)
            f1 = _sign_value(cf, x1)
        else:
            a, x1, f1 = x1, x2, f2
            x2 = a + inv_phi * (c - a)
            f2 = _sign_value(cf, x2)
        if c - a <= 1e-13 * max(1.0, abs(a)):
            break
    return (x1, f1) if sign * f1 < sign * f2 else (x2, f2)


def _tail_root(
    cf: Sequence[float], r_edge: float, f_edge: float, limit_negative: bool, upward: bool
) -> float | None:
    """Root beyond the grid edge when NPV's sign at the edge differs from its sign in the limit."""
    if (f_edge < 0.0) == limit_negative:
        return None
    near, f_near = r_edge, f_edge
    for _ in range(400):
        far = near * 10.0 if upward else -1.0 + (1.0 + near) / 10.0
        if (upward and far > 1e18) or (not upward and 1.0 + far < 1e-300):
            return None
        f_far = _sign_value(cf, far)
        if f_far == 0.0:
            return far
        if (f_far < 0.0) == limit_negative:
            lo, hi, f_lo = (near, far, f_near) if upward else (far, near, f_far)
            return _bisect(cf, lo, hi, f_lo)
        near, f_near = far, f_far
    return None


def _single_root(cf: Sequence[float]) -> float | None:
    """The only root of a series with exactly one sign change (Descartes), by bracket expansion."""
    f0 = _sign_value(cf, 0.0)
    if f0 == 0.0:
        return 0.0
    low_limit_negative = cf[-1] < 0.0  # NPV sign as r -> -1
    if (f0 < 0.0) == low_limit_negative:  # the root is above 0
        f_one = _sign_value(cf, 1.0)
        if f_one == 0.0:
            return 1.0
        if (f_one < 0.0) != low_limit_negative:
            return _bisect(cf, 0.0, 1.0, f0)
        return _tail_root(cf, 1.0, f_one, cf[0] < 0.0, upward=True)
    f_half = _sign_value(cf, -0.5)
    if f_half == 0.0:
        return -0.5
    if (f_half < 0.0) == low_limit_negative:
        return _bisect(cf, -0.5, 0.0, f_half)
    return _tail_root(cf, -0.5, f_half, low_limit_negative, upward=False)


def _trim(flows: Iterable[Number]) -> list[float]:
    """Flows as floats without leading and trailing zeros (they do not move the roots)."""
    cf = [float(v) for v in flows]
    if not all(math.isfinite(c) for c in cf):
        raise ValueError("a cash flow is too large for the rate arithmetic (beyond ±1.7e308)")
    start = next((i for i, c in enumerate(cf) if c != 0.0), len(cf))
    end = len(cf)
    while end > start and cf[end - 1] == 0.0:
        end -= 1
    return cf[start:end]


def _is_zero(cf: Sequence[float], r: float) -> bool:
    """Whether NPV(r) is zero within floating-point noise."""
    return abs(_sign_value(cf, r)) <= ZERO_REL_TOL * _sign_scale(cf, r)


def _dedupe(cf: Sequence[float], roots: Iterable[float]) -> list[float]:
    """Sorted roots, merging those closer than 1e-9 and numerical twins of a multiple root.

    A double or triple root is only located to about the square or cube root of machine epsilon, so
    roots closer than 1e-6 with NPV numerically zero between them are one root; each cluster keeps
    the member with the smallest |NPV|.
    """
    clusters: list[list[float]] = []
    for r in sorted(roots):
        last = clusters[-1][-1] if clusters else None
        if last is not None and (
            r - last <= ROOT_DEDUPE_TOL or (r - last <= TWIN_TOL and _is_zero(cf, 0.5 * (r + last)))
        ):
            clusters[-1].append(r)
        else:
            clusters.append([r])
    return [min(cluster, key=lambda r: abs(_sign_value(cf, r))) for cluster in clusters]


def irr_roots(flows: Iterable[Number]) -> IrrResult:
    """Every real IRR r > -1 (ascending, float) with a flag; never a single Newton run from a guess.

    One sign change in the series: exactly one root (Descartes), found by bracket expansion and bisection.
    Otherwise: scan a fixed grid over [-0.9999, 100] (uniform in ln(1+r), plus steps of 0.0025 over
    [-0.5, 1]); rescan 16 times finer the cells around each sign change and each local minimum of |NPV|;
    bisect every sign change; probe local minima for hidden pairs and touching (double) roots; and
    compare NPV's sign at the grid ends with its limits at r -> -1 and r -> +inf for roots beyond.
    Known limit: clusters of three or more roots inside one coarse cell (>= 0.0025 wide) may be missed.
    """
    cf = _trim(flows)
    if not any(c > 0.0 for c in cf) or not any(c < 0.0 for c in cf):
        return IrrResult(roots=[], flag="all_same_sign")
    nonzero = [c for c in cf if c != 0.0]
    changes = sum(1 for a, b in pairwise(nonzero) if (a < 0.0) != (b < 0.0))
    if changes == 1:
        root = _single_root(cf)
        roots = [] if root is None else [root]
    else:
        roots = _scan_roots(cf)
    roots = _dedupe(cf, roots)
    flag: IrrFlag = "none" if not roots else "unique" if len(roots) == 1 else "multiple"
    return IrrResult(roots=roots, flag=flag)


def _scan_points(
    cf: Sequence[float], points: Sequence[float]
) -> tuple[list[float], list[float], list[float]]:
    """Roots between ascending scan points: bisect each sign change, probe each local minimum of |NPV|.

    Returns (roots, points, values); a point where NPV is exactly zero is recorded as a root and moved
    just past it, so a second root in the same cell still shows up as a sign change.
    """
    points = list(points)
    values = [_sign_value(cf, r) for r in points]
    roots: list[float] = []
    for i, r in enumerate(points):
        if values[i] == 0.0:
            roots.append(r)
            points[i] = r + 1e-7 * (1.0 + abs(r))
            values[i] = _sign_value(cf, points[i])
        if i and values[i] != 0.0 and values[i - 1] != 0.0 and (values[i - 1] < 0.0) != (values[i] < 0.0):
            roots.append(_bisect(cf, points[i - 1], points[i], values[i - 1]))
    for i in range(1, len(points) - 1):
        f_lo, f, f_hi = values[i - 1], values[i], values[i + 1]
        if f_lo == 0.0 or f_hi == 0.0 or (f_lo < 0.0) != (f_hi < 0.0):
            continue
        if not (abs(f) < abs(f_lo) and abs(f) <= abs(f_hi)):
            continue
        sign = 1.0 if f_lo > 0.0 else -1.0
        r_min, f_min = _golden_min(cf, points[i - 1], points[i + 1], sign)
        if f_min == 0.0:
            roots.append(r_min)
        elif sign * f_min < 0.0:  # a pair of roots hidden between two scan points
            roots.append(_bisect(cf, points[i - 1], r_min, f_lo))
            roots.append(_bisect(cf, r_min, points[i + 1], f_min))
        elif abs(f_min) < min(abs(f_lo), abs(f_hi)) and _is_zero(cf, r_min):
            roots.append(r_min)  # NPV touches zero without crossing (double root)
    return roots, points, values


def _scan_roots(cf: Sequence[float]) -> list[float]:
    """All roots: coarse grid scan, fine rescan of the cells near roots and minima, tail checks."""
    coarse_roots, grid, values = _scan_points(cf, _GRID)
    # Cells (grid[j], grid[j + 1]) worth a closer look: those with a sign change or a local minimum of
    # |NPV| at an end, and their neighbours, where close clusters of roots hide.
    interesting: set[int] = set()
    for j in range(len(grid) - 1):
        crossing = (values[j] < 0.0) != (values[j + 1] < 0.0)
        minimum = j > 0 and abs(values[j]) < abs(values[j - 1]) and abs(values[j]) <= abs(values[j + 1])
        if crossing:
            interesting.update(range(j - NEIGHBOUR_CELLS, j + NEIGHBOUR_CELLS + 1))
        if minimum:
            interesting.update((j - 1, j))
    cells = sorted(j for j in interesting if 0 <= j < len(grid) - 1)[:MAX_FINE_CELLS]
    roots = list(coarse_roots)
    run: list[int] = []
    for cell in [*cells, None]:
        if run and (cell is None or cell != run[-1] + 1):
            fine = [
                grid[k] + (grid[k + 1] - grid[k]) * s / FINE_STEPS for k in run for s in range(FINE_STEPS)
            ]
            fine.append(grid[run[-1] + 1])
            roots.extend(_scan_points(cf, fine)[0])
            run = []
        if cell is not None:
            run.append(cell)
    low = _tail_root(cf, grid[0], values[0], cf[-1] < 0.0, upward=False)
    high = _tail_root(cf, grid[-1], values[-1], cf[0] < 0.0, upward=True)
    roots.extend(r for r in (low, high) if r is not None)
    return roots


# ---------------------------------------------------------------------------------------------------
# MIRR, payback, BCR
# ---------------------------------------------------------------------------------------------------


def mirr(flows: Iterable[Number], finance_rate: Rate, reinvest_rate: Rate) -> float | None:
    """Spreadsheet MIRR: (FV_g(positive flows at n-1) / |PV_f(negative flows at 0)|)^(1/(n-1)) - 1."""
    cf = [float(v) for v in flows]
    f, g = _rate_float(finance_rate), _rate_float(reinvest_rate)
    n = len(cf)
    if not any(c > 0.0 for c in cf) or not any(c < 0.0 for c in cf) or n < 2:
        return None
    try:
        fv_pos = sum(c * (1.0 + g) ** (n - 1 - t) for t, c in enumerate(cf) if c > 0.0)
        pv_neg = sum(c / (1.0 + f) ** t for t, c in enumerate(cf) if c < 0.0)
        if math.isfinite(fv_pos) and math.isfinite(pv_neg) and fv_pos != 0.0 and pv_neg != 0.0:
            return (fv_pos / -pv_neg) ** (1.0 / (n - 1)) - 1.0
    except (OverflowError, ZeroDivisionError):
        pass
    return _mirr_in_logs(cf, f, g)


def _log_sum(logs: list[float]) -> float:
    """ln Σ e^(l_i) without overflow."""
    top = max(logs)
    return top + math.log(sum(math.exp(v - top) for v in logs))


def _mirr_in_logs(cf: Sequence[float], f: float, g: float) -> float | None:
    """MIRR where the compounded values overflow a float (a high rate over many periods, e.g. 1000 % over 200):
    the same formula in logarithms. None when even the result is not a finite number."""
    n = len(cf)
    ln_fv = _log_sum([math.log(c) + (n - 1 - t) * math.log1p(g) for t, c in enumerate(cf) if c > 0.0])
    ln_pv = _log_sum([math.log(-c) - t * math.log1p(f) for t, c in enumerate(cf) if c < 0.0])
    try:
        value = math.exp((ln_fv - ln_pv) / (n - 1)) - 1.0
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


@dataclass(frozen=True, slots=True)
class PaybackResult:
    """Payback period in periods (None = not recovered) and whether the cumulative dips below 0 again."""

    period: Decimal | None
    multiple_crossings: bool = False


def payback(flows: Iterable[Number]) -> PaybackResult:
    """First t where Cum_t = Σ CF_0..CF_t turns >= 0 after being negative: (k-1) + |Cum_{k-1}| / CF_k.

    A cumulative that is never negative pays back at 0. Never recovered -> period None. If the
    cumulative falls below zero again after the first recovery, the first period is kept and flagged.
    """
    cum = ZERO
    period: Decimal | None = None
    was_negative = False
    multiple = False
    for t, cf in enumerate(_decimals(flows)):
        previous, cum = cum, cum + cf
        if cum < 0:
            if period is not None:
                multiple = True
            was_negative = True
        elif was_negative and period is None:
            period = Decimal(t - 1) + abs(previous) / cf
    if not was_negative:
        period = ZERO
    return PaybackResult(period=period, multiple_crossings=multiple)


def discounted_payback(rate: Rate, flows: Iterable[Number]) -> PaybackResult:
    """Payback on CF_t/(1+r)^t."""
    return payback(discounted_flows(rate, flows))


def bcr(
    rate: Rate, benefit_flows: Iterable[Iterable[Number]], cost_flows: Iterable[Iterable[Number]]
) -> Decimal | None:
    """Σ PV(benefit series) / |Σ PV(cost series)|; None when the costs' PV is zero."""
    pv_benefits = sum((npv(rate, series) for series in benefit_flows), ZERO)
    pv_costs = sum((npv(rate, series) for series in cost_flows), ZERO)
    return ratio_or_none(pv_benefits, abs(pv_costs))


def ratio_or_none(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator, or None when the denominator is zero."""
    return None if denominator == 0 else numerator / denominator


def _flow_bcr(rate: Rate, flows: Sequence[Decimal]) -> Decimal | None:
    """PV of positive flows / |PV of negative flows|."""
    disc = discounted_flows(rate, flows)
    inflows = sum((v for v in disc if v > 0), ZERO)
    outflows = sum((v for v in disc if v < 0), ZERO)
    return ratio_or_none(inflows, abs(outflows))


def appraise_flows(
    rate: Rate,
    flows: Iterable[Number],
    convention: Convention = "t0",
    finance_rate: Rate | None = None,
    reinvest_rate: Rate | None = None,
) -> dict[str, Any]:
    """All metrics of one series; the convention changes only NPV (IRR, paybacks and BCR are invariant)."""
    cf = _decimals(flows)
    if not cf:
        raise ValueError("flows are empty")
    irr = irr_roots(cf)
    simple = payback(cf)
    disc = discounted_payback(rate, cf)
    return {
        "rate": _rate_dec(rate),
        "convention": convention,
        "npv": npv(rate, cf, convention),
        "irr_roots": irr.roots,
        "irr_flag": irr.flag,
        "mirr": mirr(
            cf,
            rate if finance_rate is None else finance_rate,
            rate if reinvest_rate is None else reinvest_rate,
        ),
        "payback": simple.period,
        "payback_multiple_crossings": simple.multiple_crossings,
        "discounted_payback": disc.period,
        "discounted_payback_multiple_crossings": disc.multiple_crossings,
        "bcr": _flow_bcr(rate, cf),
    }


# ---------------------------------------------------------------------------------------------------
# Model: lines, financial and economic analysis
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One model line: signed values per period (inflows > 0, outflows < 0) and an economic conversion factor.

    Financial analysis uses every kind but ``benefit``; economic analysis uses every kind but ``transfer``,
    each value multiplied by ``conversion_factor``.
    """

    name: str
    kind: str
    values: list[Decimal] = field(default_factory=list)
    conversion_factor: Decimal = ONE

    def __post_init__(self) -> None:
        if self.kind not in LINE_KINDS:
            raise ValueError(f"unknown line kind {self.kind!r} (expected one of {', '.join(LINE_KINDS)})")
        object.__setattr__(self, "values", _decimals(self.values))
        object.__setattr__(self, "conversion_factor", to_decimal(self.conversion_factor))

    def contribution(self, basis: Basis) -> list[Decimal] | None:
        """The line's flows in the financial or economic analysis, or None when it does not count there."""
        if basis == "financial":
            return None if self.kind == "benefit" else list(self.values)
        if basis == "economic":
            if self.kind == "transfer":
                return None
            return [v * self.conversion_factor for v in self.values]
        raise ValueError(f"unknown basis {basis!r}")

    def shifted(self, periods: int) -> Line:
        """The same line moved ``periods`` later within its horizon (values past the last period drop out)."""
        if periods < 0:
            raise ValueError("a delay cannot be negative")
        n = len(self.values)
        moved = ([ZERO] * periods + list(self.values))[:n]
        return Line(self.name, self.kind, moved, self.conversion_factor)

    def scaled(self, multiplier: Number) -> Line:
        """The same line with every value multiplied."""
        m = to_decimal(multiplier)
        return Line(self.name, self.kind, [v * m for v in self.values], self.conversion_factor)


def model_flows(lines: Sequence[Line], basis: Basis) -> list[Decimal]:
    """Sum of the lines counting in the basis, padded to the longest line."""
    length = max((len(line.values) for line in lines), default=0)
    total = [ZERO] * length
    for line in lines:
        contribution = line.contribution(basis)
        if contribution is not None:
            for t, v in enumerate(contribution):
                total[t] += v
    return total


def _line_pvs(rate: Rate, lines: Sequence[Line], basis: Basis) -> list[tuple[Line, Decimal]]:
    """(line, PV) for each line counting in the basis."""
    out = []
    for line in lines:
        contribution = line.contribution(basis)
        if contribution is not None:
            out.append((line, npv(rate, contribution)))
    return out


def _lines_bcr(line_pvs: Sequence[tuple[Line, Decimal]]) -> tuple[Decimal | None, list[str]]:
    """Σ PV of inflow lines (PV > 0) / |Σ PV of outflow lines (PV < 0)|, and the outflow line names."""
    inflows = sum((pv for _, pv in line_pvs if pv > 0), ZERO)
    outflows = sum((pv for _, pv in line_pvs if pv < 0), ZERO)
    return ratio_or_none(inflows, abs(outflows)), [line.name for line, pv in line_pvs if pv < 0]


def appraise_model(
    financial_rate: Rate,
    social_rate: Rate,
    lines: Sequence[Line],
    finance_rate: Rate | None = None,
    reinvest_rate: Rate | None = None,
) -> dict[str, Any]:
    """Financial (FNPV/FIRR/FBCR, paybacks, MIRR) and economic (ENPV/EIRR/EBCR) appraisal (t0 convention).

    ``npv``, ``irr_roots``, ``irr_flag`` and ``bcr`` repeat the financial figures; MIRR's rates default to
    the financial rate; ``fbcr_cost_lines``/``ebcr_cost_lines`` name the lines in each BCR's denominator.
    """
    if not lines:
        raise ValueError("the model has no lines")
    fin_flows = model_flows(lines, "financial")
    eco_flows = model_flows(lines, "economic")
    fin_pvs = _line_pvs(financial_rate, lines, "financial")
    eco_pvs = _line_pvs(social_rate, lines, "economic")
    firr = irr_roots(fin_flows)
    eirr = irr_roots(eco_flows)
    fbcr, fbcr_cost_lines = _lines_bcr(fin_pvs)
    ebcr, ebcr_cost_lines = _lines_bcr(eco_pvs)
    fnpv = npv(financial_rate, fin_flows)
    simple = payback(fin_flows)
    disc = discounted_payback(financial_rate, fin_flows)
    return {
        "financial_rate": _rate_dec(financial_rate),
        "social_rate": _rate_dec(social_rate),
        "convention": "t0",
        "financial_flows": fin_flows,
        "economic_flows": eco_flows,
        "fnpv": fnpv,
        "firr_roots": firr.roots,
        "firr_flag": firr.flag,
        "fbcr": fbcr,
        "fbcr_cost_lines": fbcr_cost_lines,
        "enpv": npv(social_rate, eco_flows),
        "eirr_roots": eirr.roots,
        "eirr_flag": eirr.flag,
        "ebcr": ebcr,
        "ebcr_cost_lines": ebcr_cost_lines,
        "payback": simple.period,
        "payback_multiple_crossings": simple.multiple_crossings,
        "discounted_payback": disc.period,
        "discounted_payback_multiple_crossings": disc.multiple_crossings,
        "mirr": mirr(
            fin_flows,
            financial_rate if finance_rate is None else finance_rate,
            financial_rate if reinvest_rate is None else reinvest_rate,
        ),
        "npv": fnpv,
        "irr_roots": firr.roots,
        "irr_flag": firr.flag,
        "bcr": fbcr,
    }


# ---------------------------------------------------------------------------------------------------
# Sensitivity and scenarios
# ---------------------------------------------------------------------------------------------------


def sensitivity(
    rate: Rate,
    lines: Sequence[Line],
    pct_steps: Sequence[Number] = (-20, -10, 10, 20),
    basis: Basis = "financial",
) -> list[dict[str, Any]]:
    """One-way sensitivity per line of the basis: NPV at each ±% step, switching value, critical flag.

    NPV is linear in each line, so NPV(step) = NPV + PV(line)·step/100 exactly. Switching value (%) =
    -NPV / PV(line) × 100 (None when PV(line) = 0). Critical: a 1% change moves NPV by more than 1% of
    NPV, i.e. |PV(line)| > |NPV| (with NPV = 0, any line with a non-zero PV is critical).
    """
    base = npv(rate, model_flows(lines, basis))
    steps = _decimals(pct_steps)
    rows = []
    for line, pv in _line_pvs(rate, lines, basis):
        rows.append(
            {
                "line": line.name,
                "kind": line.kind,
                "pv": pv,
                "base_npv": base,
                "steps": [{"pct": pct, "npv": base + pv * pct / HUNDRED} for pct in steps],
                "switching_value_pct": None if pv == 0 else -base / pv * HUNDRED,
                "critical": abs(pv) > abs(base),
            }
        )
    return rows


def scenarios(
    rate: Rate,
    lines: Sequence[Line],
    adjustments: Mapping[str, Mapping[str, Number]],
    basis: Basis = "financial",
) -> dict[str, dict[str, Any]]:
    """NPV and IRR per scenario (name -> line name -> multiplier); a "base" scenario is added if absent."""
    known = {line.name for line in lines}
    plan: dict[str, Mapping[str, Number]] = {} if "base" in adjustments else {"base": {}}
    plan.update(adjustments)
    out: dict[str, dict[str, Any]] = {}
    for name, multipliers in plan.items():
        unknown = set(multipliers) - known
        if unknown:
            raise ValueError(f"scenario {name!r} adjusts unknown line(s): {', '.join(sorted(unknown))}")
        adjusted = [
            line.scaled(multipliers[line.name]) if line.name in multipliers else line for line in lines
        ]
        flows = model_flows(adjusted, basis)
        irr = irr_roots(flows)
        out[name] = {"npv": npv(rate, flows), "irr_roots": irr.roots, "irr_flag": irr.flag}
    return out


INFLOW_KINDS = ("revenue", "benefit", "residual")


def scenario_lines(
    lines: Sequence[Line],
    kind_pct: Mapping[str, Number] | None = None,
    line_pct: Mapping[str, Number] | None = None,
    delay: int = 0,
) -> list[Line]:
    """Lines of a scenario: each value × (1 + pct/100), a per-line % replacing its kind's %, and inflow
    lines (revenue, benefit, residual) delayed by ``delay`` periods."""
    kind_pct = kind_pct or {}
    line_pct = line_pct or {}
    unknown_kinds = set(kind_pct) - set(LINE_KINDS)
    if unknown_kinds:
        raise ValueError(f"unknown line kind(s): {', '.join(sorted(unknown_kinds))}")
    unknown_lines = set(line_pct) - {line.name for line in lines}
    if unknown_lines:
        raise ValueError(f"unknown line(s): {', '.join(sorted(unknown_lines))}")
    out = []
    for line in lines:
        pct = line_pct.get(line.name, kind_pct.get(line.kind, 0))
        adjusted = line.scaled(ONE + to_decimal(pct) / HUNDRED) if to_decimal(pct) != 0 else line
        if delay and line.kind in INFLOW_KINDS:
            adjusted = adjusted.shifted(delay)
        out.append(adjusted)
    return out


def scenario_compare(
    financial_rate: Rate,
    social_rate: Rate,
    lines: Sequence[Line],
    plan: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """FNPV/FIRR and ENPV/EIRR per scenario; each plan item has ``name`` and optional ``kind_pct``,
    ``line_pct`` and ``delay`` (see ``scenario_lines``)."""
    out = []
    for item in plan:
        adjusted = scenario_lines(
            lines, item.get("kind_pct"), item.get("line_pct"), int(item.get("delay") or 0)
        )
        fin = model_flows(adjusted, "financial")
        eco = model_flows(adjusted, "economic")
        firr, eirr = irr_roots(fin), irr_roots(eco)
        out.append(
            {
                "name": item["name"],
                "fnpv": npv(financial_rate, fin),
                "firr_roots": firr.roots,
                "firr_flag": firr.flag,
                "enpv": npv(social_rate, eco),
                "eirr_roots": eirr.roots,
                "eirr_flag": eirr.flag,
                "financial_flows": fin,
            }
        )
    return out


# ---------------------------------------------------------------------------------------------------
# PPP: value for money, fiscal commitments, obligation limit
# ---------------------------------------------------------------------------------------------------


def value_for_money(
    rate: Rate,
    *,
    psc_capex: Iterable[Number],
    psc_opex: Iterable[Number],
    psc_lifecycle: Iterable[Number] = (),
    competitive_neutrality: Number = 0,
    transferable_risk: Number = 0,
    retained_risk: Number = 0,
    ppp_payments: Iterable[Number],
    government_costs: Iterable[Number] = (),
) -> dict[str, Decimal | None]:
    """PSC vs PPP cost. Cost flows are positive per-period amounts (PV'd at ``rate``); risks are PV amounts.

    raw PSC = PV(capex + opex + lifecycle); PSC = raw PSC + competitive neutrality + transferable risk +
    retained risk; PPP cost = PV(payments to the partner) + retained risk + PV(government's own costs);
    VfM = PSC - PPP cost (> 0 favours the PPP); vfm_pct = VfM / PSC × 100 (None when PSC = 0).
    """
    pv_capex, pv_opex, pv_lifecycle = npv(rate, psc_capex), npv(rate, psc_opex), npv(rate, psc_lifecycle)
    raw_psc = pv_capex + pv_opex + pv_lifecycle
    retained = to_decimal(retained_risk)
    psc = raw_psc + to_decimal(competitive_neutrality) + to_decimal(transferable_risk) + retained
    pv_payments, pv_government = npv(rate, ppp_payments), npv(rate, government_costs)
    ppp_cost = pv_payments + retained + pv_government
    vfm = psc - ppp_cost
    ratio = ratio_or_none(vfm, psc)
    return {
        "pv_capex": pv_capex,
        "pv_opex": pv_opex,
        "pv_lifecycle": pv_lifecycle,
        "raw_psc": raw_psc,
        "psc": psc,
        "pv_ppp_payments": pv_payments,
        "pv_government_costs": pv_government,
        "ppp_cost": ppp_cost,
        "vfm": vfm,
        "vfm_pct": None if ratio is None else ratio * HUNDRED,
    }


def fiscal_commitments(
    rate: Rate,
    payments: Iterable[Number],
    probabilities: Iterable[Number],
    exposures: Iterable[Number],
) -> dict[str, Decimal]:
    """PFRAM: direct PV = Σ Pay_t/(1+r)^t; contingent EV = Σ p_t·E_t/(1+r)^t; max exposure = Σ E_t.

    The maximum exposure is the undiscounted total the government would pay if every contingent event
    happened (p = 1 in every period), i.e. the sum over periods, not the largest single period.
    """
    probs, exps = _decimals(probabilities), _decimals(exposures)
    if len(probs) != len(exps):
        raise ValueError("probabilities and exposures must have one value per period")
    if any(p < 0 or p > 1 for p in probs):
        raise ValueError("probabilities must be between 0 and 1")
    direct = npv(rate, payments)
    contingent = npv(rate, [p * e for p, e in zip(probs, exps, strict=True)])
    return {
        "direct_pv": direct,
        "contingent_ev": contingent,
        "total": direct + contingent,
        "max_exposure": sum(exps, ZERO),
    }


def obligation_limit_check(existing: Number, new: Number, limit: Number) -> tuple[Decimal, bool]:
    """Utilisation = (existing + new) / limit as a ratio (1 = 100%) and whether it exceeds the limit."""
    cap = to_decimal(limit)
    if cap <= 0:
        raise ValueError("the obligation limit must be positive")
    utilisation = (to_decimal(existing) + to_decimal(new)) / cap
    return utilisation, utilisation > 1


# ---------------------------------------------------------------------------------------------------
# Reproducibility and JSON
# ---------------------------------------------------------------------------------------------------


def _canonical(value: Any) -> Any:
    """JSON-ready copy for hashing; numbers become normalised decimal strings (1, 1.0, Decimal("1.00"))."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Decimal | int | float):
        d = to_decimal(value).normalize()
        return format(d if d != 0 else ZERO, "f")
    if is_dataclass(value) and not isinstance(value, type):
        return _canonical(asdict(value))
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    raise TypeError(f"cannot hash a {type(value).__name__}")


def inputs_hash(payload: Mapping[str, Any]) -> str:
    """SHA-256 hex of the inputs' canonical JSON (sorted keys, numbers as normalised decimal strings)."""
    text = json.dumps(_canonical(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_jsonable(result: Any) -> Any:
    """Copy of a result ready for strict JSON: Decimals (money) as exact decimal strings ("-1000000000000000.01",
    never rounded through a float), floats (rates) as numbers, dataclasses as dicts, tuples as lists; None stays
    None. A non-finite number has no JSON form: ValueError."""
    if isinstance(result, Decimal):
        if not result.is_finite():
            raise ValueError(f"a result is not a finite number: {result}")
        return format(result, "f")
    if isinstance(result, float) and not math.isfinite(result):
        raise ValueError(f"a result is not a finite number: {result}")
    if is_dataclass(result) and not isinstance(result, type):
        return {f.name: to_jsonable(getattr(result, f.name)) for f in fields(result)}
    if isinstance(result, Mapping):
        return {str(k): to_jsonable(v) for k, v in result.items()}
    if isinstance(result, list | tuple):
        return [to_jsonable(v) for v in result]
    return result
