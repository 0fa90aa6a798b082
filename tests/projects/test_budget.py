"""Budget: lines per year × source, totals (rows, columns, grand), in-place editing with htmx, total_budget_plan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import BudgetLine
from projects.selectors.delivery import project_budget
from projects.services import budget as services
from tests.conftest import assert_num_queries, login
from tests.projects.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
S = BudgetLine.Source


def _line(project: Any, year: int, source: str, plan: str, code: str = "", **amounts: str) -> BudgetLine:
    return BudgetLineFactory(
        project=project, year=year, source=source, budget_program_code=code, plan=Decimal(plan),
        **{k: Decimal(v) for k, v in amounts.items()},
    )


def test_totals_by_row_column_and_grand_total(project_a: Any) -> None:
    _line(project_a, 2026, S.LOCAL, "1000000.50", disbursed="100")
    _line(project_a, 2026, S.REPUBLICAN, "2000000.25", code="001", disbursed="200")
    _line(project_a, 2027, S.LOCAL, "3000000.00", disbursed="0")
    _line(project_a, 2027, S.PPP_PRIVATE, "500000.00", code="X", disbursed="0")
    data = project_budget(project_a)
    assert data.years == [2026, 2027]
    pivot = {row["source"]: (row["cells"], row["total"]) for row in data.pivot}
    assert pivot[S.LOCAL] == ([Decimal("1000000.50"), Decimal("3000000.00")], Decimal("4000000.50"))
    assert pivot[S.REPUBLICAN] == ([Decimal("2000000.25"), Decimal("0")], Decimal("2000000.25"))
    assert data.year_totals == [Decimal("3000000.75"), Decimal("3500000.00")]
    assert data.grand_total == Decimal("6500000.75")
    assert data.totals["disbursed"] == Decimal("300")
    assert [s for s, _label in data.sources][:2] == [S.REPUBLICAN, S.LOCAL]


def test_service_keeps_project_total_budget_plan(project_a: Any, manager: Any) -> None:
    line = BudgetLine(project=project_a, year=2026, source=S.LOCAL, plan=Decimal("1500000.10"))
    services.budget_line_save(line=line, actor=manager)
    services.budget_line_save(
        line=BudgetLine(project=project_a, year=2027, source=S.LOCAL, plan=Decimal("0.90")), actor=manager
    )
    project_a.refresh_from_db()
    assert project_a.total_budget_plan == Decimal("1500001.00")
    line.plan = Decimal("1000000")
    services.budget_line_save(line=line, actor=manager)
    project_a.refresh_from_db()
    assert project_a.total_budget_plan == Decimal("1000000.90")
    services.budget_line_delete(line=line, actor=manager)
    project_a.refresh_from_db()
    assert project_a.total_budget_plan == Decimal("0.90")


def test_duplicate_line_is_refused_on_the_year_field(project_a: Any, manager: Any) -> None:
    _line(project_a, 2026, S.LOCAL, "1", code="001")
    with pytest.raises(ValidationError) as exc:
        services.budget_line_save(
            line=BudgetLine(project=project_a, year=2026, source=S.LOCAL, budget_program_code=" 001 "), actor=manager
        )
    assert "year" in exc.value.message_dict


def test_inline_edit_returns_the_form_row_then_the_table(client: Any, project_a: Any, manager: Any) -> None:
    line = _line(project_a, 2026, S.LOCAL, "1000")
    login(client, manager)
    url = reverse("projects:budget-line-update", args=[project_a.pk, line.pk])
    form_row = client.get(url, **HTMX)
    assert form_row.status_code == 200
    html = form_row.content.decode()
    assert html.strip().startswith("<tr")
    assert f'name="line-{line.pk}-plan"' in html
    p = f"line-{line.pk}-"
    response = client.post(url, {
        p + "year": "2026", p + "source": "local", p + "budget_program_code": "", p + "plan": "2500000.75",
        p + "allocated": "0", p + "committed": "0", p + "disbursed": "0",
    }, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#budget-table"
    html = response.content.decode()
    assert 'id="budget-table"' in html
    assert "2\xa0500\xa0001\xa0₸" in html  # money filter, Russian: rounded to whole tenge
    project_a.refresh_from_db()
    assert project_a.total_budget_plan == Decimal("2500000.75")


def test_inline_validation_errors_stay_in_the_row(client: Any, project_a: Any, manager: Any) -> None:
    login(client, manager)
    url = reverse("projects:budget-line-create", args=[project_a.pk])
    p = "line-new-"
    response = client.post(url, {
        p + "year": "2026", p + "source": "local", p + "plan": "-5", p + "allocated": "abc",
        p + "committed": "0", p + "disbursed": "0",
    }, **HTMX)
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    html = response.content.decode()
    assert html.strip().startswith("<tr")
    assert "invalid-feedback" in html
    assert html.count('aria-invalid="true"') == 2
    assert 'name="line-new-plan"' in html
    assert not BudgetLine.objects.exists()


def test_budget_line_of_another_project_is_404(client: Any, project_a: Any, project_b: Any, manager: Any) -> None:
    other = _line(project_b, 2026, S.LOCAL, "1")
    login(client, manager)
    assert client.get(reverse("projects:budget-line-update", args=[project_a.pk, other.pk])).status_code == 404


def test_reader_cannot_edit_budget(client: Any, project_a: Any, officer_b: Any) -> None:
    line = _line(project_a, 2026, S.LOCAL, "1")
    login(client, officer_b)
    response = client.get(reverse("projects:budget", args=[project_a.pk]))
    assert response.status_code == 200
    assert "budget-line-add" not in response.content.decode()
    url = reverse("projects:budget-line-update", args=[project_a.pk, line.pk])
    assert client.post(url, {}, **HTMX).status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_budget_tab_queries_do_not_grow(client: Any, project_a: Any, manager: Any, rows: int) -> None:
    for i in range(rows):
        _line(project_a, 2020 + i % 10, list(S.values)[i % 5], "1000", code=str(i))
    login(client, manager)
    client.get(reverse("projects:budget", args=[project_a.pk]))
    with assert_num_queries(10):
        response = client.get(reverse("projects:budget", args=[project_a.pk]))
    assert len(response.context["budget"].lines) == rows
