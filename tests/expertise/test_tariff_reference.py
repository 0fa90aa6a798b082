"""Reference data screens of tariff verification: carriers, routes, contracts and versioned norms."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from expertise.tariffs import engine
from expertise.tariffs import services as services
from expertise.tariffs.models import Carrier, SubsidyContract, TariffCase, TariffNorm
from tests.conftest import assert_num_queries, login
from tests.expertise.factories_tariffs import (
    CarrierFactory,
    RouteFactory,
    SubsidyContractFactory,
    case_with_routes,
    create_norms,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = (
        "en"  # messages are matched in English (the catalogs carry ru/kk)
    )


def ref(name: str, *args: Any) -> str:
    return reverse(f"expertise:tariff-ref-{name}", args=args)


# ------------------------------------------------------------------------------------------- lists


@pytest.mark.parametrize("kind", ["carriers", "routes", "contracts", "norms"])
def test_lists_have_an_empty_state_then_rows(client: Any, expert: Any, kind: str) -> None:
    login(client, expert)
    body = client.get(ref("list", kind)).content.decode()
    assert "0 entries" in body
    case_with_routes(2, assigned_expert=expert)
    create_norms()
    response = client.get(ref("list", kind))
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1


@pytest.mark.parametrize(
    ("kind", "expected"), [("carriers", 6), ("routes", 6), ("contracts", 7), ("norms", 7)]
)
def test_list_query_counts_are_flat(client: Any, expert: Any, kind: str, expected: int) -> None:
    """session, user, groups, count, page, notifications badge; contracts + routes prefetch; norms + issued use."""
    create_norms()
    SubsidyContractFactory(routes=[RouteFactory()])
    login(client, expert)
    client.get(ref("list", kind))
    with assert_num_queries(expected):
        assert client.get(ref("list", kind)).status_code == 200
    for _ in range(12):
        SubsidyContractFactory(routes=[RouteFactory(), RouteFactory()])
    create_norms(valid_from=dt.date(2026, 1, 1))
    with assert_num_queries(expected):
        assert client.get(ref("list", kind)).status_code == 200


def test_search_filter_sort_and_no_match_message(client: Any, expert: Any) -> None:
    CarrierFactory(name="Alpha Bus", is_active=True)
    CarrierFactory(name="Beta Trans", is_active=False)
    login(client, expert)
    names = [o.name for o, _cells in client.get(ref("list", "carriers"), {"q": "alpha"}).context["rows"]]
    assert names == ["Alpha Bus"]
    names = [
        o.name for o, _cells in client.get(ref("list", "carriers"), {"filter": "inactive"}).context["rows"]
    ]
    assert names == ["Beta Trans"]
    body = client.get(ref("list", "carriers"), {"q": "nothing-like-this"}).content.decode()
    assert "Nothing matches the filters." in body
    assert client.get(ref("list", "carriers"), {"sort": "bogus"}).status_code == 200


def test_htmx_filter_returns_the_table_only(client: Any, expert: Any) -> None:
    CarrierFactory(name="Alpha Bus")
    login(client, expert)
    response = client.get(ref("list", "carriers"), {"q": "Alpha"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="reference-table">')
    assert "Alpha Bus" in body


def test_excel_export_of_what_is_shown(client: Any, expert: Any) -> None:
    create_norms()
    login(client, expert)
    response = client.get(ref("list", "norms"), {"q": "Test methodology", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + TariffNorm.objects.count()
    assert sheet.cell(1, 1).value == "Parameter"


def test_unknown_kind_is_404(client: Any, expert: Any) -> None:
    login(client, expert)
    assert client.get(ref("list", "buses")).status_code == 404


# ------------------------------------------------------------------------------------------- forms


def test_carrier_create_validates_next_to_the_field_and_records_history(client: Any, expert: Any) -> None:
    login(client, expert)
    response = client.post(ref("create", "carriers"), {"name": "Gamma", "bin": "12AB", "is_active": "on"})
    assert response.status_code == 200
    assert "A BIN has exactly 12 digits." in response.content.decode()
    assert not Carrier.objects.filter(name="Gamma").exists()
    response = client.post(
        ref("create", "carriers"), {"name": "Gamma", "bin": "123456789012", "is_active": "on"}
    )
    assert response.status_code == 302
    carrier = Carrier.objects.get(name="Gamma")
    assert carrier.history.first().history_user == expert
    response = client.post(ref("edit", "carriers", carrier.pk), {"name": "Gamma Bus", "bin": "123456789012"})
    assert response.status_code == 302
    carrier.refresh_from_db()
    assert (carrier.name, carrier.is_active) == ("Gamma Bus", False)
    assert client.get(ref("history", "carriers", carrier.pk)).context["history"]


def test_route_number_is_unique(client: Any, expert: Any) -> None:
    RouteFactory(number="92")
    login(client, expert)
    response = client.post(ref("create", "routes"), {"number": "92", "name": "Copy", "length_km": "10"})
    assert response.status_code == 200
    assert response.context["form"].errors["number"]


def test_contract_term_and_routes(client: Any, expert: Any) -> None:
    carrier, route, second = CarrierFactory(), RouteFactory(), RouteFactory()
    login(client, expert)
    form_page = client.get(ref("create", "contracts")).content.decode()
    assert 'name="routes" size="8"' in form_page
    assert f'<option value="{second.pk}">' in form_page
    data = {
        "number": "C-1",
        "carrier": carrier.pk,
        "routes": [route.pk],
        "period_start": "2025-12-31",
        "period_end": "2025-01-01",
        "fare": "100",
        "fare_basis": engine.PER_TRIP,
        "legal_basis": "Order No. 883",
    }
    response = client.post(ref("create", "contracts"), data)
    assert response.context["form"].errors["period_end"] == ["The end of the period is before its start."]
    data.update(period_start="2025-01-01", period_end="2025-12-31", routes=[route.pk, second.pk])
    assert client.post(ref("create", "contracts"), data).status_code == 302
    contract = SubsidyContract.objects.get(number="C-1")
    assert set(contract.routes.all()) == {route, second}
    assert contract.history.first().history_user == expert


def test_contract_term_must_keep_its_cases(client: Any, expert: Any) -> None:
    create_norms()
    case = case_with_routes(1, assigned_expert=expert)
    contract = case.contract
    login(client, expert)
    data = {
        "number": contract.number,
        "carrier": contract.carrier_id,
        "routes": [r.pk for r in contract.routes.all()],
        "period_start": "2025-06-01",
        "period_end": "2025-12-31",
        "fare": "100",
        "fare_basis": engine.PER_TRIP,
        "legal_basis": contract.legal_basis,
    }
    response = client.post(ref("edit", "contracts", contract.pk), data)
    assert response.status_code == 200
    assert f"Tariff case No. {case.pk}" in response.context["form"].errors["period_start"][0]
    contract.refresh_from_db()
    assert contract.period_start == dt.date(2025, 1, 1)


# ------------------------------------------------------------------------------------------- norms


def norm_data(**values: Any) -> dict[str, Any]:
    return {
        "code": engine.FUEL_PRICE,
        "value": "320",
        "unit": "₸/l",
        "legal_source": "Order No. 614, item 5",
        "valid_from": "2025-07-01",
        **values,
    }


def test_new_version_closes_the_open_one_the_day_before(client: Any, expert: Any) -> None:
    create_norms()
    old = TariffNorm.objects.get(code=engine.FUEL_PRICE)
    login(client, expert)
    page = client.get(reverse("expertise:tariff-norm-version", args=[old.pk]))
    assert page.context["form"].initial["code"] == engine.FUEL_PRICE
    response = client.post(reverse("expertise:tariff-norm-version", args=[old.pk]), norm_data())
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == dt.date(2025, 6, 30)
    assert old.history.first().history_user == expert
    assert TariffNorm.objects.filter(code=engine.FUEL_PRICE).count() == 2


def test_overlapping_versions_are_refused(client: Any, expert: Any) -> None:
    create_norms()
    login(client, expert)
    client.post(ref("create", "norms"), norm_data())
    # Starts inside the first version but runs into the second (open-ended): refused, nothing closed.
    response = client.post(ref("create", "norms"), norm_data(valid_from="2025-03-01"))
    assert response.status_code == 200
    assert "overlaps the version valid from 01.07.2025" in response.context["form"].errors["valid_from"][0]
    assert TariffNorm.objects.filter(code=engine.FUEL_PRICE).count() == 2
    assert TariffNorm.objects.get(code=engine.FUEL_PRICE, valid_from="2024-01-01").valid_to == dt.date(
        2025, 6, 30
    )


def test_an_issued_verification_is_not_changed_by_norm_or_contract_edits(client: Any, expert: Any) -> None:
    create_norms()
    case = case_with_routes(1, assigned_expert=expert)
    services.tariff_case_transition(case=case, action=services.SUBMIT, actor=expert)
    services.tariff_case_transition(
        case=case, action=services.VERIFY, actor=expert, unchecked_reason="No cap and no claimed amount."
    )
    case.refresh_from_db()
    issued = case.verified_subsidy
    assert {n["code"] for n in case.issued_basis["norms"]} >= {engine.FUEL_PRICE, engine.PROFIT_PCT}
    used = TariffNorm.objects.get(code=engine.FUEL_PRICE)
    login(client, expert)
    # The version it used keeps its value: the edit is refused with the reason, nothing changes.
    response = client.post(ref("edit", "norms", used.pk), norm_data(valid_from="2024-01-01", value="999"))
    assert response.status_code == 200
    assert "issued verification" in str(response.context["form"].non_field_errors())
    used.refresh_from_db()
    assert used.value == Decimal("300")
    # A new version from a later date and a higher fare in the contract: the issued case still shows its subsidy.
    assert client.post(ref("create", "norms"), norm_data(value="600")).status_code == 302
    SubsidyContract.objects.filter(pk=case.contract_id).update(fare=Decimal("50"))
    page = client.get(case.get_absolute_url())
    assert page.context["calculation"].frozen
    assert page.context["result"].subsidy.quantize(Decimal("0.01")) == issued
    assert page.context["terms"].fare == Decimal("100")
    # Reopened, it is a draft on today's data again.
    services.tariff_case_transition(case=case, action=services.REOPEN, actor=expert)
    case.refresh_from_db()
    assert case.issued_basis is None
    page = client.get(case.get_absolute_url())
    assert not page.context["calculation"].frozen
    assert page.context["result"].subsidy > issued


def test_an_issued_version_can_only_be_closed_after_the_issued_period(client: Any, expert: Any) -> None:
    create_norms()
    case = case_with_routes(1, assigned_expert=expert)
    services.tariff_case_transition(case=case, action=services.SUBMIT, actor=expert)
    services.tariff_case_transition(
        case=case, action=services.VERIFY, actor=expert, unchecked_reason="No cap and no claimed amount."
    )
    used = TariffNorm.objects.get(code=engine.FUEL_PRICE)
    login(client, expert)
    data = norm_data(valid_from="2024-01-01", value="300", unit=used.unit, legal_source=used.legal_source)
    response = client.post(ref("edit", "norms", used.pk), {**data, "valid_to": "2024-12-31"})
    assert "cannot end earlier" in response.context["form"].errors["valid_to"][0]
    assert client.post(ref("edit", "norms", used.pk), {**data, "valid_to": "2025-12-31"}).status_code == 302
    # A version starting inside the issued period would take the issued case's norm away: refused.
    response = client.post(ref("create", "norms"), norm_data(valid_from="2024-06-01"))
    assert response.status_code == 200
    assert f"No. {case.pk}" in response.context["form"].errors["valid_from"][0]
    assert TariffCase.objects.get(pk=case.pk).status == TariffCase.Status.VERIFIED
