"""Demo tariff cases: the published Omsk reference example and an Almaty-like city bus route.

The Omsk figures are those of TARIFFS.md (decision of 30.12.2015, Novovarshavsky district; cost per
vehicle-km 26.50, fare per passenger-km 1.92, amounts in roubles). The Almaty route is illustrative:
card fare 100 tenge, justified cost of a paying trip about 310 tenge.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

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

OMSK_SOURCE = "Решение от 30.12.2015, Нововаршавский муниципальный район Омской области (справочный пример)"
ALMATY_SOURCE = (
    "Методика расчёта тарифов на регулярные перевозки, приказ № 614 от 13.10.2011 (значение параметра)"
)
ALMATY_NORMS = {
    engine.FUEL_RATE: ("40", "л/100 км"),
    engine.FUEL_PRICE: ("300", "₸/л"),
    engine.LUBRICANTS_PCT: ("5", "%"),
    engine.TYRES_PER_KM: ("12", "₸/км"),
    engine.MAINTENANCE_PER_KM: ("60", "₸/км"),
    engine.PAYROLL_TAX_PCT: ("11", "%"),
    engine.WAGE_RATE: ("450000", "₸ за квартал"),
    engine.OVERHEAD_PCT: ("10", "%"),
    engine.PROFIT_PCT: ("5", "%"),
    engine.KM_TOLERANCE_PCT: ("2", "%"),
    engine.GPS_TOLERANCE_PCT: ("1", "%"),
    engine.TRIPS_THRESHOLD_PCT: ("95", "%"),
    engine.FUEL_TOLERANCE_PCT: ("5", "%"),
    engine.PASSENGERS_TOLERANCE_PCT: ("2", "%"),
}


def _norm(code: str, value: str, unit: str, source: str, start: dt.date, end: dt.date | None) -> TariffNorm:
    norm, _ = TariffNorm.objects.update_or_create(
        code=code,
        valid_from=start,
        defaults={"value": Decimal(value), "unit": unit, "legal_source": source, "valid_to": end},
    )
    return norm


def _omsk(expert: Any) -> None:
    _norm(engine.COST_PER_KM, "26.50", "руб./км", OMSK_SOURCE, dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    _norm(engine.PROFIT_PCT, "0", "%", OMSK_SOURCE, dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    carrier, _ = Carrier.objects.get_or_create(name="Перевозчик Нововаршавского района (справочный пример)")
    routes = [
        Route.objects.update_or_create(
            number="OMSK-1", defaults={"name": "Нововаршавка – Черлакское", "length_km": Decimal("60.00")}
        )[0],
        Route.objects.update_or_create(
            number="OMSK-2", defaults={"name": "Нововаршавка – ст. Иртышская", "length_km": Decimal("45.00")}
        )[0],
    ]
    contract, _ = SubsidyContract.objects.update_or_create(
        number="OMSK-2015",
        defaults={
            "carrier": carrier,
            "period_start": dt.date(2015, 1, 1),
            "period_end": dt.date(2015, 12, 31),
            "fare": Decimal("1.92"),
            "fare_basis": engine.PER_PKM,
            "legal_basis": OMSK_SOURCE,
        },
    )
    contract.routes.set(routes)
    case, _ = TariffCase.objects.update_or_create(
        contract=contract,
        period_start=dt.date(2015, 1, 1),
        defaults={
            "period_end": dt.date(2015, 12, 31),
            "assigned_expert": expert,
            "cost_method": engine.PER_KM_METHOD,
            "netting": False,
            "conclusion": "Справочный пример для сверки расчёта: суммы в рублях.",
        },
    )
    for route, km, pkm in ((routes[0], "128092", "1630627"), (routes[1], "163362", "2639510")):
        RoutePeriodData.objects.update_or_create(
            case=case, route=route, defaults={"actual_km": Decimal(km), "passenger_km": Decimal(pkm)}
        )


# The carrier's cost lines as claimed (tenge for the quarter): the first quarter claims its actual km and fuel,
# a wage fund above headcount × rate and a non-route cost; the second is close to the norms.
Q1_CLAIM = {
    engine.FUEL: "12540000",
    engine.LUBRICANTS: "627000",
    engine.TYRES: "1218000",
    engine.MAINTENANCE: "6090000",
    engine.WAGES: "9400000",
    engine.PAYROLL_TAXES: "1034000",
    engine.DEPRECIATION: "8000000",
    engine.INSURANCE: "1000000",
    engine.DISPATCHING: "1500000",
    engine.OVERHEAD: "4140900",
    engine.NON_ROUTE: "350000",
}
Q2_CLAIM = {
    engine.FUEL: "12180000",
    engine.LUBRICANTS: "609000",
    engine.TYRES: "1202400",
    engine.MAINTENANCE: "6012000",
    engine.WAGES: "9000000",
    engine.PAYROLL_TAXES: "990000",
    engine.DEPRECIATION: "8000000",
    engine.INSURANCE: "1000000",
    engine.DISPATCHING: "1450000",
    engine.OVERHEAD: "4044340",
}


def _claim(
    case: TariffCase, route: Route, lines: dict[str, str], *, discrepancy: Decimal = Decimal(0)
) -> None:
    """The carrier's cost lines and the subsidy it claims: reproduced from its own figures, plus `discrepancy`."""
    from expertise.tariffs.calculation import case_norms, case_terms, norm_set, route_input

    for item, amount in lines.items():
        CostLine.objects.update_or_create(
            case=case, route=route, item=item, defaults={"amount": Decimal(amount)}
        )
    data = RoutePeriodData.objects.select_related("route").get(case=case, route=route)
    terms = case_terms(case)
    claimed = (
        engine.claimed_calculation(
            route_input(data, list(CostLine.objects.filter(case=case, route=route))),
            norms=norm_set(case_norms(case)),
            fare=terms.fare,
            fare_basis=terms.fare_basis,
        ).subsidy_by_cost.quantize(Decimal("0.01"))
        + discrepancy
    )
    data.claimed_subsidy = claimed
    data.save(update_fields=["claimed_subsidy", "updated_at"])
    case.claimed_subsidy = claimed
    case.save(update_fields=["claimed_subsidy", "updated_at"])


def _almaty(expert: Any) -> None:
    for code, (value, unit) in ALMATY_NORMS.items():
        _norm(code, value, unit, ALMATY_SOURCE, dt.date(2025, 1, 1), None)
    carrier, _ = Carrier.objects.get_or_create(
        name="ТОО «Городской автобусный парк» (демо)", defaults={"bin": "250140000001"}
    )
    route, _ = Route.objects.update_or_create(
        number="92",
        defaults={"name": "мкр. Шанырак – ж/д вокзал Алматы-2 (демо)", "length_km": Decimal("25.00")},
    )
    contract, _ = SubsidyContract.objects.update_or_create(
        number="ALA-2025-092",
        defaults={
            "carrier": carrier,
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 12, 31),
            "fare": Decimal("100"),
            "fare_basis": engine.PER_TRIP,
            "cap_amount": Decimal("40000000"),
            "legal_basis": "Правила субсидирования, приказ № 883 от 25.08.2015; типовой договор, приказ № 158 от 20.05.2025",
        },
    )
    contract.routes.set([route])
    case, _ = TariffCase.objects.update_or_create(
        contract=contract,
        period_start=dt.date(2025, 1, 1),
        defaults={
            "period_end": dt.date(2025, 3, 31),
            "assigned_expert": expert,
            "cost_method": engine.ITEMIZED,
            "netting": False,
        },
    )
    RoutePeriodData.objects.update_or_create(
        case=case,
        route=route,
        defaults={
            "planned_km": Decimal("100000"),
            "actual_km": Decimal("101500"),
            "gps_km": Decimal("99800"),
            "trips_planned": 4000,
            "trips_completed": 3930,
            "passengers_paying": Decimal("146000"),
            "passengers_benefit": Decimal("30000"),
            "passenger_km": Decimal("1226400"),
            "e_ticket_validations": Decimal("150000"),
            "fuel_litres": Decimal("41800"),
            "headcount": Decimal("20"),
            "wage_fund": Decimal("9400000"),
            "depreciation": Decimal("8000000"),
            "depreciation_register": Decimal("8000000"),
            "non_route_costs": Decimal("0"),
            "other_revenue": Decimal("500000"),
        },
    )
    _claim(case, route, Q1_CLAIM, discrepancy=Decimal("150000"))
    # The second quarter, still a draft, so the case page charts two periods of the contract.
    second, _ = TariffCase.objects.update_or_create(
        contract=contract,
        period_start=dt.date(2025, 4, 1),
        defaults={
            "period_end": dt.date(2025, 6, 30),
            "assigned_expert": expert,
            "cost_method": engine.ITEMIZED,
            "netting": False,
        },
    )
    RoutePeriodData.objects.update_or_create(
        case=second,
        route=route,
        defaults={
            "planned_km": Decimal("101000"),
            "actual_km": Decimal("100200"),
            "gps_km": Decimal("100050"),
            "trips_planned": 4040,
            "trips_completed": 3985,
            "passengers_paying": Decimal("152000"),
            "passengers_benefit": Decimal("31000"),
            "passenger_km": Decimal("1276800"),
            "e_ticket_validations": Decimal("153100"),
            "fuel_litres": Decimal("40600"),
            "headcount": Decimal("20"),
            "wage_fund": Decimal("9000000"),
            "depreciation": Decimal("8000000"),
            "depreciation_register": Decimal("8000000"),
            "non_route_costs": Decimal("0"),
            "other_revenue": Decimal("520000"),
        },
    )
    _claim(second, route, Q2_CLAIM)
    if case.status == TariffCase.Status.DRAFT:
        # The first quarter is issued: its checks are recorded and its norms frozen, as an expert would leave it.
        from expertise.tariffs.services import SUBMIT, VERIFY, tariff_case_transition

        tariff_case_transition(case=case, action=SUBMIT, actor=expert)
        tariff_case_transition(
            case=case,
            action=VERIFY,
            actor=expert,
            conclusion=(
                "Субсидия подтверждена с корректировками: пробег сверх допуска, пассажиры по валидациям, фонд оплаты "
                "труда по штатной численности, затраты непрофильной деятельности исключены."
            ),
            unchecked_reason=(
                "Перевозчик не представил часть исходных данных; субсидия подтверждена по проверкам, которые удалось "
                "провести, недостающие данные запрошены к следующему периоду."
            ),
        )


def load(ctx: dict[str, Any]) -> None:
    expert = ctx["users"]["expert"]
    _omsk(expert)
    _almaty(expert)
