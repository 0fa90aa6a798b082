"""A budget line with more disbursed than committed is flagged on the budget tab (the line and a notice) and on
the card's overview; consistent lines are not."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.projects.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db


def test_disbursed_above_committed_is_flagged_on_the_budget_tab_and_card(
    client: Any, project_a: Any, manager: Any
) -> None:
    BudgetLineFactory(
        project=project_a,
        year=2025,
        source="local",
        plan=Decimal("300"),
        committed=Decimal("200"),
        disbursed=Decimal("150"),
    )
    over = BudgetLineFactory(
        project=project_a,
        year=2026,
        source="local",
        plan=Decimal("400"),
        committed=Decimal("180"),
        disbursed=Decimal("396"),
    )
    login(client, manager)
    budget = client.get(reverse("projects:budget", args=[project_a.pk])).content.decode()
    assert budget.count('data-testid="over-committed"') == 1
    flagged_row = budget.split(f'id="budget-line-{over.pk}"')[1].split("</tr>")[0]
    assert 'data-testid="over-committed"' in flagged_row
    assert "table-warning" in flagged_row.split(">")[0]  # the row's own tag
    assert budget.count("table-warning") == 1
    assert budget.count('data-testid="budget-over-committed"') == 1
    overview = client.get(reverse("projects:detail", args=[project_a.pk])).content.decode()
    assert overview.count('data-testid="budget-over-committed"') == 1

    over.committed = Decimal("400")
    over.save()
    budget = client.get(reverse("projects:budget", args=[project_a.pk])).content.decode()
    overview = client.get(reverse("projects:detail", args=[project_a.pk])).content.decode()
    assert "over-committed" not in budget
    assert "over-committed" not in overview
