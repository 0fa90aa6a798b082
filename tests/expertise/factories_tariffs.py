"""Factories for the tariff verification models (kept apart from the review-case factories)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from expertise.tariffs import engine
from expertise.tariffs.models import (
    Carrier,
    CostLine,
    Route,
    RoutePeriodData,
    SubsidyContract,
    TariffCase,
    TariffNorm,
)

ALMATY_NORMS: dict[str, tuple[str, str]] = {
    engine.FUEL_RATE: ("40", "l/100 km"),
    engine.FUEL_PRICE: ("300", "₸/l"),
    engine.LUBRICANTS_PCT: ("5", "%"),
    engine.TYRES_PER_KM: ("12", "₸/km"),
    engine.MAINTENANCE_PER_KM: ("60", "₸/km"),
    engine.PAYROLL_TAX_PCT: ("11", "%"),
    engine.WAGE_RATE: ("450000", "₸"),
    engine.OVERHEAD_PCT: ("10", "%"),
    engine.PROFIT_PCT: ("5", "%"),
    engine.KM_TOLERANCE_PCT: ("2", "%"),
    engine.GPS_TOLERANCE_PCT: ("1", "%"),
    engine.TRIPS_THRESHOLD_PCT: ("95", "%"),
    engine.FUEL_TOLERANCE_PCT: ("5", "%"),
    engine.PASSENGERS_TOLERANCE_PCT: ("2", "%"),
}


class CarrierFactory(DjangoModelFactory[Carrier]):
    class Meta:
        model = Carrier

    name = factory.Sequence(lambda n: f"ТОО «Автопарк №{n}»")
    bin = factory.Sequence(lambda n: f"{100000000000 + n}")


class RouteFactory(DjangoModelFactory[Route]):
    class Meta:
        model = Route
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{n + 1}")
    name = factory.Sequence(lambda n: f"Маршрут {n + 1}")
    length_km = Decimal("25.00")


class SubsidyContractFactory(DjangoModelFactory[SubsidyContract]):
    class Meta:
        model = SubsidyContract
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"SC-{n:04d}")
    carrier = factory.SubFactory(CarrierFactory)
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 12, 31)
    fare = Decimal("100")
    fare_basis = engine.PER_TRIP
    legal_basis = "Order No. 883 of 25.08.2015; order No. 158 of 20.05.2025"

    @factory.post_generation
    def routes(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.routes.set(extracted)


class TariffCaseFactory(DjangoModelFactory[TariffCase]):
    class Meta:
        model = TariffCase

    contract = factory.SubFactory(SubsidyContractFactory)
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 3, 31)
    cost_method = engine.ITEMIZED


class RoutePeriodDataFactory(DjangoModelFactory[RoutePeriodData]):
    class Meta:
        model = RoutePeriodData

    case = factory.SubFactory(TariffCaseFactory)
    route = factory.SubFactory(RouteFactory)
    planned_km = Decimal("100000")
    actual_km = Decimal("100000")
    gps_km = Decimal("100000")
    trips_planned = 4000
    trips_completed = 3960
    passengers_paying = Decimal("150000")
    passengers_benefit = Decimal("30000")
    passenger_km = Decimal("1260000")
    e_ticket_validations = Decimal("150000")
    fuel_litres = Decimal("40000")
    headcount = Decimal("20")
    wage_fund = Decimal("9000000")
    depreciation = Decimal("8000000")
    depreciation_register = Decimal("8000000")
    other_revenue = Decimal("500000")


class CostLineFactory(DjangoModelFactory[CostLine]):
    class Meta:
        model = CostLine

    case = factory.SubFactory(TariffCaseFactory)
    route = factory.SubFactory(RouteFactory)
    item = engine.INSURANCE
    amount = Decimal("1000000")


def create_norms(
    values: dict[str, tuple[str, str]] | None = None, *, valid_from: dt.date = dt.date(2024, 1, 1)
) -> list[TariffNorm]:
    return [
        TariffNorm.objects.create(
            code=code,
            value=Decimal(value),
            unit=unit,
            legal_source="Test methodology, item 1",
            valid_from=valid_from,
        )
        for code, (value, unit) in (values or ALMATY_NORMS).items()
    ]


def case_with_routes(n: int, **case_kwargs: Any) -> TariffCase:
    """A case with `n` routes of figures, each with insurance and dispatching lines."""
    routes = RouteFactory.create_batch(n)
    contract = SubsidyContractFactory(routes=routes)
    case = TariffCaseFactory(contract=contract, **case_kwargs)
    for route in routes:
        RoutePeriodDataFactory(case=case, route=route)
        CostLineFactory(case=case, route=route, item=engine.INSURANCE, amount=Decimal("1000000"))
        CostLineFactory(case=case, route=route, item=engine.DISPATCHING, amount=Decimal("1500000"))
    return case
