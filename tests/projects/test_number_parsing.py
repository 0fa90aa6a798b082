"""Numbers the projects app reads back (RAG inputs, baseline snapshots) go through pmis.core.numbers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pytest

from projects import rag
from projects.models import Baseline
from projects.selectors.delivery import compare_baselines


@pytest.mark.parametrize("plan", ["NaN", "Infinity", None, "abc"])
def test_achievement_refuses_what_is_not_a_finite_number(plan: object) -> None:
    with pytest.raises(InvalidOperation):
        rag.achievement(plan, 5)
    assert rag.achievement("1000.5", "2001") == Decimal(2)


def test_a_snapshot_sum_that_is_not_a_finite_number_compares_as_zero() -> None:
    a = Baseline(version=1, snapshot={"budget": {"total_plan": "NaN", "by_year": {"2026": "Infinity"}}})
    b = Baseline(version=2, snapshot={"budget": {"total_plan": "1 500,25", "by_year": {"2026": "10"}}})
    diff = compare_baselines(a, b)
    assert diff.budget_total == {"a": Decimal("0"), "b": Decimal("1500.25"), "delta": Decimal("1500.25")}
    assert diff.budget_years == [
        {"year": "2026", "a": Decimal("0"), "b": Decimal("10"), "delta": Decimal("10")}
    ]
