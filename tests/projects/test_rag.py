"""The computed RAG against the reference values of MONITORING.md."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest

from projects import rag
from projects.models import Rag

TODAY = datetime.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("plan", "actual", "expected_a", "expected"),
    [
        (100, 97, Decimal("0.97"), Rag.GREEN),
        (100, 90, Decimal("0.9"), Rag.AMBER),
        (100, 80, Decimal("0.8"), Rag.RED),
        (100, 95, Decimal("0.95"), Rag.GREEN),
        (100, 85, Decimal("0.85"), Rag.AMBER),
    ],
)
def test_reference_values_higher_is_better(plan: int, actual: int, expected_a: Decimal, expected: str) -> None:
    assert rag.achievement(plan, actual) == expected_a
    assert rag.indicator_rating(plan, actual) == expected


def test_lower_is_better_inverts_the_ratio() -> None:
    # plan 10 minutes of travel time, actual 12 → A = 10/12 ≈ 0.83 → Red; actual 10.5 → 0.952 → Green
    assert rag.achievement(10, 12, higher_is_better=False).quantize(Decimal("0.01")) == Decimal("0.83")
    assert rag.indicator_rating(10, 12, higher_is_better=False) == Rag.RED
    assert rag.indicator_rating(10, Decimal("10.5"), higher_is_better=False) == Rag.GREEN
    assert rag.indicator_rating(100, 110, higher_is_better=False) == Rag.AMBER


def test_zero_plan_never_divides() -> None:
    assert rag.achievement(0, 5) is None
    assert rag.indicator_rating(0, 5) == Rag.GREEN
    assert rag.indicator_rating(0, 0) == Rag.GREEN
    # lower is better with a zero actual (e.g. zero accidents): on the right side of any target
    assert rag.indicator_rating(3, 0, higher_is_better=False) == Rag.GREEN
    # lower is better, target zero, actual above it: wrong side
    assert rag.indicator_rating(0, 2, higher_is_better=False) == Rag.RED
    assert rag.indicator_rating(None, 2) == Rag.NONE


def test_cap_when_aggregating() -> None:
    assert rag.achievement(100, 300, cap=Decimal("1.2")) == Decimal("1.2")
    # one over-achiever (3.0) and one laggard (0.6): capped mean 0.9 is Amber, uncapped would be Green
    assert rag.aggregate_achievement([Decimal("3.0"), Decimal("0.6")]) == Decimal("0.9")
    assert rag.rating_from_achievement(rag.aggregate_achievement([Decimal("3.0"), Decimal("0.6")])) == Rag.AMBER
    assert rag.aggregate_achievement([]) is None


def test_policy_thresholds_are_used() -> None:
    strict = rag.DefaultPolicy(version=2, green_min=Decimal("0.99"), amber_min=Decimal("0.9"))
    assert rag.indicator_rating(100, 97, policy=strict) == Rag.AMBER


@dataclass
class M:
    planned_date: datetime.date
    forecast_date: datetime.date | None = None
    actual_date: datetime.date | None = None
    is_critical: bool = False


def d(month: int, day: int) -> datetime.date:
    return datetime.date(2026, month, day)


@pytest.mark.parametrize(
    ("milestone", "expected"),
    [
        (M(d(5, 1), actual_date=d(5, 1)), Rag.GREEN),  # done on time
        (M(d(5, 1), actual_date=d(4, 20)), Rag.GREEN),  # done early
        (M(d(8, 1), forecast_date=d(7, 25)), Rag.GREEN),  # forecast ≤ plan
        (M(d(8, 1), forecast_date=d(8, 2)), Rag.AMBER),  # 1 day slip
        (M(d(8, 1), forecast_date=d(8, 31)), Rag.AMBER),  # 30 days slip
        (M(d(8, 1), forecast_date=d(9, 1)), Rag.RED),  # 31 days slip
        (M(d(6, 20)), Rag.AMBER),  # not done, 10 days overdue
        (M(d(6, 20), is_critical=True), Rag.RED),  # missed critical milestone
        (M(d(4, 1)), Rag.RED),  # not done, 90 days overdue
        (M(d(5, 1), actual_date=d(5, 20)), Rag.AMBER),  # done 19 days late
    ],
)
def test_milestone_rating(milestone: M, expected: str) -> None:
    assert rag.milestone_rating(milestone, today=TODAY) == expected


def test_forecast_past_project_end_is_red() -> None:
    milestone = M(d(11, 1), forecast_date=d(11, 5))
    assert rag.milestone_rating(milestone, today=TODAY) == Rag.AMBER
    assert rag.milestone_rating(milestone, today=TODAY, project_finish=d(11, 3)) == Rag.RED


def test_milestones_rating_is_the_worst_and_none_without_milestones() -> None:
    assert rag.milestones_rating([], today=TODAY) == Rag.NONE
    ms = [M(d(5, 1), actual_date=d(5, 1)), M(d(8, 1), forecast_date=d(8, 10))]
    assert rag.milestones_rating(ms, today=TODAY) == Rag.AMBER


def test_finance_rating_and_planned_to_date() -> None:
    lines = [
        SimpleNamespace(year=2025, plan=Decimal("600"), disbursed=Decimal("600")),
        SimpleNamespace(year=2026, plan=Decimal("1200"), disbursed=Decimal("0")),
        SimpleNamespace(year=2027, plan=Decimal("5000"), disbursed=Decimal("0")),
    ]
    # June: all of 2025 plus 6/12 of 2026 → 1200 planned to date
    assert rag.planned_to_date(lines, TODAY) == Decimal("1200")
    assert rag.finance_rating(Decimal("1164"), Decimal("1200")) == Rag.GREEN  # 0.97
    assert rag.finance_rating(Decimal("1080"), Decimal("1200")) == Rag.AMBER  # 0.90
    assert rag.finance_rating(Decimal("960"), Decimal("1200")) == Rag.RED  # 0.80
    assert rag.finance_rating(Decimal("0"), Decimal("0")) == Rag.GREEN


def test_overall_is_the_worst_and_ignores_not_rated() -> None:
    assert rag.worst([Rag.GREEN, Rag.AMBER, Rag.NONE]) == Rag.AMBER
    assert rag.worst([Rag.GREEN, Rag.RED, Rag.AMBER]) == Rag.RED
    assert rag.worst([Rag.NONE, Rag.NONE]) == Rag.NONE


def test_project_rag_with_and_without_the_indicator_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    project = SimpleNamespace(planned_finish=d(12, 31), forecast_finish=None)
    lines = [SimpleNamespace(year=2026, plan=Decimal("1200"), disbursed=Decimal("582"))]  # 582/600 = 0.97
    ms = [M(d(5, 1), actual_date=d(5, 1))]
    monkeypatch.setattr(rag, "_indicator_rating_hook", None)
    result = rag.project_rag(project, milestones=ms, budget_lines=lines, today=TODAY)
    assert (result.indicators, result.milestones, result.finance, result.overall) == (
        Rag.NONE, Rag.GREEN, Rag.GREEN, Rag.GREEN,
    )
    rag.register_indicator_rating(lambda p: Rag.RED)
    assert rag.project_rag(project, milestones=ms, budget_lines=lines, today=TODAY).overall == Rag.RED
