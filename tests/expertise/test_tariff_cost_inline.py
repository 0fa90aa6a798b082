"""Cost lines edited in place on the case page (htmx): recompute on save, errors in the row, locked once issued;
the charts' data on the page and the report's SVG charts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from expertise.tariffs import engine
from expertise.tariffs import services as services
from expertise.tariffs.models import CostLine, TariffCase
from expertise.tariffs.selectors import tariff_case_page
from tests.conftest import login
from tests.expertise.factories_tariffs import TariffCaseFactory, case_with_routes, create_norms

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def case(expert: Any) -> TariffCase:
    create_norms()
    return case_with_routes(1, assigned_expert=expert)


def edit_url(case: TariffCase, line: CostLine) -> str:
    return reverse("expertise:tariff-cost-edit", args=[case.pk, line.pk])


def line_data(line: CostLine, **values: Any) -> dict[str, Any]:
    data = {"route": line.route_id, "item": line.item, "amount": str(line.amount), "norm": "", "note": ""}
    data.update(values)
    return {f"line-{line.pk}-{k}": v for k, v in data.items()}


def test_get_gives_the_form_row(client: Any, case: TariffCase, expert: Any) -> None:
    line = case.cost_lines.get(item=engine.INSURANCE)
    login(client, expert)
    body = client.get(edit_url(case, line), **HTMX).content.decode()
    assert body.lstrip().startswith(f'<tr id="cost-line-{line.pk}"')
    assert 'data-testid="cost-line-save"' in body


def test_saving_recomputes_the_tariff_and_the_subsidy_in_place(
    client: Any, case: TariffCase, expert: Any
) -> None:
    line = case.cost_lines.get(item=engine.INSURANCE)
    login(client, expert)
    before = client.get(case.get_absolute_url()).context["result"]
    response = client.post(edit_url(case, line), line_data(line, amount="3000000"), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#tariff-workspace"
    after = response.context["result"]
    added = Decimal("3000000") - line.amount
    # Insurance is taken as claimed: C, the tariff and the subsidy move by the added cost (+ overhead and profit).
    assert after.routes[0].total_cost > before.routes[0].total_cost + added - Decimal("0.01")
    assert after.routes[0].tariff.per_trip > before.routes[0].tariff.per_trip
    assert after.subsidy > before.subsidy
    assert after.agree
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="tariff-workspace"')
    assert "Both subsidy formulas agree on every route" in body
    line.refresh_from_db()
    assert line.amount == Decimal("3000000")
    assert line.history.first().history_user == expert


def test_a_bad_amount_stays_in_the_row_with_its_message(client: Any, case: TariffCase, expert: Any) -> None:
    line = case.cost_lines.get(item=engine.INSURANCE)
    login(client, expert)
    response = client.post(edit_url(case, line), line_data(line, amount="-5"), **HTMX)
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="cost-line-{line.pk}"')
    assert "invalid-feedback" in body
    response = client.post(edit_url(case, line), line_data(line, amount="abc"), **HTMX)
    assert response.status_code == 200
    assert CostLine.objects.get(pk=line.pk).amount == line.amount


def test_a_route_outside_the_case_is_refused(client: Any, case: TariffCase, expert: Any) -> None:
    other = case_with_routes(1, assigned_expert=expert)
    line = case.cost_lines.get(item=engine.INSURANCE)
    login(client, expert)
    response = client.post(
        edit_url(case, line), line_data(line, route=other.route_data.get().route_id), **HTMX
    )
    assert "Select a valid choice" in response.content.decode()
    assert CostLine.objects.get(pk=line.pk).route_id == line.route_id


def test_cancel_gives_the_row_back(client: Any, case: TariffCase, expert: Any) -> None:
    line = case.cost_lines.get(item=engine.INSURANCE)
    login(client, expert)
    body = client.get(reverse("expertise:tariff-cost-row", args=[case.pk, line.pk]), **HTMX).content.decode()
    assert f'hx-get="{edit_url(case, line)}"' in body


def test_adding_and_removing_a_line_recompute_in_place(client: Any, case: TariffCase, expert: Any) -> None:
    login(client, expert)
    route = case.route_data.get().route
    response = client.post(
        reverse("expertise:tariff-cost-add", args=[case.pk]),
        {"cost-route": route.pk, "cost-item": engine.OTHER, "cost-amount": "250000"},
        **HTMX,
    )
    assert response["HX-Retarget"] == "#tariff-workspace"
    line = case.cost_lines.get(item=engine.OTHER)
    response = client.post(reverse("expertise:tariff-cost-delete", args=[case.pk, line.pk]), **HTMX)
    assert response["HX-Retarget"] == "#tariff-workspace"
    assert not CostLine.objects.filter(pk=line.pk).exists()


def test_lines_are_locked_once_the_verification_is_issued(client: Any, case: TariffCase, expert: Any) -> None:
    services.tariff_case_transition(case=case, action=services.SUBMIT, actor=expert)
    services.tariff_case_transition(
        case=case, action=services.VERIFY, actor=expert, unchecked_reason="No cap and no claimed amount."
    )
    line = case.cost_lines.get(item=engine.INSURANCE)
    login(client, expert)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="cost-line-edit"' not in page
    assert "The cost lines are locked" in page
    response = client.post(edit_url(case, line), line_data(line, amount="1"), **HTMX)
    assert response.status_code == 200  # htmx client redirect back to the page with the message
    assert response["HX-Redirect"] == case.get_absolute_url()
    assert CostLine.objects.get(pk=line.pk).amount == line.amount


def test_the_head_cannot_edit_an_experts_lines(client: Any, case: TariffCase, expertise_head: Any) -> None:
    line = case.cost_lines.get(item=engine.INSURANCE)
    login(client, expertise_head)
    assert client.post(edit_url(case, line), line_data(line, amount="1"), **HTMX).status_code == 403


# ------------------------------------------------------------------------------------------ charts


def test_chart_data_cost_structure_and_periods(client: Any, case: TariffCase, expert: Any) -> None:
    earlier = TariffCaseFactory(
        contract=case.contract,
        period_start="2024-10-01",
        period_end="2024-12-31",
        status=TariffCase.Status.VERIFIED,
        verified_subsidy=Decimal("1000.00"),
    )
    del earlier
    login(client, expert)
    context = client.get(case.get_absolute_url()).context
    chart = context["chart"]
    result = context["result"]
    route = result.routes[0]
    assert chart["routes"] == [route.route]
    fuel = next(s for s in chart["structure"] if s["label"] == "Fuel")
    assert fuel["values"][0] == pytest.approx(
        float(route.costs[engine.FUEL] / route.work.vehicle_km), abs=1e-4
    )
    assert sum(s["values"][0] for s in chart["structure"]) == pytest.approx(
        float(route.cost_per_km), abs=1e-3
    )
    assert len(chart["periods"]) == 2  # oldest first: the verified quarter, then this one (live subsidy)
    assert chart["subsidy"] == [1000.0, pytest.approx(float(result.subsidy), abs=0.01)]
    assert chart["actual_km"][1] == pytest.approx(float(route.work.vehicle_km))
    assert 'id="tariff-chart-data"' in client.get(case.get_absolute_url()).content.decode()


def test_report_charts_are_svg(case: TariffCase) -> None:
    context = tariff_case_page(case=case)
    svgs = services.tariff_report_charts(context["chart"])
    assert len(svgs) == 3
    assert all(svg.startswith("<svg") and svg.endswith("</svg>") for svg in svgs)
    assert "<rect" in svgs[0]
