"""Budget execution: monthly disbursements where recorded, else the line's disbursed total; editors record months."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from monitoring.models import CashPlan, Disbursement
from tests.projects.factories import BudgetLineFactory

D = Decimal


@pytest.mark.django_db
def test_execution_by_project_direction_and_source(client: Any, login_as: Any, project: Any) -> None:
    monthly = BudgetLineFactory(project=project, year=2026, source="local", plan=D(1200), disbursed=D(999))
    BudgetLineFactory(project=project, year=2026, source="republican", plan=D(800), disbursed=D(200))
    Disbursement.objects.create(budget_line=monthly, year=2026, month=1, amount=D(100))
    Disbursement.objects.create(budget_line=monthly, year=2026, month=2, amount=D(200))
    CashPlan.objects.create(budget_line=monthly, year=2026, month=1, amount=D(150))
    login_as("coordinator")
    ctx = client.get(reverse("monitoring:budget") + "?year=2026").context
    row = ctx["page"][0]
    assert (row.plan, row.paid) == (D(2000), D(500))  # 300 recorded monthly + 200 from the line without months
    assert ctx["groups"]["directions"][0]["paid"] == D(500)
    sources = {str(r["name"]): r["paid"] for r in ctx["groups"]["sources"]}
    assert sorted(sources.values()) == [D(200), D(300)]
    assert ctx["curve"]["plan"][0] == 150.0


@pytest.mark.django_db
def test_project_editor_records_a_month_and_outsider_cannot(client: Any, login_as: Any, project: Any) -> None:
    line = BudgetLineFactory(project=project, year=2026)
    data = {"budget_line": line.pk, "kind": "paid", "year": 2026, "month": 3, "amount": "1500.50"}
    login_as("outsider_officer")
    assert client.post(reverse("monitoring:budget-project", args=[project.pk]), data).status_code == 403
    client.logout()
    login_as("manager")
    client.post(reverse("monitoring:budget-project", args=[project.pk]), data)
    client.post(reverse("monitoring:budget-project", args=[project.pk]), {**data, "amount": "2000"})
    row = Disbursement.objects.get()
    assert row.amount == D(2000)
    assert row.history.count() == 2


@pytest.mark.django_db
def test_recording_months_keeps_the_registers_disbursed_total_in_step(client: Any, login_as: Any, project: Any) -> None:
    line = BudgetLineFactory(project=project, year=2026, plan=D(12000), disbursed=D(0))
    login_as("manager")
    url = reverse("monitoring:budget-project", args=[project.pk])
    for month, amount in ((1, "1000"), (2, "1500.50"), (1, "900")):
        client.post(url, {"budget_line": line.pk, "kind": "paid", "year": 2026, "month": month, "amount": amount})
    line.refresh_from_db()
    assert line.disbursed == D("2400.50")  # January corrected to 900, plus February
    assert line.history.first().history_user.username == "manager"
    # a cash-plan month changes nothing in the register's total
    client.post(url, {"budget_line": line.pk, "kind": "plan", "year": 2026, "month": 3, "amount": "5000"})
    line.refresh_from_db()
    assert line.disbursed == D("2400.50")
