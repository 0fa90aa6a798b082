"""A tariff check whose data is missing is "not checked" — never "passed" — in the engine, on the page and in the
issued PDF; confirming the subsidy with such checks needs a reason, kept on the case and in its history."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from expertise.tariffs import engine as t
from expertise.tariffs.models import ClaimCheck, TariffCase
from tests.conftest import login
from tests.expertise.factories_tariffs import case_with_routes, create_norms
from tests.expertise.test_tariff_engine import ALMATY_NORMS, bus_route


def without(code: str) -> t.NormSet:
    return t.NormSet({c: norm for c, norm in ALMATY_NORMS.norms.items() if c != code})


@pytest.mark.parametrize(
    ("overrides", "norms", "code"),
    [
        ({"planned_km": None, "gps_km": None}, ALMATY_NORMS, t.CHECK_KM),
        ({"fuel_litres": None}, ALMATY_NORMS, t.CHECK_FUEL),
        ({"e_ticket_validations": None}, ALMATY_NORMS, t.CHECK_PASSENGERS),
        ({"depreciation_register": None}, ALMATY_NORMS, t.CHECK_DEPRECIATION),
        ({"trips_planned": 0, "trips_completed": 0}, ALMATY_NORMS, t.CHECK_TRIPS),
        ({}, ALMATY_NORMS, t.CHECK_ARITHMETIC),
    ],
)
def test_a_check_without_its_data_is_not_checked(
    overrides: dict[str, Any], norms: t.NormSet, code: str
) -> None:
    result = t.verify_route(bus_route(**overrides), norms=norms, fare=D(100))
    check = next(c for c in result.checks if c.code == code)
    assert check.passed is None
    assert check.status == t.NOT_CHECKED
    assert check.adjustment == 0


def test_fuel_without_a_norm_is_not_checked() -> None:
    check = t.check_fuel(bus_route(), D(100_000), without(t.FUEL_RATE))
    assert check.status == t.NOT_CHECKED


def test_wages_without_a_rate_and_a_contract_without_a_cap_are_not_checked() -> None:
    result = t.verify_case([bus_route()], norms=without(t.WAGE_RATE), fare=D(100))
    wages = next(c for c in result.checks if c.code == t.CHECK_WAGES)
    assert wages.status == t.NOT_CHECKED
    assert result.cap_check.status == t.NOT_CHECKED
    assert {c.code for c in result.not_checked} == {t.CHECK_WAGES, t.CHECK_CAP, t.CHECK_ARITHMETIC}
    assert result.failed_checks == 0


@pytest.mark.django_db
def test_confirming_with_checks_not_run_needs_a_reason_kept_in_history(client: Any, expert: Any) -> None:
    create_norms()
    case = case_with_routes(1, assigned_expert=expert)  # no cap in the contract, no claimed amount
    login(client, expert)
    url = reverse("expertise:tariff-transition", args=[case.pk])
    client.post(url, {"action": "submit"})
    assert ClaimCheck.objects.filter(case=case, passed__isnull=True).count() == 2
    assert (
        ClaimCheck.objects.filter(case=case, passed=True, note__in=["no cap", "no claimed amount"]).count()
        == 0
    )
    page = client.get(case.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert page.count('data-check="not_checked"') == 2 * 2  # live checks and recorded checks
    assert 'name="unchecked_reason"' in page

    response = client.post(url, {"action": "verify"}, headers={"accept-language": "en"}, follow=True)
    case.refresh_from_db()
    assert case.status == TariffCase.Status.IN_REVIEW
    assert "2 checks could not run for want of data" in response.content.decode()

    reason = "The contract has no cap; the carrier gave no claimed amount."
    client.post(url, {"action": "verify", "unchecked_reason": reason})
    case.refresh_from_db()
    assert case.status == TariffCase.Status.VERIFIED
    assert case.unchecked_reason == reason
    assert case.history.first().unchecked_reason == reason
    assert reason in client.get(case.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_report_prints_not_checked_not_passed(expert: Any) -> None:
    from expertise.tariffs.services import SUBMIT, VERIFY, tariff_case_transition, tariff_report_context

    create_norms()
    case = case_with_routes(1, assigned_expert=expert)
    tariff_case_transition(case=case, action=SUBMIT, actor=expert)
    tariff_case_transition(case=case, action=VERIFY, actor=expert, unchecked_reason="Нет лимита в договоре.")
    html = render_to_string(
        "expertise/tariffs/pdf/report.html", {**tariff_report_context(case), "charts_svg": []}
    )
    assert html.count('data-check="not_checked"') == 2
    assert "Нет лимита в договоре." in html


@pytest.mark.django_db
def test_recorded_checks_that_could_not_run_are_migrated_with_history(expert: Any) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("expertise.migrations.0006_tariff_checks_not_checked")
    create_norms()
    case = case_with_routes(1, assigned_expert=expert)
    missing = ClaimCheck.objects.create(case=case, code=t.CHECK_CAP, passed=True, note="no cap")
    passed = ClaimCheck.objects.create(case=case, code=t.CHECK_KM, passed=True, note="")
    migration.mark_not_checked(apps, None)
    migration.mark_not_checked(apps, None)  # idempotent
    missing.refresh_from_db()
    passed.refresh_from_db()
    assert (missing.passed, passed.passed) == (None, True)
    assert [h.passed for h in missing.history.order_by("history_id")] == [True, None]
    assert passed.history.count() == 1
