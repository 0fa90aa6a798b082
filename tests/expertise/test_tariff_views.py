"""Tariff case pages: access, the calculation on the page, data entry, transitions, report, flat query counts."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from expertise.tariffs import engine
from expertise.tariffs.models import ClaimCheck, CostLine, RoutePeriodData, TariffCase
from pmis.core.models import Job
from tests.conftest import assert_num_queries, login
from tests.expertise.factories_tariffs import RouteFactory, case_with_routes, create_norms

pytestmark = pytest.mark.django_db


@pytest.fixture
def norms() -> None:
    create_norms()


@pytest.fixture
def case(norms: None, expert: Any) -> TariffCase:
    return case_with_routes(2, assigned_expert=expert)


def detail(case: TariffCase, query: str = "") -> str:
    return reverse("expertise:tariff-detail", args=[case.pk]) + query


# ------------------------------------------------------------------------------ access


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("expert", 200),
        ("expertise_head", 200),
        ("admin", 200),
        ("officer", 404),
        ("pmo", 404),
        ("auditor", 404),
    ],
)
def test_case_page_visible_to_expertise_staff_only(
    client: Any, request: Any, case: TariffCase, persona: str, status: int
) -> None:
    login(client, request.getfixturevalue(persona))
    assert client.get(detail(case)).status_code == status


def test_other_expert_sees_but_cannot_edit(client: Any, case: TariffCase, project_office: Any) -> None:
    from pmis.accounts import roles
    from tests.factories import UserFactory

    other = UserFactory(username="expert2", organization=project_office, roles=[roles.EXPERT])
    login(client, other)
    assert client.get(detail(case)).status_code == 200
    url = reverse("expertise:tariff-route-add", args=[case.pk])
    assert client.post(url, {"route-actual_km": "1"}).status_code == 403
    data = case.route_data.first()
    assert client.post(reverse("expertise:tariff-route-delete", args=[case.pk, data.pk])).status_code == 403
    assert RoutePeriodData.objects.filter(pk=data.pk).exists()


def test_route_data_of_another_case_is_404(client: Any, case: TariffCase, expert: Any) -> None:
    other = case_with_routes(1, assigned_expert=expert)
    foreign = other.route_data.get()
    login(client, expert)
    assert client.get(reverse("expertise:tariff-route-edit", args=[case.pk, foreign.pk])).status_code == 404


# ------------------------------------------------------------------------------ the case page


def test_case_page_shows_the_calculation_both_ways_and_the_netting_alternative(
    client: Any, case: TariffCase, expert: Any
) -> None:
    login(client, expert)
    response = client.get(detail(case))
    assert response.status_code == 200
    result = response.context["result"]
    assert len(result.routes) == 2
    assert result.agree
    assert all(route.subsidy_by_gap is not None for route in result.routes)
    assert response.context["alternative"].netting is True
    body = response.content.decode()
    assert 'data-testid="route-results"' in body
    assert 'data-testid="checks"' in body
    # the what-if toggle recomputes under the other policy without changing the case
    what_if = client.get(detail(case, "?netting=on"))
    assert what_if.context["result"].netting is True
    assert what_if.context["what_if"] is True
    case.refresh_from_db()
    assert case.netting is False


def test_missing_norm_shows_a_message_not_a_500(client: Any, expert: Any) -> None:
    case = case_with_routes(1, assigned_expert=expert)  # no norms at all
    login(client, expert)
    response = client.get(detail(case))
    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["calculation"].error


@pytest.mark.parametrize("routes", [2, 20])
def test_case_page_query_count_is_flat(client: Any, norms: None, expert: Any, routes: int) -> None:
    case = case_with_routes(routes, assigned_expert=expert)
    case.checks.create(code=engine.CHECK_CAP, passed=True)
    login(client, expert)
    client.get(detail(case))
    # 13: session, user, groups, case, route data, cost lines, checks, norms, the contract's periods (chart),
    # notifications badge, and the three choice lists of the inline forms
    with assert_num_queries(13):
        assert client.get(detail(case)).status_code == 200


@pytest.mark.parametrize("cases", [1, 12])
def test_list_query_count_is_flat(client: Any, norms: None, expert: Any, cases: int) -> None:
    for _ in range(cases):
        case_with_routes(1, assigned_expert=expert)
    login(client, expert)
    client.get(reverse("expertise:tariff-list"))
    with assert_num_queries(6):
        assert client.get(reverse("expertise:tariff-list")).status_code == 200


def test_list_filters_search_and_export(client: Any, norms: None, expert: Any, expertise_head: Any) -> None:
    mine = case_with_routes(1, assigned_expert=expert)
    other = case_with_routes(1, assigned_expert=expertise_head, status=TariffCase.Status.VERIFIED)
    login(client, expert)
    url = reverse("expertise:tariff-list")
    assert list(client.get(url, {"expert": "me"}).context["page"]) == [mine]
    assert list(client.get(url, {"status": "verified"}).context["page"]) == [other]
    assert list(client.get(url, {"q": mine.contract.carrier.name}).context["page"]) == [mine]
    assert client.get(url, {"year": "abc", "sort": "nonsense", "page": "x"}).status_code == 200
    response = client.get(url, {"status": "verified", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == other.contract.carrier.name


# ------------------------------------------------------------------------------ data entry


def test_assigned_expert_adds_route_figures_inline(client: Any, case: TariffCase, expert: Any) -> None:
    route = RouteFactory()
    case.contract.routes.add(route)
    login(client, expert)
    url = reverse("expertise:tariff-route-add", args=[case.pk])
    bad = client.post(
        url,
        {
            "route-route": route.pk,
            "route-actual_km": "-5",
            "route-trips_planned": "10",
            "route-trips_completed": "12",
        },
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 200
    html = bad.content.decode()
    assert html.lstrip().startswith('<form id="route-form"')  # only the fragment is swapped
    assert html.count("invalid-feedback") == 2  # actual km and trips completed, next to their fields
    assert 'id="id_route-actual_km"' in html
    good = client.post(
        url,
        {
            "route-route": route.pk,
            "route-actual_km": "5000",
            "route-trips_planned": "10",
            "route-trips_completed": "10",
            "route-passengers_paying": "100",
            "route-passengers_benefit": "0",
            "route-passenger_km": "800",
            "route-headcount": "1",
            "route-wage_fund": "0",
            "route-depreciation": "0",
            "route-non_route_costs": "0",
            "route-other_revenue": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    assert good.status_code == 200
    assert good.headers["HX-Redirect"].startswith(detail(case))
    data = RoutePeriodData.objects.get(case=case, route=route)
    assert data.actual_km == Decimal("5000")
    assert data.history.count() == 1


def test_route_outside_the_contract_is_refused(client: Any, case: TariffCase, expert: Any) -> None:
    stranger = RouteFactory()
    login(client, expert)
    response = client.post(
        reverse("expertise:tariff-route-add", args=[case.pk]),
        {"route-route": stranger.pk, "route-actual_km": "5"},
    )
    assert response.status_code == 200
    assert "route" in response.context["form"].errors


def test_cost_line_added_and_removed(client: Any, case: TariffCase, expert: Any) -> None:
    data = case.route_data.first()
    login(client, expert)
    response = client.post(
        reverse("expertise:tariff-cost-add", args=[case.pk]),
        {"cost-route": data.route_id, "cost-item": engine.NON_ROUTE, "cost-amount": "1234.50"},
    )
    assert response.status_code == 302
    line = CostLine.objects.get(case=case, item=engine.NON_ROUTE)
    page = client.get(detail(case))
    non_route = [
        c["check"]
        for c in page.context["live_checks"]
        if c["check"].code == engine.CHECK_NON_ROUTE and c["check"].route == data.route.number
    ]
    assert non_route[0].passed is False
    assert non_route[0].adjustment == Decimal("1234.50")
    client.post(reverse("expertise:tariff-cost-delete", args=[case.pk, line.pk]))
    assert not CostLine.objects.filter(pk=line.pk).exists()


def test_bad_cost_amount_is_an_error_next_to_the_field(client: Any, case: TariffCase, expert: Any) -> None:
    data = case.route_data.first()
    login(client, expert)
    response = client.post(
        reverse("expertise:tariff-cost-add", args=[case.pk]),
        {"cost-route": data.route_id, "cost-item": "fuel", "cost-amount": "1e400"},
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors


# ------------------------------------------------------------------------------ workflow and report


def test_submit_records_checks_and_verify_confirms(client: Any, case: TariffCase, expert: Any) -> None:
    login(client, expert)
    url = reverse("expertise:tariff-transition", args=[case.pk])
    client.post(url, {"action": "submit"})
    case.refresh_from_db()
    assert case.status == TariffCase.Status.IN_REVIEW
    assert ClaimCheck.objects.filter(case=case).count() == 2 * 8 + 1  # 8 route checks per route + the cap
    page = client.get(detail(case))
    assert case.verified_subsidy == page.context["result"].subsidy.quantize(Decimal("0.01"))
    # editing is still allowed in review; a verified case is frozen (the cap and the arithmetic could not run)
    client.post(url, {"action": "verify", "unchecked_reason": "No cap in the contract; no claimed amount."})
    case.refresh_from_db()
    assert case.status == TariffCase.Status.VERIFIED
    assert case.verified_at is not None
    data = case.route_data.first()
    client.post(reverse("expertise:tariff-route-delete", args=[case.pk, data.pk]))
    assert RoutePeriodData.objects.filter(pk=data.pk).exists()
    client.post(url, {"action": "reopen"})
    case.refresh_from_db()
    assert case.status == TariffCase.Status.DRAFT


def test_reject_needs_a_reason(client: Any, case: TariffCase, expert: Any) -> None:
    login(client, expert)
    url = reverse("expertise:tariff-transition", args=[case.pk])
    client.post(url, {"action": "submit"})
    client.post(url, {"action": "reject", "conclusion": ""})
    case.refresh_from_db()
    assert case.status == TariffCase.Status.IN_REVIEW
    client.post(url, {"action": "reject", "conclusion": "Km not confirmed by GPS."})
    case.refresh_from_db()
    assert case.status == TariffCase.Status.REJECTED
    assert case.conclusion == "Km not confirmed by GPS."
    assert client.post(url, {"action": "bogus"}).status_code == 302


def test_head_opens_a_case_and_assigns(client: Any, norms: None, expertise_head: Any, expert: Any) -> None:
    contract = case_with_routes(1).contract
    login(client, expertise_head)
    url = reverse("expertise:tariff-create")
    bad = client.post(
        url,
        {
            "contract": contract.pk,
            "period_start": "2026-01-01",
            "period_end": "2025-01-01",
            "assigned_expert": expert.pk,
            "cost_method": "itemized",
        },
    )
    assert bad.status_code == 200
    assert "period_end" in bad.context["form"].errors
    response = client.post(
        url,
        {
            "contract": contract.pk,
            "period_start": "2025-04-01",
            "period_end": "2025-06-30",
            "assigned_expert": expert.pk,
            "cost_method": "itemized",
        },
    )
    case = TariffCase.objects.get(period_start="2025-04-01")
    assert response.status_code == 302
    assert case.assigned_expert == expert
    assert case.history.first().history_user == expertise_head


def test_report_job_renders_the_pdf(
    client: Any, case: TariffCase, expert: Any, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, expert)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("expertise:tariff-report", args=[case.pk]))
    job = Job.objects.get(kind="expertise.tariff_report")
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result_file.read().startswith(b"%PDF")


def test_history_page(client: Any, case: TariffCase, expert: Any) -> None:
    login(client, expert)
    response = client.get(reverse("expertise:tariff-history", args=[case.pk]))
    assert response.status_code == 200
    assert response.context["history"]


def test_home_panel_and_nav(client: Any, case: TariffCase, expert: Any, officer: Any) -> None:
    login(client, expert)
    body = client.get(reverse("core:home")).content.decode()
    assert reverse("expertise:tariff-list") in body
    assert case.get_absolute_url() in body
    client.logout()
    login(client, officer)
    assert reverse("expertise:tariff-list") not in client.get(reverse("core:home")).content.decode()
