"""Computed RAG ratings per MONITORING.md, as pure functions of plain values and a policy.

- Indicator achievement: higher is better A = actual / plan, lower is better A = plan / actual; a zero
  denominator never divides (Green when the actual is on the right side of the target, otherwise Red);
  A is capped (policy.achievement_cap) when aggregating.
- Rating from A: Green A ≥ green_min, Amber amber_min ≤ A < green_min, Red below.
- Milestones: Green done on time or forecast ≤ plan; Amber slip 1..milestone_amber_days; Red a longer slip,
  a missed critical milestone, or a forecast past the project's end.
- Finance: E = disbursed / planned-to-date, same thresholds.
- Overall: the worst of the rated dimensions; "none" (not rated) never counts.

The monitoring app supplies the project's indicator rating through `register_indicator_rating`; until
then the indicator dimension is "none".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from pmis.core.numbers import parse_decimal
from projects.models.choices import Rag

_ORDER: dict[str, int] = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


class Policy(Protocol):
    """What the rules read of a policy: the stored RagPolicy or the frozen defaults (read-only here)."""

    @property
    def version(self) -> int: ...
    @property
    def green_min(self) -> Decimal: ...
    @property
    def amber_min(self) -> Decimal: ...
    @property
    def milestone_amber_days(self) -> int: ...
    @property
    def achievement_cap(self) -> Decimal: ...


@dataclass(frozen=True)
class DefaultPolicy:
    """The MONITORING.md defaults, for callers without a stored policy (tests, previews)."""

    version: int = 0
    green_min: Decimal = Decimal("0.95")
    amber_min: Decimal = Decimal("0.85")
    milestone_amber_days: int = 30
    achievement_cap: Decimal = Decimal("1.2")


DEFAULTS = DefaultPolicy()


def _dec(value: Any) -> Decimal:
    """A plan, an actual or a cap as a Decimal; anything that is not a finite number is a programming error."""
    number = parse_decimal(value)
    if number is None:
        raise InvalidOperation(f"Not a finite number: {value!r}")
    return number


def achievement(plan: Any, actual: Any, *, higher_is_better: bool = True, cap: Any = None) -> Decimal | None:
    """A = actual / plan (or plan / actual when lower is better); None when the denominator is zero."""
    plan, actual = _dec(plan), _dec(actual)
    numerator, denominator = (actual, plan) if higher_is_better else (plan, actual)
    if denominator == 0:
        return None
    value = numerator / denominator
    if cap is not None:
        value = min(value, _dec(cap))
    return value


def rating_from_achievement(value: Decimal | None, policy: Policy = DEFAULTS) -> str:
    if value is None:
        return Rag.NONE
    if value >= policy.green_min:
        return Rag.GREEN
    if value >= policy.amber_min:
        return Rag.AMBER
    return Rag.RED


def indicator_rating(
    plan: Any, actual: Any, *, higher_is_better: bool = True, policy: Policy = DEFAULTS
) -> str:
    """One indicator's rating, with the zero-denominator rule: right side of the target Green, else Red."""
    if actual is None or plan is None:
        return Rag.NONE
    value = achievement(plan, actual, higher_is_better=higher_is_better)
    if value is None:
        on_right_side = _dec(actual) >= _dec(plan) if higher_is_better else _dec(actual) <= _dec(plan)
        return Rag.GREEN if on_right_side else Rag.RED
    return rating_from_achievement(value, policy)


def aggregate_achievement(values: Iterable[Decimal], policy: Policy = DEFAULTS) -> Decimal | None:
    """The mean of achievements, each capped, so one over-achiever does not hide laggards."""
    capped = [min(_dec(v), policy.achievement_cap) for v in values if v is not None]
    if not capped:
        return None
    return sum(capped, Decimal("0")) / len(capped)


class MilestoneLike(Protocol):
    planned_date: datetime.date
    forecast_date: datetime.date | None
    actual_date: datetime.date | None
    is_critical: bool


def milestone_slip_days(milestone: MilestoneLike, today: datetime.date) -> int:
    """Days the milestone is (or was, or is forecast to be) late against its planned date."""
    if milestone.actual_date is not None:
        end = milestone.actual_date
    else:
        end = milestone.forecast_date or milestone.planned_date
        if milestone.planned_date < today:
            end = max(end, today)
    return max(0, (end - milestone.planned_date).days)


def milestone_rating(
    milestone: MilestoneLike,
    *,
    today: datetime.date,
    project_finish: datetime.date | None = None,
    policy: Policy = DEFAULTS,
) -> str:
    done = milestone.actual_date is not None
    if not done and milestone.is_critical and milestone.planned_date < today:
        return Rag.RED
    if not done and project_finish is not None:
        expected = milestone.forecast_date or milestone.planned_date
        if expected > project_finish:
            return Rag.RED
    slip = milestone_slip_days(milestone, today)
    if slip == 0:
        return Rag.GREEN
    if slip <= policy.milestone_amber_days:
        return Rag.AMBER
    return Rag.RED


def milestones_rating(
    milestones: Iterable[MilestoneLike],
    *,
    today: datetime.date,
    project_finish: datetime.date | None = None,
    policy: Policy = DEFAULTS,
) -> str:
    return worst(
        milestone_rating(m, today=today, project_finish=project_finish, policy=policy) for m in milestones
    )


def finance_rating(disbursed: Any, planned_to_date: Any, policy: Policy = DEFAULTS) -> str:
    """E = disbursed / planned-to-date; nothing planned yet counts as on track (zero-plan rule)."""
    return indicator_rating(planned_to_date, disbursed, higher_is_better=True, policy=policy)


class BudgetLineLike(Protocol):
    year: int
    plan: Decimal
    disbursed: Decimal


def planned_to_date(lines: Iterable[BudgetLineLike], today: datetime.date) -> Decimal:
    """Plan of past years in full plus the current year's plan pro rata by elapsed months."""
    total = Decimal("0")
    for line in lines:
        if line.year < today.year:
            total += line.plan
        elif line.year == today.year:
            total += line.plan * Decimal(today.month) / Decimal(12)
    return total


def worst(ratings: Iterable[str]) -> str:
    """The worst rated value; Rag.NONE entries are ignored, and all-NONE gives NONE."""
    rated = [r for r in ratings if r in _ORDER]
    if not rated:
        return Rag.NONE
    return max(rated, key=lambda r: _ORDER[r])


# The monitoring app registers a function project -> Rag for the indicator dimension.
_indicator_rating_hook: Callable[[Any], str] | None = None


def register_indicator_rating(func: Callable[[Any], str]) -> Callable[[Any], str]:
    """Let another app (monitoring) supply a project's indicator rating; usable as a decorator."""
    global _indicator_rating_hook
    _indicator_rating_hook = func
    return func


def project_indicator_rating(project: Any) -> str:
    if _indicator_rating_hook is None:
        return Rag.NONE
    return _indicator_rating_hook(project)


@dataclass(frozen=True)
class ProjectRag:
    indicators: str
    milestones: str
    finance: str
    overall: str
    policy_version: int


def project_rag(
    project: Any,
    *,
    milestones: Iterable[MilestoneLike],
    budget_lines: Iterable[BudgetLineLike],
    today: datetime.date,
    policy: Policy = DEFAULTS,
) -> ProjectRag:
    """All dimensions and the overall rating of one project (no writes; the caller stores the result)."""
    lines = list(budget_lines)
    finish = project.forecast_finish or project.planned_finish
    indicators = project_indicator_rating(project)
    milestone = milestones_rating(milestones, today=today, project_finish=finish, policy=policy)
    finance = (
        finance_rating(
            sum((line.disbursed for line in lines), Decimal("0")), planned_to_date(lines, today), policy
        )
        if lines
        else Rag.NONE
    )
    return ProjectRag(
        indicators=indicators,
        milestones=milestone,
        finance=finance,
        overall=worst([indicators, milestone, finance]),
        policy_version=policy.version,
    )
