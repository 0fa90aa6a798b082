"""City-level numbers never reveal a confidential project to a reader who may not open it (DESIGN.md §4)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from monitoring.services.scan import run_scan
from tests.monitoring.factories import ActualFactory, IndicatorFactory, TargetFactory
from tests.projects.factories import BudgetLineFactory, ProjectFactory

D = Decimal


@pytest.fixture
def secret(direction: Any, department_a: Any, manager: Any) -> Any:
    """A confidential project with a Red indicator and a budget line, next to an ordinary one."""
    hidden = ProjectFactory(
        direction=direction, department=department_a, manager=manager, is_confidential=True
    )
    open_ = ProjectFactory(direction=direction, department=department_a, manager=manager)
    for project, value in ((hidden, 50), (open_, 99)):
        ind = IndicatorFactory(project=project)
        TargetFactory(indicator=ind, value=D(100))
        ActualFactory(indicator=ind, value=D(value))
        BudgetLineFactory(project=project, year=2026, source="local", plan=D(1000), disbursed=D(100))
    run_scan(today=datetime.date(2026, 6, 15))
    return hidden


@pytest.mark.parametrize(
    ("persona", "red", "indicators", "plan"),
    [
        ("outsider_officer", 0, 1, D(1000)),  # another department: the confidential project stays invisible
        ("officer", 1, 2, D(2000)),  # the project's department
        ("pmo", 1, 2, D(2000)),  # sees every project
    ],
)
@pytest.mark.django_db
def test_city_and_budget_totals_follow_project_visibility(
    client: Any, login_as: Any, secret: Any, persona: str, red: int, indicators: int, plan: Decimal
) -> None:
    login_as(persona)
    city = client.get(reverse("monitoring:city")).context
    assert city["totals"]["red"] == red
    assert city["totals"]["n"] == indicators
    budget = client.get(reverse("monitoring:budget") + "?year=2026").context
    assert sum(r["plan"] for r in budget["groups"]["directions"]) == plan
    assert sum(r["plan"] for r in budget["groups"]["sources"]) == plan
    assert len(budget["page"].object_list) == (1 if plan == D(1000) else 2)


@pytest.mark.parametrize(
    ("persona", "expected", "submitted"),
    [
        ("outsider_officer", 1, 1),  # the confidential project's indicator is neither expected nor counted
        ("sac", 1, 1),  # SAC does not see confidential projects either (DESIGN.md §4)
        ("officer", 2, 2),  # the project's department
        ("pmo", 2, 2),
    ],
)
@pytest.mark.django_db
def test_period_completeness_counts_only_what_the_reader_may_see(
    client: Any, login_as: Any, secret: Any, persona: str, expected: int, submitted: int
) -> None:
    from monitoring.models import ReportingPeriod

    rp = ReportingPeriod.objects.create(
        year=2026, frequency="quarterly", period=1, due_date=datetime.date(2026, 4, 20)
    )
    login_as(persona)
    context = client.get(reverse("monitoring:period", args=[rp.pk])).context
    (dept,) = context["departments"]
    (direction,) = context["directions"]
    assert (dept["expected"], dept["submitted"]) == (expected, submitted)
    assert (direction["expected"], direction["submitted"]) == (expected, submitted)
    response = client.get(reverse("monitoring:period", args=[rp.pk]) + "?export=xlsx")
    from pmis.core.excel import read_rows

    rows = list(read_rows(response.content))
    assert [row[2] for row in rows[1:]] == [expected, expected]
